import { ecrReplicationFor, readEcrReplication } from '../../../lib/checker/readers/ecr-replication';
import { readSecret } from '../../../lib/checker/readers/secret';
import { resource } from '../helpers';

describe('readSecret: replica Regions from AWS::SecretsManager::Secret', () => {
  test('replica Regions, sorted and once', () => {
    expect(
      readSecret(
        resource('AWS::SecretsManager::Secret', {
          ReplicaRegions: [{ Region: 'us-west-2' }, { Region: 'eu-west-1', KmsKeyId: 'k' }, { Region: 'us-west-2' }],
        }),
      ),
    ).toEqual({
      id: 'secrets-manager',
      replicaRegions: ['eu-west-1', 'us-west-2'],
    });
  });
  test('no ReplicaRegions: no replica', () => {
    expect(readSecret(resource('AWS::SecretsManager::Secret', {})).replicaRegions).toEqual([]);
  });
});

describe('readEcrReplication: which repositories replicate where', () => {
  const config = resource('AWS::ECR::ReplicationConfiguration', {
    ReplicationConfiguration: {
      Rules: [
        {
          Destinations: [{ Region: 'us-west-2', RegistryId: '123' }],
          RepositoryFilters: [{ Filter: 'shop/', FilterType: 'PREFIX_MATCH' }],
        },
        { Destinations: [{ Region: 'eu-central-1', RegistryId: '123' }] },
      ],
    },
  });
  test('a prefix filter matches repositories starting with it; a rule without filters matches all', () => {
    const rules = readEcrReplication(config);
    expect(ecrReplicationFor('shop/web', rules)).toEqual({
      id: 'ecr-replication',
      regions: ['eu-central-1', 'us-west-2'],
    });
    expect(ecrReplicationFor('other/web', rules)).toEqual({ id: 'ecr-replication', regions: ['eu-central-1'] });
  });
  test('a repository no rule matches is not replicated', () => {
    const rules = readEcrReplication(
      resource('AWS::ECR::ReplicationConfiguration', {
        ReplicationConfiguration: {
          Rules: [
            {
              Destinations: [{ Region: 'us-west-2' }],
              RepositoryFilters: [{ Filter: 'shop/', FilterType: 'PREFIX_MATCH' }],
            },
          ],
        },
      }),
    );
    expect(ecrReplicationFor('other/web', rules)).toBeNull();
  });
});
