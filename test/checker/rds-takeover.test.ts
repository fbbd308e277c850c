/**
 * DR-BACKUP-TAKEOVER and DR-BACKUP-WINDOW: a DB instance an AWS Backup continuous rule manages keeps the rule's
 * retention (RDS refuses any other, RDS-39) and no backup window of its own (RDS-40, RDS-41).
 */
import { check } from '../../lib/checker';
import { continuousRetention, readRdsInstance } from '../../lib/checker/readers/rds-instance';
import { artifacts, catalog, primary } from './fixture-app';
import { resource } from './helpers';

const run = (a: ReturnType<typeof artifacts>) => check({ catalog: catalog(), artifacts: a, today: '2026-11-28' });
/** The fixture's orders database, its gold rule made continuous (35 days, as the instance's retention). */
function managed() {
  const a = artifacts();
  const rules = (primary(a, 'GoldPlan').BackupPlan as { BackupPlanRule: Record<string, unknown>[] }).BackupPlanRule;
  rules[0]!.EnableContinuousBackup = true;
  return a;
}
const ruled = (a: ReturnType<typeof artifacts>) =>
  run(a)
    .findings.filter((f) => f.rule === 'DR-BACKUP-TAKEOVER' || f.rule === 'DR-BACKUP-WINDOW')
    .map((f) => [f.rule, f.severity, f.entry, f.message]);

describe('the RDS reader under a continuous rule: equal retention is consistent, any other value a conflict', () => {
  test.each([
    [{ BackupRetentionPeriod: 14 }, 14, { consistent: true }],
    [{ BackupRetentionPeriod: '14' }, 14, { consistent: true }],
    [{ BackupRetentionPeriod: 7 }, 14, { consistent: false, found: '7' }],
    [{ BackupRetentionPeriod: 0 }, 14, { consistent: false, found: '0' }],
    [{}, 14, { consistent: false, found: "absent (CloudFormation's 1 day)" }],
    [{}, 1, { consistent: true }],
  ])('%j under a %i-day rule', (props, days, expected) => {
    expect(continuousRetention(readRdsInstance(resource('AWS::RDS::DBInstance', props)), days)).toEqual(expected);
  });

  test('the backup window is read as written', () => {
    expect(
      readRdsInstance(resource('AWS::RDS::DBInstance', { PreferredBackupWindow: '01:00-01:30' })).backupWindow,
    ).toBe('01:00-01:30');
    expect(readRdsInstance(resource('AWS::RDS::DBInstance', {})).backupWindow).toBeNull();
  });
});

describe('the check of a database a continuous rule manages', () => {
  test('its retention equal to the rule’s and no window: nothing to report', () => {
    expect(ruled(managed())).toEqual([]);
  });

  test('a retention other than the rule’s (or none) is a conflict the deploy would hit: an error naming both values', () => {
    const a = managed();
    primary(a, 'OrdersDatabase').BackupRetentionPeriod = 7;
    expect(ruled(a)).toEqual([
      [
        'DR-BACKUP-TAKEOVER',
        'error',
        'orders',
        expect.stringMatching(
          /OrdersDatabase .*BackupRetentionPeriod 7, but an AWS Backup continuous rule keeps its backups 35 days: RDS refuses/,
        ),
      ],
    ]);
    delete primary(a, 'OrdersDatabase').BackupRetentionPeriod;
    expect(ruled(a).map((f) => f[3])).toEqual([
      expect.stringMatching(/BackupRetentionPeriod absent \(CloudFormation's 1 day\)/),
    ]);
  });

  test('a backup window on such a database (the templates before issue 14): a warning, unconfirmed by AWS pages', () => {
    const a = managed();
    primary(a, 'OrdersDatabase').PreferredBackupWindow = '01:00-01:30';
    expect(ruled(a)).toEqual([
      ['DR-BACKUP-WINDOW', 'warning', 'orders', expect.stringMatching(/PreferredBackupWindow 01:00-01:30 .*RDS-41/)],
    ]);
  });

  test('without a continuous rule RDS owns its backups: its retention and window are its own', () => {
    const a = artifacts();
    primary(a, 'OrdersDatabase').BackupRetentionPeriod = 7;
    primary(a, 'OrdersDatabase').PreferredBackupWindow = '01:00-01:30';
    expect(ruled(a)).toEqual([]);
  });
});
