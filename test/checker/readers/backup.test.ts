import { readBackupPlan, ruleSpecs, type ResolvedVault } from '../../../lib/checker/readers/backup-plan';
import { readBackupSelection, selects } from '../../../lib/checker/readers/backup-selection';
import { parseVaultArn, readVault } from '../../../lib/checker/readers/backup-vault';
import { PRIMARY, resource } from '../helpers';

const LOCKED: ResolvedVault = {
  lock: { mode: 'compliance', minRetentionDays: 1, maxRetentionDays: 400 },
  region: 'eu-west-2',
};
const DR: ResolvedVault = {
  lock: { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 400 },
  region: 'eu-west-1',
};
const resolve = (ref: unknown) => (JSON.stringify(ref).includes('Dr') ? DR : LOCKED);

const plan = (rules: Record<string, unknown>[]) =>
  resource('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: 'tier', BackupPlanRule: rules } });

const hourly = {
  RuleName: 'hourly',
  TargetBackupVault: { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] },
  ScheduleExpression: 'cron(0 * ? * * *)',
  StartWindowMinutes: 60,
  CompletionWindowMinutes: 120,
  Lifecycle: { DeleteAfterDays: 35 },
  CopyActions: [
    {
      DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:Dr',
      Lifecycle: { DeleteAfterDays: 14 },
    },
  ],
};

describe('readBackupPlan: rules, windows, retention, vault locks and copies', () => {
  test('an hourly snapshot rule with a copy to the DR vault', () => {
    const [rule] = readBackupPlan(plan([hourly]), resolve);
    expect(rule).toMatchObject({
      name: 'hourly',
      continuous: false,
      intervalSeconds: 3600,
      startWindowSeconds: 3600,
      completionWindowSeconds: 7200,
      retentionDays: 35,
      vault: LOCKED,
      problems: [],
    });
    expect(ruleSpecs(rule!, 'RDS', 'eu-west-2')).toEqual([
      {
        id: 'backup-snapshot',
        resourceType: 'RDS',
        intervalSeconds: 3600,
        startWindowSeconds: 3600,
        completionWindowSeconds: 7200,
        retentionDays: 35,
        vaultLock: LOCKED.lock,
      },
      {
        id: 'backup-copy',
        resourceType: 'RDS',
        ruleIntervalSeconds: 3600,
        ruleCompletionWindowSeconds: 7200,
        retentionDays: 14,
        vaultLock: DR.lock,
      },
    ]);
  });

  test('a continuous rule gives PITR owned by AWS Backup', () => {
    const [rule] = readBackupPlan(plan([{ ...hourly, EnableContinuousBackup: true, CopyActions: [] }]), resolve);
    expect(ruleSpecs(rule!, 'RDS', 'eu-west-2')).toEqual([
      { id: 'backup-continuous', resourceType: 'RDS', retentionDays: 35, vaultLock: LOCKED.lock },
    ]);
  });

  test('absent windows take the defaults: 8 h to start, 7 days to complete (BKP-2)', () => {
    const [rule] = readBackupPlan(
      plan([{ RuleName: 'daily', TargetBackupVault: 'v', ScheduleExpression: 'cron(0 5 ? * * *)' }]),
      resolve,
    );
    expect(rule).toMatchObject({
      intervalSeconds: 86400,
      startWindowSeconds: 8 * 3600,
      completionWindowSeconds: 7 * 86400,
      retentionDays: Infinity,
      copies: [],
    });
  });

  test('a copy into the source Region is no Region-loss path and is left out', () => {
    const [rule] = readBackupPlan(plan([hourly]), () => LOCKED);
    expect(ruleSpecs(rule!, 'S3', 'eu-west-2').map((s) => s.id)).toEqual(['backup-snapshot']);
  });

  test('an unreadable schedule gives no mechanism and a problem', () => {
    const [rule] = readBackupPlan(plan([{ ...hourly, ScheduleExpression: 'cron(0 5 L * ? *)' }]), resolve);
    expect(rule!.intervalSeconds).toBeNull();
    expect(rule!.problems[0]).toMatch(/rule hourly: ScheduleExpression/);
    expect(ruleSpecs(rule!, 'RDS', 'eu-west-2')).toEqual([]);
  });
});

describe('readVault: name and lock mode from AWS::Backup::BackupVault', () => {
  test('ChangeableForDays means compliance mode (BKP-15)', () => {
    expect(
      readVault(
        resource('AWS::Backup::BackupVault', {
          BackupVaultName: 'v',
          LockConfiguration: { MinRetentionDays: 1, MaxRetentionDays: 400, ChangeableForDays: 3 },
        }),
        PRIMARY,
      ),
    ).toEqual({
      name: 'v',
      lock: { mode: 'compliance', minRetentionDays: 1, maxRetentionDays: 400 },
    });
  });
  test('without ChangeableForDays: governance; without a lock: null', () => {
    expect(
      readVault(
        resource('AWS::Backup::BackupVault', { BackupVaultName: 'v', LockConfiguration: { MinRetentionDays: 1 } }),
        PRIMARY,
      ).lock,
    ).toEqual({
      mode: 'governance',
      minRetentionDays: 1,
      maxRetentionDays: Infinity,
    });
    expect(readVault(resource('AWS::Backup::BackupVault', { BackupVaultName: 'v' }), PRIMARY).lock).toBeNull();
  });
  test('vault ARNs give Region and name', () => {
    expect(parseVaultArn('arn:aws:backup:eu-west-1:123:backup-vault:shop-gold')).toEqual({
      region: 'eu-west-1',
      name: 'shop-gold',
    });
    expect(parseVaultArn('shop-gold')).toBeNull();
  });
});

