/**
 * `AWS::RDS::DBInstance` → topology, automated backups and cross-Region backup replication (docs/artifacts.md).
 * Absent fields take CloudFormation's defaults: MultiAZ and DeletionProtection false (RDS-22), retention 1 day
 * (RDS-4), DeleteAutomatedBackups true (RDS-23).
 */
import { factValue, type MechanismSpec, type SpecOf } from '../../model';
import { bool, num, props } from '../cfn';
import type { CfnResource } from '../types';

export interface RdsInstanceReading {
  readonly topology: SpecOf<'rds-single-az'> | SpecOf<'rds-multi-az-instance'>;
  /** Owned by RDS unless an AWS Backup continuous rule selects the instance (BKP-7); the join decides. */
  readonly automatedBackups: SpecOf<'rds-automated-backups'>;
  readonly replication: SpecOf<'rds-backup-replication'> | null;
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
  return { topology, automatedBackups, replication, unreadable };
}

/**
 * The instance's mechanisms, with PITR left to AWS Backup when a continuous rule selects it (BKP-7). Retention 0
 * turns automated backups off (RDS-4), and with them there is nothing to replicate to another Region (RDS-13).
 */
export function rdsMechanisms(reading: RdsInstanceReading, continuousBackup: boolean): MechanismSpec[] {
  const backupsOff = !continuousBackup && reading.automatedBackups.retentionDays < 1;
  return [
    reading.topology,
    ...(continuousBackup ? [] : [reading.automatedBackups]),
    ...(reading.replication && !backupsOff ? [reading.replication] : []),
  ];
}
