import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BackupPlans, EBS_VOLUMES } from '../../constructs/backup-plans';
import { awsCronForInterval } from '../../lib/schedule';
import { TierVaults } from '../../constructs/backup-vaults';
import { KeyRing } from '../../constructs/keys';
import type { MechanismSpec } from '../../lib/model';
import type { CatalogPlan } from '../../lib/catalog-plan';
import { asset, baseDoc, catalogOf, planOf, testStacks, withMechanisms } from './support';

const LOCK = { mode: 'compliance', minRetentionDays: 1, maxRetentionDays: 100 } as const;
const snapshot = (
  intervalHours: number,
  retentionDays = 14,
  resourceType: 'RDS' | 'EBS' | 'S3' = 'RDS',
): MechanismSpec => ({
  id: 'backup-snapshot',
  resourceType,
  intervalSeconds: intervalHours * 3600,
  startWindowSeconds: 3600,
  completionWindowSeconds: 7200,
  retentionDays,
  vaultLock: LOCK,
});

function fixture(): CatalogPlan {
  const doc = baseDoc();
  doc.assets.push(
    asset('orders', 'postgres', '15m', '30m'),
    asset('ledger', 'postgres', '4h', '30m'),
    asset('media', 'object-store', '0', '10m'),
    asset('sessions', 'redis', '1h', '5m'),
    asset('stats', 'postgres', '24h', '4h', { tier: 'bronze' }),
    asset('keys', 'secret', '0', '5m'),
  );
  // Redis keeps its AUTH password in a secret its clients read: web owns sessions and reads keys.
  doc.services[0]!.dependsOn = ['keys'];
  doc.drills = [
    { id: 'pitr', name: 'PITR', kind: 'pitr-restore', frequency: 'quarterly', owner: 'ops', assets: ['orders'] },
  ];
  return planOf(doc);
}

function replace(plan: CatalogPlan, id: string, specs: MechanismSpec[]): CatalogPlan {
  return { ...plan, assets: new Map([...plan.assets, [id, withMechanisms(plan.assets.get(id)!, specs)]]) };
}

function build(plan: CatalogPlan) {
  const { primary } = testStacks(plan);
  const naming = plan.catalog.naming;
  const vaults = new TierVaults(primary, 'Vaults', {
    catalog: plan.catalog,
    naming,
    key: new KeyRing(primary, 'Keys', { naming }).key('backup'),
  });
  const resources = new Map(
    plan.catalog.assets.filter((a) => a.kind !== 'redis').map((a) => [a.id, `arn:aws:test:::${a.id}`] as const),
  );
  const role = new iam.Role(primary, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
  const plans = new BackupPlans(primary, 'Plans', { plan, naming, vaults, resources, role });
  return { t: Template.fromStack(primary), plans };
}

describe('awsCronForInterval: the schedule encodes the planned interval (BKP-1)', () => {
  test.each([
    [24, 3, 'cron(0 3 * * ? *)'],
    [12, 3, 'cron(0 3/12 * * ? *)'],
    [6, 3, 'cron(0 3/6 * * ? *)'],
    [1, 3, 'cron(0 0/1 * * ? *)'],
  ])('every %i h from %i:00 → %s', (hours, hour, cron) => expect(awsCronForInterval(hours * 3600, hour)).toBe(cron));

  test.each([1800, 5 * 3600, 48 * 3600])('refuses %i s', (s) =>
    expect(() => awsCronForInterval(s, 3)).toThrow(/whole number of hours dividing 24/),
  );
});

describe('TierVaults: one locked vault per tier', () => {
  test('compliance lock with ChangeableForDays, governance without; deletion denied but to break-glass; retained', () => {
    const { t } = build(fixture());
    t.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BackupVaultName: 'acme-test-gold',
        LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 100, ChangeableForDays: 3 },
        AccessPolicy: {
          Version: '2012-10-17',
          Statement: [
            Match.objectLike({
              Effect: 'Deny',
              Principal: '*',
              Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
              Condition: {
                ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/acme-test-break-glass' },
              },
            }),
          ],
        },
        BackupVaultTags: { 'dr:tier': 'gold', 'dr:role': 'backup-vault' },
      }),
    });
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'acme-test-bronze',
      LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 100, ChangeableForDays: Match.absent() },
    });
  });

  test('the sandbox profile locks every vault in governance mode', () => {
    const doc = baseDoc();
    doc.profile = 'sandbox';
    doc.assets.push(asset('orders', 'postgres', '15m', '30m'));
    const { t } = build(planOf(doc));
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'acme-test-gold',
      LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 100, ChangeableForDays: Match.absent() },
    });
  });
});

