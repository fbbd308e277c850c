import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AuditFrameworks } from '../../constructs/audit-frameworks';
import { TierVaults } from '../../constructs/backup-vaults';
import { KeyRing } from '../../constructs/keys';
import { RestoreTesting } from '../../constructs/restore-testing';
import type { CatalogPlan } from '../../lib/catalog-plan';
import { asset, baseDoc, planOf, testStacks } from './support';

function fixture(drillAssets = ['orders']): CatalogPlan {
  const doc = baseDoc();
  doc.assets.push(
    asset('orders', 'postgres', '15m', '25m'),
    asset('ledger', 'postgres', '4h', '30m'),
    asset('stats', 'postgres', '24h', '4h', { tier: 'bronze' }),
  );
  doc.drills = [
    {
      id: 'db-pitr',
      name: 'PITR',
      kind: 'pitr-restore',
      frequency: 'quarterly',
      owner: 'ops',
      assets: drillAssets,
      schedule: 'cron(0 6 ? 1,4,7,10 TUE#2 *)',
    },
  ];
  return planOf(doc);
}

function restoreTesting(plan: CatalogPlan) {
  const { primary } = testStacks(plan);
  const naming = plan.catalog.naming;
  const vaults = new TierVaults(primary, 'Vaults', {
    catalog: plan.catalog,
    naming,
    key: new KeyRing(primary, 'Keys', { naming }).key('backup'),
  });
  const role = new iam.Role(primary, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
  const resources = new Map(
    plan.catalog.assets.map((a) => [a.id, `arn:aws:rds:us-east-1:222222222222:db:${a.id}`] as const),
  );
  new RestoreTesting(primary, 'RestoreTesting', {
    plan,
    naming,
    vaults,
    resources,
    role,
    dbSubnetGroupName: 'acme-test-data',
  });
  return Template.fromStack(primary);
}

describe('RestoreTesting: the catalog PITR drill becomes a restore-testing plan', () => {
  test('schedule from the catalog, latest continuous point of the drill assets, restored into the data subnets', () => {
    const t = restoreTesting(fixture());
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'acme_test_db_pitr',
      ScheduleExpression: 'cron(0 6 ? 1,4,7,10 TUE#2 *)',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        RecoveryPointTypes: ['CONTINUOUS'],
        SelectionWindowDays: 14,
        IncludeVaults: [Match.anyValue()],
      },
    });
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'RDS',
      ProtectedResourceArns: ['arn:aws:rds:us-east-1:222222222222:db:orders'],
      RestoreMetadataOverrides: { dbsubnetgroupname: 'acme-test-data' },
    });
  });
});

describe('AuditFrameworks: Backup Audit Manager controls per tier', () => {
  function frameworks(plan: CatalogPlan) {
    const { primary } = testStacks(plan);
    const audit = new AuditFrameworks(primary, 'Audit', { plan, naming: plan.catalog.naming });
    return { t: Template.fromStack(primary), audit };
  }

  test('recovery-point age in whole hours from the model, restore time = RTO in minutes for drilled assets', () => {
    const { t, audit } = frameworks(fixture());
    // The daily rule promises interval + completion window = 26 h; continuous ≈ 5 min rounds up to 1 h.
    expect(audit.rounding.get('ledger')).toEqual([26 * 3600, 26]);
    expect(audit.rounding.get('orders')).toEqual([300, 1]);
    const age = (id: string, hours: string) =>
      Match.objectLike({
        ControlName: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
        ControlInputParameters: [
          { ParameterName: 'recoveryPointAgeUnit', ParameterValue: 'hours' },
          { ParameterName: 'recoveryPointAgeValue', ParameterValue: hours },
        ],
        ControlScope: { Tags: [{ Key: 'dr:asset', Value: id }] },
      });
    t.hasResourceProperties('AWS::Backup::Framework', {
      FrameworkName: 'acme_test_gold',
      FrameworkDescription: Match.stringLikeRegexp('rounded up to hours: orders 5m→1h'),
      FrameworkControls: Match.arrayWith([
        age('orders', '1'),
        Match.objectLike({
          ControlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
          ControlInputParameters: [{ ParameterName: 'maxRestoreTime', ParameterValue: '25' }],
        }),
        age('ledger', '26'),
        Match.objectLike({
          ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
          ControlInputParameters: [
            { ParameterName: 'minRetentionDays', ParameterValue: '1' },
            { ParameterName: 'maxRetentionDays', ParameterValue: '100' },
          ],
          ControlScope: { Tags: [{ Key: 'dr:tier', Value: 'gold' }] },
        }),
        Match.objectLike({ ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED' }),
        Match.objectLike({ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' }),
      ]),
    });
    // No copy is planned, so no cross-Region control is promised.
    expect(JSON.stringify(t.findResources('AWS::Backup::Framework'))).not.toContain(
      'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
    );
    t.resourceCountIs('AWS::Backup::Framework', 2);
  });

  test('stays within 50 controls per account and Region: past the quota, a tier’s other assets share its controls', () => {
    const doc = baseDoc();
    for (let i = 0; i < 50; i++) doc.assets.push(asset(`db${i}`, 'postgres', '4h', '30m'));
    const { t } = frameworks(planOf(doc));
    const controls = Object.values(t.findResources('AWS::Backup::Framework')).flatMap(
      (f) =>
        (f as { Properties: { FrameworkControls: { ControlScope?: { Tags?: { Key: string }[] } }[] } }).Properties
          .FrameworkControls,
    );
    expect(controls.length).toBeLessThanOrEqual(50);
    expect(controls.some((c) => c.ControlScope?.Tags?.[0]?.Key === 'dr:asset')).toBe(true);
    expect(controls.filter((c) => c.ControlScope?.Tags?.[0]?.Key === 'dr:tier').length).toBeGreaterThan(5);
  });
});

describe('RestoreTesting refuses what it cannot test', () => {
  test('a drill asset whose plan has no continuous rule', () => {
    const plan = fixture(['orders']);
    const broken = {
      ...plan,
      catalog: { ...plan.catalog, drills: plan.catalog.drills.map((d) => ({ ...d, assets: ['ledger'] })) },
    };
    expect(() => restoreTesting(broken)).toThrow(/restores 'ledger', whose plan has no RDS 'backup-continuous' rule/);
  });
});
