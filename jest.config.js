/**
 * Two projects: `unit` (everything that builds what it needs itself) and `synth` (suites named `*.synth.test.ts`,
 * which read the one synthesized app that test/support/global-setup.ts builds or takes from its cache). Running a unit
 * suite alone (`npx jest test/model/assess.test.ts`) never synthesizes the app.
 */
// The AWS SDK warns once per process that its 2027 releases need Node ≥ 22 (README says so); in the suite's dozens of
// workers that is noise around the results.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Every scratch file of one run — the folders CDK and cdk8s make for an app without an outdir, the tests' own — goes
// under one folder that test/support/global-teardown.ts removes; the workers inherit TMPDIR, which os.tmpdir() reads.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
// DR_TEST_CACHE_TMPDIR is the machine's own temporary folder, for the few caches that must sit outside the repository
// and outlive a run (test/package/pack.test.ts).
if (!process.env.DR_TEST_TMPDIR) {
  process.env.DR_TEST_CACHE_TMPDIR = tmpdir();
  process.env.DR_TEST_TMPDIR = mkdtempSync(join(tmpdir(), 'dr-jest-'));
  process.env.TMPDIR = process.env.DR_TEST_TMPDIR;
}

// A larger young generation for the workers (and the processes tests start): a test file allocates much that dies
// young, and with V8's default 16 MB a worker spent about a tenth of its time in scavenges (docs/benchmarks.md).
if (!/--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? '')) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=64`.trim();
}

const shared = {
  testEnvironment: '<rootDir>/test/support/worker-environment.js',
  // .ts before .js: bin/dr.js is the npm shim, bin/dr.ts the command.
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  snapshotSerializers: ['<rootDir>/test/support/strip-asset-hashes.js'],
  setupFiles: ['<rootDir>/test/support/quiet-cdk.ts'],
  runtime: '<rootDir>/test/support/worker-runtime.js',
  // examples/ import the library by its package name, as a user's app does: here it is this repository's source.
  moduleNameMapper: { '^dr-targets-as-code$': '<rootDir>/index.ts' },
};

/** @type {import('jest').Config} */
module.exports = {
  // Three workers on CI's two cores: several suites wait on a child process or a local server (redis-server, the
  // synth entry, the AWS Backup stand-in), and a third worker computes meanwhile (measured: docs/benchmarks.md).
  maxWorkers: 3,
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.synth\\.test\\.ts$'] },
    {
      ...shared,
      displayName: 'synth',
      testMatch: ['**/*.synth.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
