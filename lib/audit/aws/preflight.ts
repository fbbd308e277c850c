/**
 * Before `dr audit` or `dr drill --yes` reads anything: whose credentials, which account, and whether each Region's
 * AWS endpoints answer. One call per Region (STS GetCallerIdentity needs no permission), so a missing credential or an
 * unreachable network is one clear message instead of the same error on every read.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { errorText } from './clients';

export interface Identity {
  /** The account the credentials belong to: the one every read lands in. */
  readonly account: string;
  /** The caller, e.g. `arn:aws:sts::123456789012:assumed-role/dr-auditor/alice`. */
  readonly arn: string;
  /** The Regions that answered, in the order asked. */
  readonly regions: readonly string[];
}

/** AWS cannot be read: no credentials, credentials AWS rejects, or an endpoint that does not answer. Exit 2. */
export class AwsAccessError extends Error {}

/** Errors of the network, not of AWS: the request never got an answer. */
const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up/;
/** STS error codes that mean the credentials themselves are wrong. */
const REJECTED = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'AccessDenied',
  'AccessDeniedException',
]);

function networkCode(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK.test(code)) return code;
  if (e.name === 'TimeoutError' || NETWORK.test(e.message)) return e.name === 'TimeoutError' ? 'timeout' : e.message;
  return undefined;
}

/** Why AWS could not be read, in one sentence that says what to do. */
export function accessProblem(e: unknown, region: string): string {
  const name = e instanceof Error ? e.name : '';
  if (name === 'CredentialsProviderError' || /Could not load credentials/.test(errorText(e))) {
    return (
      'no AWS credentials found (the SDK tried the environment, the shared config and credentials files, SSO, ' +
      'the container and the instance metadata): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'
    );
  }
  const network = networkCode(e);
  if (network !== undefined) {
    return (
      `cannot reach AWS in ${region} (${network}): check the network, a proxy, or AWS_ENDPOINT_URL` +
      (process.env.AWS_ENDPOINT_URL ? ` (set to ${process.env.AWS_ENDPOINT_URL})` : '')
    );
  }
  if (REJECTED.has(name)) return `AWS rejected the credentials in ${region}: ${errorText(e)}`;
  return `cannot read AWS in ${region}: ${errorText(e)}`;
}

/**
 * Asks STS who the caller is, once per Region; the first failure stops it with `AwsAccessError`. Regional STS
 * endpoints answer in every Region enabled for the account, so a Region that is not enabled is named too.
 */
export async function preflight(sts: (region: string) => STSClient, regions: readonly string[]): Promise<Identity> {
  let identity: { account: string; arn: string } | undefined;
  for (const region of regions) {
    let out;
    try {
      out = await sts(region).send(new GetCallerIdentityCommand({}));
    } catch (e) {
      throw new AwsAccessError(accessProblem(e, region));
    }
    if (!out.Account || !out.Arn) throw new AwsAccessError(`STS in ${region} did not say which account the caller is`);
    if (identity && identity.account !== out.Account) {
      throw new AwsAccessError(
        `the credentials resolve to account ${identity.account} in ${regions[0]} but ${out.Account} in ${region}`,
      );
    }
    identity ??= { account: out.Account, arn: out.Arn };
  }
  if (!identity) throw new AwsAccessError('no Region to read');
  return { ...identity, regions: [...regions] };
}

/**
 * The account the resources are named for: `--account` or CDK_DEFAULT_ACCOUNT when given (and then it must be the
 * credentials' own: every list call reads the caller's account), else the credentials' account.
 */
export function accountFor(identity: Identity, chosen: { account: string; from: string } | undefined): string {
  if (chosen && chosen.account !== identity.account) {
    throw new AwsAccessError(
      `the credentials are of account ${identity.account} (${identity.arn}), but ${chosen.from} names ${chosen.account}: ` +
        `AWS Backup and RDS list the caller's own account, so use credentials of ${chosen.account} or drop ${chosen.from}`,
    );
  }
  return identity.account;
}

/** The line both commands print before they read: who, which account, which Regions. */
export function identityLine(identity: Identity): string {
  return `reading account ${identity.account} as ${identity.arn} in ${identity.regions.join(', ')}`;
}
