/**
 * `AWS::RDS::DBInstance` → topology, automated backups and cross-Region backup replication (docs/artifacts.md).
 * Absent fields take CloudFormation's defaults: MultiAZ and DeletionProtection false (RDS-22), retention 1 day
 * (RDS-4), DeleteAutomatedBackups true (RDS-23).
 */
import { factValue, type MechanismSpec, type SpecOf } from '../../model';
import { bool, num, props, render } from '../cfn';
import type { CfnResource } from '../types';

export interface RdsInstanceReading {
  readonly topology: SpecOf<'rds-single-az'> | SpecOf<'rds-multi-az-instance'>;
  /** Owned by RDS unless an AWS Backup continuous rule selects the instance (BKP-7); the join decides. */
  readonly automatedBackups: SpecOf<'rds-automated-backups'>;
  readonly replication: SpecOf<'rds-backup-replication'> | null;
  /** Whether `BackupRetentionPeriod` is written (absent, `automatedBackups` holds CloudFormation's default, RDS-4). */
  readonly retentionWritten: boolean;
  /** `PreferredBackupWindow` as written; null when absent. */
  readonly backupWindow: string | null;
  /** Settings the checker could not read (an intrinsic where a literal was expected). */
  readonly unreadable: readonly string[];
}

export function readRdsInstance(resource: CfnResource): RdsInstanceReading {
  const p = props(resource);
  const unreadable: string[] = [];
  const flag = (key: string, absent: boolean): boolean => {
    if (p[key] === undefined) return absent;
    const v = bool(p[key]);
    if (v === undefined) unreadable.push(key);
    // An unreadable setting counts as the weaker value: the checker proves, it does not hope.
    return v ?? false;
  };
  const days = (key: string, absent: number): number => {
    if (p[key] === undefined) return absent;
    const v = num(p[key]);
    if (v === undefined) unreadable.push(key);
    return v ?? 0;
  };
  const deletionProtection = flag('DeletionProtection', false);
  const topology = flag('MultiAZ', false)
    ? ({ id: 'rds-multi-az-instance', deletionProtection } as const)
    : ({ id: 'rds-single-az', deletionProtection } as const);
  const automatedBackups = {
    id: 'rds-automated-backups',
    retentionDays: days('BackupRetentionPeriod', factValue('RDS-4', 'apiDefault')),
    deleteAutomatedBackups: p.DeleteAutomatedBackups === undefined ? true : (bool(p.DeleteAutomatedBackups) ?? true),
  } as const;
  const replication =
    p.AutomaticBackupReplicationRegion === undefined
      ? null
      : ({
          id: 'rds-backup-replication',
          // Replicated backups keep the source's retention unless told otherwise.
          retentionDays: days('AutomaticBackupReplicationRetentionPeriod', automatedBackups.retentionDays),
        } as const);
  const backupWindow =
    p.PreferredBackupWindow === undefined
      ? null
      : (render(p.PreferredBackupWindow, { region: null, account: null }) ?? '(not a literal)');
  return {
    topology,
    automatedBackups,
    replication,
    retentionWritten: p.BackupRetentionPeriod !== undefined,
    backupWindow,
    unreadable,
  };
}

/**
 * The instance's `BackupRetentionPeriod` under an AWS Backup continuous rule of `ruleRetentionDays`: once the rule
 * manages the instance, RDS refuses any value but the current one, which AWS Backup keeps at the rule's (RDS-39). Equal
 * is consistent; anything else — absent included, read as CloudFormation's 1 day (RDS-4) — is a conflict: the deploy
 * that writes it fails. Only this reading: what a conflict does to the figures is the model's call.
 */
export function continuousRetention(
  reading: RdsInstanceReading,
  ruleRetentionDays: number,
): { readonly consistent: true } | { readonly consistent: false; readonly found: string } {
  const days = reading.automatedBackups.retentionDays;
  if (days === ruleRetentionDays) return { consistent: true };
  return { consistent: false, found: reading.retentionWritten ? `${days}` : `absent (CloudFormation's ${days} day)` };
}

/**
 * The instance's mechanisms, with PITR left to AWS Backup when a continuous rule selects it (BKP-7). Retention 0
 * turns automated backups off (RDS-4), and with them there is nothing to replicate to another Region (RDS-13).
 */
export function rdsMechanisms(reading: RdsInstanceReading, continuousBackup: boolean): MechanismSpec[] {
  // Retention 0 turns automated backups off whoever manages them (an AWS Backup continuous rule is made of them, BKP-7):
  // nothing is left to replicate either.
  const backupsOff = reading.automatedBackups.retentionDays < 1;
  return [
    reading.topology,
    ...(continuousBackup ? [] : [reading.automatedBackups]),
    ...(reading.replication && !backupsOff ? [reading.replication] : []),
  ];
}
