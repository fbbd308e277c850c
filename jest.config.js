/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  snapshotSerializers: ['<rootDir>/test/support/strip-asset-hashes.js'],
  // One synthesized app is shared per worker through test/support; two workers match CI's two cores.
  maxWorkers: 2,
  testTimeout: 120000,
};
