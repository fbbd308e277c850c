/**
 * DR-IMMUTABLE-BACKUP, DR-PITR-DRILL and the recovery-point-age controls on the hand-written backup snippets
 * (test/fixtures/checker/policy/backups*.template.json) against the fixture catalog: tier gold asks for immutable
 * backups, and `catalogWithDrill` adds a PITR restore drill of `orders`.
 */
import { fails } from '../../../lib/checker';
import { catalogWithDrill, cfnSnippet, ofRule, propsOf, run } from './snippets';

type Json = Record<string, unknown>;
const messages = (r: ReturnType<typeof run>, rule: string) => ofRule(r, rule).map((f) => f.message);

describe('DR-IMMUTABLE-BACKUP: every AWS Backup-able asset of a tier with immutableBackups has a rule into a locked vault', () => {
  test('compliant: orders (continuous) and media (daily) both write to the locked gold vault', () => {
    expect(messages(run({ stacks: [cfnSnippet('backups.template.json')] }), 'DR-IMMUTABLE-BACKUP')).toEqual([]);
  });

  test('non-compliant: the vault has no lock, so neither asset keeps a recovery point nobody can delete', () => {
    const r = run({ stacks: [cfnSnippet('backups-weak.template.json')] });
    const found = ofRule(r, 'DR-IMMUTABLE-BACKUP');
    expect(found.map((f) => [f.entry, f.severity, f.policy, f.resource?.logicalId])).toEqual([
      ['media', 'error', 'gold policy immutableBackups: true', 'MediaBucket'],
      ['orders', 'error', 'gold policy immutableBackups: true', 'OrdersDatabase'],
    ]);
    expect(found[1]!.message).toBe(
      'orders (ExampleDrPrimary/OrdersDatabase (AWS::RDS::DBInstance)): its rules write only to vaults without a lock: DailyPlan/every-24h → example-co-gold; ' +
        'gold policy immutableBackups: true requires at least one snapshot or continuous rule into a vault with a vault lock',
    );
    expect(found[1]!.fix).toMatch(/^set `LockConfiguration` on the vault the rule targets/);
    expect(fails(r.findings, false)).toBe(true);
  });

  test('non-compliant: an asset no rule selects at all', () => {
    const stack = cfnSnippet('backups.template.json');
    delete stack.resources.DailySelection;
    expect(messages(run({ stacks: [stack] }), 'DR-IMMUTABLE-BACKUP')).toEqual([
      'media (ExampleDrPrimary/MediaBucket (AWS::S3::Bucket)): no AWS Backup rule selects it; gold policy immutableBackups: true requires at least one snapshot or continuous rule into a vault with a vault lock',
    ]);
  });

  test('a copy into a locked vault does not count: the primary recovery point stays deletable', () => {
    const stack = cfnSnippet('backups-weak.template.json');
    const rule = ((propsOf(stack, 'DailyPlan').BackupPlan as Json).BackupPlanRule as Json[])[0]!;
    rule.CopyActions = [
      {
        DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:example-co-gold',
        Lifecycle: { DeleteAfterDays: 35 },
      },
    ];
    const dr = {
      ...cfnSnippet('backups.template.json'),
      name: 'ExampleDrRecovery',
      region: 'eu-west-1',
      resources: { GoldVault: cfnSnippet('backups.template.json').resources.GoldVault! },
    };
    expect(ofRule(run({ stacks: [stack, dr] }), 'DR-IMMUTABLE-BACKUP').map((f) => f.entry)).toEqual([
      'media',
      'orders',
    ]);
  });

  test('a tier without immutableBackups asks nothing', () => {
    const cat = catalogWithDrill();
    const relaxed = {
      ...cat,
      tiers: cat.tiers.map((t) => ({ ...t, policy: { ...t.policy, immutableBackups: false } })),
    };
    expect(
      messages(run({ stacks: [cfnSnippet('backups-weak.template.json')] }, relaxed), 'DR-IMMUTABLE-BACKUP'),
    ).toEqual([]);
  });
});

