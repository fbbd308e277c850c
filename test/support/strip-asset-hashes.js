// Snapshot serializer: asset hashes change with every aws-cdk-lib upgrade and say nothing about behaviour.
const HASH = /[0-9a-f]{64}/g;
module.exports = {
  test: (value) => typeof value === 'string' && HASH.test(value),
  serialize: (value) => JSON.stringify(value.replace(HASH, '[HASH]')),
};
