/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // .ts before .js: bin/dr.js is the npm shim, bin/dr.ts the command.
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  snapshotSerializers: ['<rootDir>/test/support/strip-asset-hashes.js'],
  // One synthesized app is shared per worker through test/support; two workers match CI's two cores.
  maxWorkers: 2,
  testTimeout: 120000,
};