describe('DR-PITR-DRILL: a PITR-drill asset has AWS Backup continuous backup and a restore-testing selection', () => {
  test('compliant: a continuous rule selects orders, and a CONTINUOUS restore-testing plan over its vault covers it', () => {
    expect(
      messages(run({ stacks: [cfnSnippet('backups.template.json')] }, catalogWithDrill()), 'DR-PITR-DRILL'),
    ).toEqual([]);
  });

  test('without a drill nothing is asked', () => {
    expect(messages(run({ stacks: [cfnSnippet('backups-weak.template.json')] }), 'DR-PITR-DRILL')).toEqual([]);
  });

  test('non-compliant: only a snapshot rule, and a plan that restores snapshots', () => {
    const found = ofRule(
      run({ stacks: [cfnSnippet('backups-weak.template.json')] }, catalogWithDrill()),
      'DR-PITR-DRILL',
    );
    expect(found.map((f) => [f.entry, f.severity, f.policy, f.resource?.logicalId])).toEqual([
      ['orders', 'error', 'pitr-restore drill orders-pitr', 'OrdersDatabase'],
      ['orders', 'error', 'pitr-restore drill orders-pitr', 'OrdersDatabase'],
    ]);
    expect(found.map((f) => f.message)).toEqual([
      'orders (ExampleDrPrimary/OrdersDatabase (AWS::RDS::DBInstance)): no AWS Backup rule with `EnableContinuousBackup: true` selects it, so AWS Backup does not own its PITR; ' +
        'pitr-restore drill orders-pitr requires a continuous rule selecting it',
      'orders (ExampleDrPrimary/OrdersDatabase (AWS::RDS::DBInstance)): restore-testing plan example_co_orders_pitr restores only SNAPSHOT recovery points; ' +
        'pitr-restore drill orders-pitr requires a restore-testing plan restoring its continuous recovery points, with a selection covering it',
    ]);
  });

  const cases: [string, (s: ReturnType<typeof cfnSnippet>) => void, string][] = [
    [
      'the restore-testing selection removed',
      (s) => void delete s.resources.OrdersRestoreTestRds,
      'no AWS::Backup::RestoreTestingSelection of type RDS covers it',
    ],
    [
      'the selection covering another resource type',
      (s) => void (propsOf(s, 'OrdersRestoreTestRds').ProtectedResourceType = 'S3'),
      'no AWS::Backup::RestoreTestingSelection of type RDS covers it',
    ],
    [
      'the selection naming a plan the templates do not hold',
      (s) => void (propsOf(s, 'OrdersRestoreTestRds').RestoreTestingPlanName = 'elsewhere'),
      'restore-testing selection example_co_orders_pitr_rds names plan elsewhere, which the templates do not hold',
    ],
    [
      'the plan restoring from another vault',
      (s) =>
        void ((propsOf(s, 'OrdersRestoreTest').RecoveryPointSelection as Json).IncludeVaults = [
          'arn:aws:backup:eu-west-2:123456789012:backup-vault:other',
        ]),
      'restore-testing plan example_co_orders_pitr does not include vault example-co-gold',
    ],
  ];
  test.each(cases)('non-compliant: %s', (_name, edit, expected) => {
    const stack = cfnSnippet('backups.template.json');
    edit(stack);
    const found = messages(run({ stacks: [stack] }, catalogWithDrill()), 'DR-PITR-DRILL');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });

  test('compliant: the selection in another stack of the Region (a shard) names the plan; in the DR Region it covers nothing', () => {
    const stack = cfnSnippet('backups.template.json');
    const selection = stack.resources.OrdersRestoreTestRds!;
    delete stack.resources.OrdersRestoreTestRds;
    const arn = 'arn:aws:rds:eu-west-2:123456789012:db:example-co-orders';
    const shard = {
      ...cfnSnippet('backups.template.json'),
      name: 'ExampleDrPrimaryShard1',
      resources: {
        OrdersRestoreTestRds: { ...selection, Properties: { ...selection.Properties, ProtectedResourceArns: [arn] } },
      },
    };
    expect(messages(run({ stacks: [stack, shard] }, catalogWithDrill()), 'DR-PITR-DRILL')).toEqual([]);
    const dr = { ...shard, name: 'ExampleDrRecovery', region: 'eu-west-1' };
    expect(messages(run({ stacks: [stack, dr] }, catalogWithDrill()), 'DR-PITR-DRILL')).toEqual([
      'orders (ExampleDrPrimary/OrdersDatabase (AWS::RDS::DBInstance)): no AWS::Backup::RestoreTestingSelection of type RDS covers it; pitr-restore drill orders-pitr requires a restore-testing plan restoring its continuous recovery points, with a selection covering it',
    ]);
  });

  test('compliant: the selection names its plan by reference', () => {
    const stack = cfnSnippet('backups.template.json');
    propsOf(stack, 'OrdersRestoreTestRds').RestoreTestingPlanName = {
      'Fn::GetAtt': ['OrdersRestoreTest', 'RestoreTestingPlanName'],
    };
    expect(messages(run({ stacks: [stack] }, catalogWithDrill()), 'DR-PITR-DRILL')).toEqual([]);
  });

  test('compliant: a wildcard selection with a tag condition, and vaults given as an ARN pattern', () => {
    const stack = cfnSnippet('backups.template.json');
    Object.assign(propsOf(stack, 'OrdersRestoreTestRds'), {
      ProtectedResourceArns: ['*'],
      ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/dr:asset', Value: 'orders' }] },
    });
    (propsOf(stack, 'OrdersRestoreTest').RecoveryPointSelection as Json).IncludeVaults = [
      'arn:aws:backup:eu-west-2:123456789012:backup-vault:example-co-*',
    ];
    expect(messages(run({ stacks: [stack] }, catalogWithDrill()), 'DR-PITR-DRILL')).toEqual([]);
    (propsOf(stack, 'OrdersRestoreTestRds').ProtectedResourceConditions as Json).StringEquals = [
      { Key: 'aws:ResourceTag/dr:asset', Value: 'media' },
    ];
    expect(messages(run({ stacks: [stack] }, catalogWithDrill()), 'DR-PITR-DRILL')).toEqual([
      'orders (ExampleDrPrimary/OrdersDatabase (AWS::RDS::DBInstance)): no AWS::Backup::RestoreTestingSelection of type RDS covers it; pitr-restore drill orders-pitr requires a restore-testing plan restoring its continuous recovery points, with a selection covering it',
    ]);
  });
});

describe('recovery-point-age controls: the hours the framework allows against the model figure of the rules read', () => {
  test('compliant: orders 5m rounded up to 1h, media 26h exact', () => {
    const r = run({ stacks: [cfnSnippet('backups.template.json')] });
    expect(r.recoveryPointControls).toEqual([
      {
        tier: 'gold',
        asset: 'orders',
        framework: 'example_co_gold',
        control: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
        modelSeconds: 300,
        configuredHours: 1,
      },
      {
        tier: 'gold',
        asset: 'media',
        framework: 'example_co_gold',
        control: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
        modelSeconds: 26 * 3600,
        configuredHours: 26,
      },
    ]);
  });

  test('weakened: the figures follow the rules in the template, the hours the control (1 day = 24h), not the catalog', () => {
    const r = run({ stacks: [cfnSnippet('backups-weak.template.json')] });
    expect(r.recoveryPointControls.map((c) => [c.asset, c.modelSeconds, c.configuredHours])).toEqual([
      ['orders', 26 * 3600, 1],
      ['media', 26 * 3600, 24],
    ]);
  });
});
