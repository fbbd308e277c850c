/** `dr --version` prints the package's version and exits 0; the shim runs the current sources (bin/dr.js). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

test('dr --version and -V print the package version and exit 0', async () => {
  for (const flag of ['--version', '-V']) {
    const out: string[] = [];
    let code: number | undefined;
    const io: Io = { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`), exit: (c) => (code = c) };
    await run([flag], io);
    expect([flag, out, code]).toEqual([flag, [VERSION], 0]);
  }
});

test('the npm shim (bin/dr.js) builds what is stale, then runs it: --version through a fresh process', () => {
  const r = spawnSync(process.execPath, ['bin/dr.js', '--version'], { encoding: 'utf8' });
  expect([r.status, r.stdout.trim()]).toEqual([0, VERSION]);
});

test('dr starts without the AWS SDK: only the command that needs it (an audit, a drill) loads it', () => {
  // The shim has just built dist/bin/dr.js (above). Each run counts the SDK's modules loaded once the command is done.
  const sdkModulesAfter = (argv: string[]) => {
    const code = `require('./dist/bin/dr.js').run(${JSON.stringify(argv)}, {
      out() {}, err() {},
      exit(code) { console.log(code, Object.keys(require.cache).filter((f) => f.includes('/node_modules/@aws-sdk/')).length); },
    });`;
    const r = spawnSync(process.execPath, ['-e', code], {
      encoding: 'utf8',
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    return r.stdout.trim().split(' ').map(Number);
  };
  expect(sdkModulesAfter(['--version'])).toEqual([0, 0]);
  // dr check runs (and stops on a folder that is not there) without it.
  expect(
    sdkModulesAfter(['check', '--cdk-out', 'no-such-cdk.out', '--targets', 'test/fixtures/bookshop.yaml']),
  ).toEqual([2, 0]);
  // A catalog that is not there stops the audit before any request, once its module (and the SDK) has loaded.
  const [code, sdk] = sdkModulesAfter(['audit', '--targets', 'no-such-catalog.yaml']);
  expect(code).toBe(2);
  expect(sdk).toBeGreaterThan(0);
});
