/**
 * Stateful resources, their logical ids and their deletion/replacement policies, written out by hand. `jest -u` cannot
 * update this list: renaming a construct or losing a RETAIN fails CI instead of replacing or deleting a data store.
 */
import { template } from '../support/synthesized';

const RETAIN = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };

const PINNED: Record<string, Record<string, { type: string; DeletionPolicy: string; UpdateReplacePolicy: string }>> = {
  LomashWoodDrPrimary: {
    LomashOrdersDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashAuthDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashProductsDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashAppointmentsDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashCustomersDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashContentDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashNotificationsDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashAnalyticsDatabase: { type: 'AWS::RDS::DBInstance', ...RETAIN },
    LomashOrdersDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    LomashAuthDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    LomashProductsDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    LomashAppointmentsDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    LomashCustomersDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    LomashContentDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    LomashNotificationsDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    LomashAnalyticsDatabaseSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    AppSecretsSecret: { type: 'AWS::SecretsManager::Secret', ...RETAIN },
    S3MediaBucket: { type: 'AWS::S3::Bucket', ...RETAIN },
    RedisSnapshotsBucket: { type: 'AWS::S3::Bucket', ...RETAIN },
    AccessLogsBucket: { type: 'AWS::S3::Bucket', ...RETAIN },
    Tier1Vault: { type: 'AWS::Backup::BackupVault', ...RETAIN },
    Tier2Vault: { type: 'AWS::Backup::BackupVault', ...RETAIN },
    Tier3Vault: { type: 'AWS::Backup::BackupVault', ...RETAIN },
    RdsKey: { type: 'AWS::KMS::Key', ...RETAIN },
    S3Key: { type: 'AWS::KMS::Key', ...RETAIN },
    BackupKey: { type: 'AWS::KMS::Key', ...RETAIN },
    SecretsKey: { type: 'AWS::KMS::Key', ...RETAIN },
    OpsKey: { type: 'AWS::KMS::Key', ...RETAIN },
    EcrKey: { type: 'AWS::KMS::Key', ...RETAIN },
  },
  LomashWoodDrRecovery: {
    S3MediaBucket: { type: 'AWS::S3::Bucket', ...RETAIN },
    RedisSnapshotsBucket: { type: 'AWS::S3::Bucket', ...RETAIN },
    AccessLogsBucket: { type: 'AWS::S3::Bucket', ...RETAIN },
    RdsKey: { type: 'AWS::KMS::Key', ...RETAIN },
    S3Key: { type: 'AWS::KMS::Key', ...RETAIN },
    OpsKey: { type: 'AWS::KMS::Key', ...RETAIN },
  },
};

/** Types whose loss is data loss: every one of them in a template must be in the list above. */
const STATEFUL_TYPES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::S3::Bucket', 'AWS::Backup::BackupVault', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret'];

describe.each(Object.entries(PINNED))('stateful resources of %s', (stackName, pinned) => {
  const resources = template(stackName).Resources;

  test.each(Object.entries(pinned))('%s keeps its logical id, type and policies', (id, want) => {
    const got = resources[id];
    expect(got).toBeDefined();
    expect({ type: got!.Type, DeletionPolicy: got!.DeletionPolicy, UpdateReplacePolicy: got!.UpdateReplacePolicy }).toEqual(want);
  });

  test('no stateful resource is missing from the list', () => {
    const stateful = Object.entries(resources).filter(([, r]) => STATEFUL_TYPES.includes(r.Type)).map(([id]) => id);
    expect(stateful.sort()).toEqual(Object.keys(pinned).sort());
  });
});
