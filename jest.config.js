/**
 * Two projects: `unit` (everything that builds what it needs itself) and `synth` (suites named `*.synth.test.ts`,
 * which read the one synthesized app that test/support/global-setup.ts builds or takes from its cache). Running a unit
 * suite alone (`npx jest test/model/assess.test.ts`) never synthesizes the app.
 */
const shared = {
  testEnvironment: 'node',
  // .ts before .js: bin/dr.js is the npm shim, bin/dr.ts the command.
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  snapshotSerializers: ['<rootDir>/test/support/strip-asset-hashes.js'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Two workers match CI's two cores.
  maxWorkers: 2,
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
