import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Database, type DatabaseProps } from '../../constructs/database';
import { KeyRing } from '../../constructs/keys';
import type { MechanismSpec } from '../../lib/model';
import type { CatalogPlan } from '../../lib/catalog-plan';
import { asset, baseDoc, planOf, testStacks, withMechanisms } from './support';

function build(plan: CatalogPlan, id: string, override: Partial<DatabaseProps> = {}) {
  const { primary, dr } = testStacks(plan);
  const keys = new KeyRing(primary, 'Keys', { naming: plan.catalog.naming });
  const vpc = new ec2.Vpc(primary, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const subnetGroup = new rds.SubnetGroup(primary, 'Subnets', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    description: 'test',
  });
  const role = new iam.Role(primary, 'Monitoring', {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
  });
  const target = plan.catalog.assets.find((a) => a.id === id)!;
  const drKeys = new KeyRing(dr, 'Keys', { naming: plan.catalog.naming });
  new Database(primary, 'Db', {
    target,
    plan: plan.assets.get(id)!,
    naming: plan.catalog.naming,
    vpc,
    subnetGroup,
    keys,
    drRegion: plan.catalog.naming.drRegion,
    replicationKey: drKeys.key('rds'),
    secretReplicaKey: drKeys.key('secrets'),
    monitoringRole: role,
    ...override,
  });
  return Template.fromStack(primary);
}

function plans(): CatalogPlan {
  const doc = baseDoc();
  doc.assets.push(asset('orders', 'postgres', '15m', '30m'), asset('ledger', 'mysql', '24h', '4h', { tier: 'bronze' }));
  doc.drills = [
    { id: 'pitr', name: 'PITR', kind: 'pitr-restore', frequency: 'quarterly', owner: 'ops', assets: ['orders'] },
  ];
  return planOf(doc);
}

describe('Database: one RDS instance built from the plan', () => {
  const plan = plans();

  test('a Multi-AZ PostgreSQL instance whose PITR AWS Backup owns, kept on delete and replace', () => {
    // GIVEN a postgres asset with a PITR drill (the planner makes AWS Backup own PITR)
    // WHEN
    const t = build(plan, 'orders');
    // THEN
    t.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DBInstanceIdentifier: 'acme-test-orders',
        Engine: 'postgres',
        MultiAZ: true,
        DeletionProtection: true,
        DeleteAutomatedBackups: false,
        BackupRetentionPeriod: 14,
        // AWS Backup's continuous rule takes the backups over (RDS-40): no window of RDS's own.
        PreferredBackupWindow: Match.absent(),
        StorageEncrypted: true,
        PubliclyAccessible: false,
        Port: '5433',
        AutomaticBackupReplicationRegion: 'us-west-2',
        AutomaticBackupReplicationRetentionPeriod: 14,
        Tags: Match.arrayWith([
          { Key: 'dr:asset', Value: 'orders' },
          { Key: 'dr:tier', Value: 'gold' },
        ]),
      }),
    });
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
  });

  test("the master secret is named from lib/names, tagged with the asset, and replicated with the DR stack's key ARN", () => {
    const t = build(plan, 'orders');
    t.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Name: 'acme-test/db/orders',
        // The DR stack's own secrets key (OTH-10), by key ARN through a cross-Region reference: never an alias.
        ReplicaRegions: [
          {
            Region: 'us-west-2',
            KmsKeyId: { 'Fn::GetStackOutput': Match.objectLike({ Region: 'us-west-2', OutputName: Match.anyValue() }) },
          },
        ],
        Tags: Match.arrayWith([{ Key: 'dr:asset', Value: 'orders' }]),
      }),
    });
    t.hasResourceProperties(
      'AWS::SecretsManager::RotationSchedule',
      Match.objectLike({ RotationRules: { ScheduleExpression: 'rate(30 days)' } }),
    );
  });

  test('MySQL with RDS automated backups as PITR owner and TLS required', () => {
    const t = build(plan, 'ledger');
    t.hasResourceProperties(
      'AWS::RDS::DBInstance',
      Match.objectLike({
        Engine: 'mysql',
        Port: '3307',
        BackupRetentionPeriod: 14,
        DeleteAutomatedBackups: false,
        PreferredBackupWindow: '01:00-01:30',
      }),
    );
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { require_secure_transport: 'ON' } });
    // RDS for MySQL takes a full engine version; a bare major.minor fails CloudFormation validation (E9006).
    t.hasResourceProperties(
      'AWS::RDS::DBInstance',
      Match.objectLike({ Engine: 'mysql', EngineVersion: Match.stringLikeRegexp('^\\d+\\.\\d+\\.\\d+$') }),
    );
  });

  test('a single-AZ plan builds a single-AZ instance and no backup replication without the mechanism', () => {
    const p = plan.assets.get('ledger')!;
    const specs: MechanismSpec[] = [
      { id: 'rds-single-az', deletionProtection: true },
      { id: 'rds-automated-backups', retentionDays: 7, deleteAutomatedBackups: false },
    ];
    const t = build({ ...plan, assets: new Map([...plan.assets, ['ledger', withMechanisms(p, specs)]]) }, 'ledger');
    t.hasResourceProperties(
      'AWS::RDS::DBInstance',
      Match.objectLike({ MultiAZ: false, BackupRetentionPeriod: 7, AutomaticBackupReplicationRegion: Match.absent() }),
    );
  });

  test.each([
    [
      'a Multi-AZ DB cluster',
      [
        { id: 'rds-multi-az-cluster', deletionProtection: true },
        { id: 'rds-automated-backups', retentionDays: 7, deleteAutomatedBackups: false },
      ],
      /rds-multi-az-cluster/,
    ],
    [
      'no topology',
      [{ id: 'rds-automated-backups', retentionDays: 7, deleteAutomatedBackups: false }],
      /neither 'rds-single-az' nor 'rds-multi-az-instance'/,
    ],
    [
      'two PITR owners',
      [
        { id: 'rds-single-az', deletionProtection: true },
        { id: 'rds-automated-backups', retentionDays: 7, deleteAutomatedBackups: false },
        { id: 'backup-continuous', resourceType: 'RDS', retentionDays: 7, vaultLock: null },
      ],
      /PITR needs one owner/,
    ],
    ['no PITR owner', [{ id: 'rds-single-az', deletionProtection: true }], /no PITR owner/],
  ] as [string, MechanismSpec[], RegExp][])('refuses a plan with %s', (_, specs, error) => {
    const p = withMechanisms(plan.assets.get('ledger')!, specs);
    expect(() => build({ ...plan, assets: new Map([...plan.assets, ['ledger', p]]) }, 'ledger')).toThrow(error);
  });

  test('refuses a plan made for another asset', () => {
    expect(() => build(plan, 'ledger', { plan: plan.assets.get('orders')! })).toThrow(
      /`plan` is for 'orders' but `target` is 'ledger'/,
    );
  });

  test('a backup window is refused where an AWS Backup continuous rule owns the backups (RDS-40, RDS-41)', () => {
    expect(() => build(plan, 'orders', { backupWindow: '04:00-04:30' })).toThrow(
      /Database 'orders': `backupWindow` '04:00-04:30' cannot be set: an AWS Backup continuous rule owns its backups/,
    );
  });

  test('backup replication needs the DR key', () => {
    expect(() => build(plan, 'orders', { replicationKey: undefined })).toThrow(
      /'rds-backup-replication' but `replicationKey` is not set/,
    );
  });
});