describe('readBackupSelection / selects: which resources a selection picks', () => {
  const db = { logicalId: 'OrdersDb', arn: 'arn:aws:rds:eu-west-2:123:db:orders', tags: { 'dr:asset': 'orders' } };
  const volume = {
    logicalId: null,
    arn: 'arn:aws:ec2:eu-west-2:123:volume/sessions',
    tags: { 'dr:asset': 'sessions' },
  };
  const selection = (s: Record<string, unknown>) =>
    readBackupSelection(
      resource('AWS::Backup::BackupSelection', {
        BackupPlanId: { 'Fn::GetAtt': ['Plan', 'BackupPlanId'] },
        BackupSelection: { SelectionName: 's', IamRoleArn: 'r', ...s },
      }),
      PRIMARY,
    );

  test('a reference inside Fn::Join selects that resource of the stack', () => {
    const s = selection({
      Resources: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-west-2:123:db:', { Ref: 'OrdersDb' }]] },
      ],
    });
    expect(s.plan).toBe('Plan');
    expect(selects(s, db)).toBe(true);
    expect(selects(s, { ...db, logicalId: 'OtherDb' })).toBe(false);
  });

  test('volumes by ARN pattern and a dr:asset condition (the StorageClass tags)', () => {
    const s = selection({
      Resources: ['arn:aws:ec2:*:*:volume/*'],
      Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/dr:asset', ConditionValue: 'sessions' }] },
    });
    expect(selects(s, volume)).toBe(true);
    expect(selects(s, { ...volume, tags: { 'dr:asset': 'cache' } })).toBe(false);
    expect(selects(s, db)).toBe(false);
  });

  test('ListOfTags alone selects every resource with one of the tags', () => {
    const s = selection({
      ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'dr:asset', ConditionValue: 'orders' }],
    });
    expect(selects(s, db)).toBe(true);
    expect(selects(s, volume)).toBe(false);
  });

  test('NotResources excludes', () => {
    const s = selection({ Resources: ['*'], NotResources: [{ 'Fn::GetAtt': ['OrdersDb', 'Arn'] }] });
    expect(selects(s, db)).toBe(false);
    expect(selects(s, volume)).toBe(true);
  });
});

describe('overlapping rules of one plan are read as AWS Backup runs them (BKP-26)', () => {
  const daily = (name: string, days: number, extra: Record<string, unknown> = {}) => ({
    ...hourly,
    RuleName: name,
    ScheduleExpression: 'cron(0 3 * * ? *)',
    Lifecycle: { DeleteAfterDays: days },
    CopyActions: [],
    ...extra,
  });
  const copy = { CopyActions: hourly.CopyActions };
  const read = (rules: Record<string, unknown>[]) =>
    readBackupPlan(plan(rules), resolve).map((r) => [
      r.name,
      r.displacedBy,
      ruleSpecs(r, 'RDS', 'eu-west-2').map((s) => s.id),
    ]);

  test('the templates before issue 14: a continuous and a snapshot rule at 03:00, equal retention, the copy on the snapshot rule', () => {
    // AWS Backup "selects one": the snapshot rule may never run, and its copy with it.
    expect(read([daily('continuous', 35, { EnableContinuousBackup: true }), daily('every-24h', 35, copy)])).toEqual([
      ['continuous', ['every-24h'], ['backup-continuous']],
      ['every-24h', ['continuous'], ['backup-snapshot']],
    ]);
  });

  test('the longer retention wins; the shorter rule is displaced, the longer is not', () => {
    expect(read([daily('long', 35, copy), daily('short', 7, copy)])).toEqual([
      ['long', [], ['backup-snapshot', 'backup-copy']],
      ['short', ['long'], ['backup-snapshot']],
    ]);
  });

  test('start windows that do not overlap: both rules run, both copies count', () => {
    expect(
      read([
        daily('continuous', 35, { EnableContinuousBackup: true, ...copy }),
        daily('snapshot', 35, { ScheduleExpression: 'cron(0 5 * * ? *)' }),
      ]),
    ).toEqual([
      ['continuous', [], ['backup-continuous', 'backup-copy']],
      ['snapshot', [], ['backup-snapshot']],
    ]);
    // The start window, not the completion window, decides (BKP-26): 03:00 + 120 min reaches 05:00.
    expect(
      read([
        daily('a', 35, { ...copy, StartWindowMinutes: 120 }),
        daily('b', 35, { ScheduleExpression: 'cron(0 4 * * ? *)' }),
      ])[0]![1],
    ).toEqual(['b']);
  });
});
