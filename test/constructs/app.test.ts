import { Match } from 'aws-cdk-lib/assertions';
import type { MechanismSpec } from '../../lib/model';
import { withAccount } from '../../lib/catalog';
import { planCatalog, type CatalogPlan } from '../../lib/catalog-plan';
import { asset, awsTemplates, baseDoc, planOf, withMechanisms } from './support';

function fixture(): CatalogPlan {
  const doc = baseDoc();
  doc.services.push({
    id: 'checkout',
    tier: 'gold',
    rpo: 'stateless',
    rto: '10m',
    notes: 'Pays.',
    owns: [],
    dependsOn: [],
  });
  doc.assets.push(
    asset('orders', 'postgres', '15m', '30m', { preDeploySnapshot: true }),
    asset('media', 'object-store', '0', '10m'),
    asset('sessions', 'redis', '1h', '5m'),
    asset('keys', 'secret', '0', '5m'),
  );
  // Redis keeps its AUTH password in a secret its clients read: web owns sessions and reads keys.
  doc.services[0]!.dependsOn = ['keys'];
  return planOf(doc);
}

describe('buildAwsApp: the two stacks of a small catalog', () => {
  const plan = fixture();
  const { primary, dr } = awsTemplates(plan);

  test('one ECR repository per service and one registry replication to the DR Region for the company prefix', () => {
    primary.resourceCountIs('AWS::ECR::Repository', 2);
    primary.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        RepositoryName: 'acme-test/checkout',
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
      }),
    });
    primary.hasResourceProperties('AWS::ECR::ReplicationConfiguration', {
      ReplicationConfiguration: {
        Rules: [
          {
            Destinations: [{ Region: 'us-west-2', RegistryId: '222222222222' }],
            RepositoryFilters: [{ Filter: 'acme-test/', FilterType: 'PREFIX_MATCH' }],
          },
        ],
      },
    });
  });

  test('replicas are created in the DR Region from a template there: immutable tags, its own ECR key, a custom role', () => {
    dr.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      // ECR adds the `/` (ECR-3): the template covers the replication filter `acme-test/`.
      Prefix: 'acme-test',
      AppliedFor: ['REPLICATION'],
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': ['EcrKey', 'Arn'] } },
      CustomRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EcrReplicaTemplateRole'), 'Arn'] },
    });
    dr.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/acme-test/ecr' });
    dr.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'ecr.amazonaws.com' } })],
      }),
    });
    dr.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          // AWS's custom policy for creation templates (ECR-4), scoped to the company's repositories and the key.
          Match.objectLike({
            Action: ['ecr:CreateRepository', 'ecr:PutLifecyclePolicy', 'ecr:ReplicateImage', 'ecr:TagResource'],
          }),
          Match.objectLike({
            Action: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:RetireGrant'],
            Resource: { 'Fn::GetAtt': ['EcrKey', 'Arn'] },
          }),
        ]),
      }),
    });
  });

  test('pods get roles through EKS Pod Identity with service accounts from lib/names', () => {
    const associations = Object.values(primary.findResources('AWS::EKS::PodIdentityAssociation')).map((r) => [
      r.Properties.Namespace,
      r.Properties.ServiceAccount,
    ]);
    expect(associations.sort()).toEqual([
      ['external-secrets', 'external-secrets'],
      ['shop', 'orders-pre-deploy-backup'],
      ['shop', 'sessions-rdb-shipping'],
    ]);
    primary.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'shop-prod' });
    primary.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-test-sessions-rdb-shipping',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
          }),
        ],
      },
    });
  });

  test('the pre-deploy role may start a backup into the tier vault and pass only the one-database service role', () => {
    primary.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'backup:StartBackupJob',
            Resource: 'arn:aws:backup:us-east-1:222222222222:backup-vault:acme-test-gold',
          }),
          Match.objectLike({
            Action: 'iam:PassRole',
            Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
          }),
        ]),
      },
    });
    primary.hasResourceProperties('AWS::IAM::Role', { RoleName: 'acme-test-orders-pre-deploy-backup-service' });
  });

  test('the Redis snapshot bucket pair replicates with RTC and carries the contract tags', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-test-redis-snapshots-222222222222-us-east-1',
      ReplicationConfiguration: Match.objectLike({
        Rules: [
          Match.objectLike({
            Destination: Match.objectLike({ ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } } }),
          }),
        ],
      }),
      Tags: Match.arrayWith([
        { Key: 'dr:asset', Value: 'redis-snapshots' },
        { Key: 'dr:role', Value: 'redis-snapshots' },
      ]),
    });
    dr.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-test-redis-snapshots-222222222222-us-west-2',
      ReplicationConfiguration: Match.absent(),
    });
  });

  test("app secrets replicate to the Regions of the plan, encrypted there with the DR stack's own key, by key ARN", () => {
    // A replica's key must be in the replica Region (OTH-10): the Recovery stack creates it, the primary names its ARN.
    dr.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/acme-test/secrets' });
    primary.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'acme-test/keys',
      ReplicaRegions: [
        {
          Region: 'us-west-2',
          KmsKeyId: {
            'Fn::GetStackOutput': Match.objectLike({ StackName: 'AcmeTestDrRecovery', Region: 'us-west-2' }),
          },
        },
      ],
    });
  });

  test('primary → DR replication names the replica key by key ARN; the failback rule keeps the alias ARN', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-test-media-222222222222-us-east-1',
      ReplicationConfiguration: Match.objectLike({
        Rules: [
          Match.objectLike({
            Destination: Match.objectLike({
              EncryptionConfiguration: {
                ReplicaKmsKeyID: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'AcmeTestDrRecovery' }) },
              },
            }),
          }),
        ],
      }),
    });
    // A key ARN here would make the Recovery stack depend on the primary, which depends on it (docs/aws.md).
    awsTemplates(plan, { failback: 'true' }).dr.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-test-media-222222222222-us-west-2',
      ReplicationConfiguration: Match.objectLike({
        Rules: [
          Match.objectLike({
            Destination: Match.objectLike({
              EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-east-1:222222222222:alias/acme-test/s3' },
            }),
          }),
        ],
      }),
    });
  });

  test('app secrets are created empty: with no GenerateSecretString or SecretString, no deploy can write over the values operators put', () => {
    const secrets = Object.values(
      primary.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'acme-test/keys' } }),
    );
    expect(secrets).toHaveLength(1);
    expect(Object.keys(secrets[0]!.Properties as object).sort()).toEqual([
      'Description',
      'KmsKeyId',
      'Name',
      'ReplicaRegions',
      'Tags',
    ]);
  });

  test('the DR → primary replication rules appear only in the failback phase', () => {
    const phase2 = awsTemplates(plan, { failback: 'true' });
    phase2.dr.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-test-media-222222222222-us-west-2',
      ReplicationConfiguration: Match.objectLike({
        Rules: [
          Match.objectLike({
            Id: 'to-primary',
            Destination: Match.objectLike({ Bucket: 'arn:aws:s3:::acme-test-media-222222222222-us-east-1' }),
          }),
        ],
      }),
    });
    dr.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-test-media-222222222222-us-west-2',
      ReplicationConfiguration: Match.absent(),
    });
  });

  test('the deploy account, resolved once before planning, is the one every name and stack uses', () => {
    const other = awsTemplates(planCatalog(withAccount(plan.catalog, '333333333333')));
    other.primary.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'acme-test-media-333333333333-us-east-1' });
    expect(() => withAccount(plan.catalog, '33')).toThrow(/expected a 12-digit AWS account id/);
  });

  test('a DR vault exists only for tiers whose plans copy there', () => {
    dr.resourceCountIs('AWS::Backup::BackupVault', 0);
    const p = plan.assets.get('orders')!;
    const copy: MechanismSpec = {
      id: 'backup-copy',
      resourceType: 'RDS',
      ruleIntervalSeconds: 86400,
      ruleCompletionWindowSeconds: 7200,
      retentionDays: 14,
      vaultLock: { mode: 'compliance', minRetentionDays: 1, maxRetentionDays: 100 },
    };
    const snap: MechanismSpec = {
      id: 'backup-snapshot',
      resourceType: 'RDS',
      intervalSeconds: 86400,
      startWindowSeconds: 3600,
      completionWindowSeconds: 7200,
      retentionDays: 14,
      vaultLock: copy.vaultLock,
    };
    const copied = {
      ...plan,
      assets: new Map([
        ...plan.assets,
        ['orders', withMechanisms(p, [...p.mechanisms.filter((m) => m.id !== 'backup-snapshot'), snap, copy])],
      ]),
    };
    awsTemplates(copied).dr.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'acme-test-gold',
      LockConfiguration: Match.objectLike({ ChangeableForDays: 3 }),
    });
  });
});
