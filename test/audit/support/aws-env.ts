/**
 * Every test that builds an AWS client imports this first: fake credentials, no instance metadata, and every endpoint
 * on this machine (port 9, discard), so a request that no mock or local server answers fails here instead of leaving.
 */
const FAKE_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-for-tests',
  AWS_REGION: 'eu-west-2',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_MAX_ATTEMPTS: '3',
};

for (const [k, v] of Object.entries(FAKE_ENV)) process.env[k] = v;
for (const k of [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
]) {
  delete process.env[k];
}

export { FAKE_ENV };
