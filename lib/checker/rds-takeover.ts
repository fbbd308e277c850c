/**
 * What AWS Backup takes over on a DB instance its continuous rule manages (BKP-7, RDS-40): the retention RDS keeps,
 * which RDS then refuses to change to anything but its current value (RDS-39), and — on the word, no AWS page
 * found says it (RDS-41) — the backup window. Two named rules, read from the instance and the rules selecting it:
 *
 * - DR-BACKUP-TAKEOVER (error): `BackupRetentionPeriod` other than the continuous rule's retention (absent reads as
 *   CloudFormation's 1 day, RDS-4): the deploy that writes it is refused.
 * - DR-BACKUP-WINDOW (warning): a `PreferredBackupWindow` written anyway.
 *
 * Neither changes what the instance achieves: figures under a conflicting setting are the model's call.
 */
import type { MechanismSpec } from '../model';
import { TAG } from '../names';
import { finding, type Finding } from './findings';
import type { DataStore } from './read-aws';
import { continuousRetention, type RdsInstanceReading } from './readers/rds-instance';
import { describeWhere } from './types';

export function takeoverFindings(
  store: DataStore,
  reading: RdsInstanceReading,
  backups: readonly MechanismSpec[],
): Finding[] {
  const rules = backups.flatMap((s) => (s.id === 'backup-continuous' ? [s.retentionDays] : []));
  if (rules.length === 0) return [];
  // Several continuous rules into one vault: only the longest-retention one keeps the continuous backup (BKP-27).
  const ruleDays = Math.max(...rules);
  const where = describeWhere(store.where);
  const base = { where, resource: { stack: store.where.stack, logicalId: store.where.logicalId } };
  const entry = store.tags[TAG.asset];
  const out: Finding[] = [];
  const retention = continuousRetention(reading, ruleDays);
  if (!retention.consistent) {
    out.push(
      finding('backup-takeover', {
        ...(entry ? { entry } : {}),
        ...base,
        message: `${where}: BackupRetentionPeriod ${retention.found}, but an AWS Backup continuous rule keeps its backups ${ruleDays} days: RDS refuses any retention but the current one, which AWS Backup keeps at the rule's (RDS-39)`,
        fix: `set BackupRetentionPeriod to ${ruleDays}, the continuous rule's retention`,
      }),
    );
  }
  if (reading.backupWindow !== null) {
    out.push(
      finding('backup-window', {
        ...(entry ? { entry } : {}),
        ...base,
        message: `${where}: PreferredBackupWindow ${reading.backupWindow} on an instance whose backups an AWS Backup continuous rule owns (RDS-40); reported to be no longer managed in RDS then (not confirmed by AWS documentation, RDS-41)`,
        fix: 'remove PreferredBackupWindow; the backup plan schedules the backups',
      }),
    );
  }
  return out;
}