describe('BackupPlans: one plan per tier and rule set', () => {
  test('assets with the same rules share a plan; continuous and snapshot rule sets get their own', () => {
    const { t, plans } = build(fixture());
    expect(Object.fromEntries(plans.planOf)).toEqual({
      orders: 'acme-test-gold-continuous',
      ledger: 'acme-test-gold-every-24h',
      media: 'acme-test-gold-every-24h',
      sessions: 'acme-test-gold-every-24h',
      stats: 'acme-test-bronze-every-24h',
    });
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'acme-test-gold-continuous',
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'continuous',
            EnableContinuousBackup: true,
            Lifecycle: { DeleteAfterDays: 14 },
            TargetBackupVault: 'acme-test-gold',
          }),
        ],
      },
    });
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'acme-test-gold-every-24h',
        BackupPlanRule: [
          {
            RuleName: 'every-24h',
            ScheduleExpression: 'cron(0 3 * * ? *)',
            StartWindowMinutes: 60,
            CompletionWindowMinutes: 120,
            Lifecycle: { DeleteAfterDays: 14 },
            TargetBackupVault: 'acme-test-gold',
          },
        ],
      },
    });
  });

  test('stack resources are selected by ARN; Redis volumes by the dr:asset tag with PascalCase condition keys', () => {
    const { t } = build(fixture());
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        SelectionName: 'resources',
        Resources: ['arn:aws:test:::ledger', 'arn:aws:test:::media'],
      }),
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        SelectionName: 'ebs-sessions',
        Resources: [EBS_VOLUMES],
        Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/dr:asset', ConditionValue: 'sessions' }] },
      }),
    });
  });

  test('a copy action names the DR vault by ARN and keeps its own retention', () => {
    const plan = replace(fixture(), 'ledger', [
      { id: 'rds-multi-az-instance', deletionProtection: true },
      { id: 'rds-automated-backups', retentionDays: 14, deleteAutomatedBackups: false },
      snapshot(12),
      {
        id: 'backup-copy',
        resourceType: 'RDS',
        ruleIntervalSeconds: 12 * 3600,
        ruleCompletionWindowSeconds: 7200,
        retentionDays: 30,
        vaultLock: LOCK,
      },
    ]);
    const { t } = build(plan);
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'acme-test-gold-every-12h-copy',
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: 'cron(0 3/12 * * ? *)',
            CopyActions: [
              {
                DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:222222222222:backup-vault:acme-test-gold',
                Lifecycle: { DeleteAfterDays: 30 },
              },
            ],
          }),
        ],
      },
    });
  });

  describe('a continuous rule beside a snapshot rule and a copy (BKP-26, BKP-28, BKP-29)', () => {
    const continuous: MechanismSpec = {
      id: 'backup-continuous',
      resourceType: 'RDS',
      retentionDays: 14,
      vaultLock: LOCK,
    };
    const copy = (hours: number): MechanismSpec => ({
      id: 'backup-copy',
      resourceType: 'RDS',
      ruleIntervalSeconds: hours * 3600,
      ruleCompletionWindowSeconds: 7200,
      retentionDays: 14,
      vaultLock: LOCK,
    });
    const rds = [
      { id: 'rds-multi-az-instance', deletionProtection: true },
      { id: 'rds-backup-replication', retentionDays: 14 },
    ] as MechanismSpec[];

    test('the copy goes on the continuous rule; the snapshot rule starts after its completion window, not beside it', () => {
      const { t } = build(replace(fixture(), 'orders', [...rds, continuous, snapshot(24), copy(24)]));
      const plans = Object.values(t.findResources('AWS::Backup::BackupPlan')).map(
        (p) => p.Properties.BackupPlan as { BackupPlanName: string; BackupPlanRule: Record<string, unknown>[] },
      );
      const rules = plans.find((p) => p.BackupPlanName === 'acme-test-gold-continuous-every-24h-copy')!.BackupPlanRule;
      expect(rules.map((r) => [r.RuleName, r.ScheduleExpression, r.StartWindowMinutes, 'CopyActions' in r])).toEqual([
        ['continuous', 'cron(0 3 * * ? *)', 60, true],
        // The tier's completion window is 2 h: 03:00 + 2 h.
        ['every-24h', 'cron(0 5 * * ? *)', 60, false],
      ]);
    });

    test('a snapshot rule that cannot avoid the continuous rule (hourly) and keeps points as long is refused', () => {
      expect(() => build(replace(fixture(), 'orders', [...rds, continuous, snapshot(1), copy(24)]))).toThrow(
        /rule 'continuous' copies to the DR Region, but its start window overlaps rule 'every-1h' \(cron\(0 0\/1 \* \* \? \*\)\), kept as long: AWS Backup may run only that one/,
      );
      // Kept shorter, the hourly rule gives way to the continuous one (BKP-26): allowed.
      expect(() => build(replace(fixture(), 'orders', [...rds, continuous, snapshot(1, 7), copy(24)]))).not.toThrow();
    });
  });

  test('fails at synth when a rule retention is outside the vault lock (AWS would fail the jobs only at run time)', () => {
    const plan = replace(fixture(), 'ledger', [
      { id: 'rds-multi-az-instance', deletionProtection: true },
      { id: 'rds-automated-backups', retentionDays: 14, deleteAutomatedBackups: false },
      snapshot(24, 365),
    ]);
    expect(() => build(plan)).toThrow(
      /'ledger' backup-snapshot retention 365 d is outside the gold vault lock \(1–100 d\)/,
    );
  });

  test('fails when the plan assumed another lock than the vault has', () => {
    const plan = replace(fixture(), 'ledger', [
      {
        ...(snapshot(24) as Extract<MechanismSpec, { id: 'backup-snapshot' }>),
        vaultLock: { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 100 },
      },
    ]);
    expect(() => build(plan)).toThrow(
      /planned for a governance lock 1–100 d, but the gold vault has compliance 1–100 d/,
    );
  });

  test('fails on a copy without its rule, and on a backed-up asset with no resource', () => {
    const orphan = replace(fixture(), 'ledger', [
      snapshot(24),
      {
        id: 'backup-copy',
        resourceType: 'RDS',
        ruleIntervalSeconds: 3600,
        ruleCompletionWindowSeconds: 7200,
        retentionDays: 14,
        vaultLock: LOCK,
      },
    ]);
    expect(() => build(orphan)).toThrow(/'backup-copy' follows a 1 h rule the plan does not have/);
    const plan = fixture();
    const { primary } = testStacks(plan);
    const naming = plan.catalog.naming;
    const vaults = new TierVaults(primary, 'Vaults', {
      catalog: plan.catalog,
      naming,
      key: new KeyRing(primary, 'Keys', { naming }).key('backup'),
    });
    const role = new iam.Role(primary, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
    expect(() => new BackupPlans(primary, 'Plans', { plan, naming, vaults, resources: new Map(), role })).toThrow(
      /asset 'orders' has backup rules but no resource/,
    );
  });

  test('refuses a schedule hour outside the day', () => {
    const plan = fixture();
    const { primary } = testStacks(plan);
    const naming = plan.catalog.naming;
    const vaults = new TierVaults(primary, 'Vaults', {
      catalog: catalogOf(baseDoc()),
      naming,
      key: new KeyRing(primary, 'Keys', { naming }).key('backup'),
    });
    const role = new iam.Role(primary, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
    expect(
      () =>
        new BackupPlans(primary, 'Plans', { plan, naming, vaults, resources: new Map(), role, scheduleHourUtc: 24 }),
    ).toThrow(/`scheduleHourUtc` must be 0–23, got 24/);
  });
});
