/** Databases on Amazon RDS (one DB instance per asset). The engine is the only difference between the kinds. */
import { factValue } from '../facts';
import type { MechanismSpec } from '../mechanisms/spec';
import { snapshotOptions, type KindModule, type PlanPolicy } from './kind';

function rdsGroups(policy: PlanPolicy) {
  // RDS PITR reaches back at most 35 days (RDS-4); longer retention needs snapshot rules.
  const pitrDays = Math.min(factValue('RDS-4'), policy.retentionDays);
  // Multi-AZ DB clusters are not planned: they cannot replicate backups cross-Region or copy snapshots (RDS-14, BKP-11).
  const topology: MechanismSpec[][] = [
    [{ id: 'rds-single-az', deletionProtection: true }],
    [{ id: 'rds-multi-az-instance', deletionProtection: true }],
  ];
  // One owner of PITR: RDS itself, or an AWS Backup continuous rule that then governs it (BKP-7).
  const pitr: MechanismSpec[][] = [
    [{ id: 'rds-automated-backups', retentionDays: pitrDays, deleteAutomatedBackups: false }],
    [
      {
        id: 'backup-continuous',
        resourceType: 'RDS',
        retentionDays: pitrDays,
        vaultLock: policy.vaultLock,
        // The instance keeps the rule's retention: the value AWS Backup sets, so RDS has nothing to reject.
        instanceRetentionDays: pitrDays,
      },
    ],
  ];
  const replication: MechanismSpec[][] = [[], [{ id: 'rds-backup-replication', retentionDays: pitrDays }]];
  // A cross-Region read replica is the catalog's call (asset regionStrategy), not the planner's: it is a second
  // instance, and its lag has no published bound (RDS-17), so no target can be shown to need it.
  const replica: MechanismSpec[][] = policy.regionReplica
    ? [[{ id: 'rds-read-replica', lagAlarmSeconds: policy.regionReplica.lagAlarmSeconds }]]
    : [[]];
  return [
    { name: 'topology', options: topology },
    { name: 'pitr', options: pitr },
    { name: 'snapshots', options: snapshotOptions('RDS', policy) },
    { name: 'replication', options: replication },
    { name: 'replica', options: replica },
  ];
}

function rdsKind(kind: string, engine: string): KindModule {
  return {
    kind,
    title: `${engine} on Amazon RDS`,
    stateful: true,
    backupResourceType: 'RDS',
    restoreServes: true,
    groups: rdsGroups,
  };
}

export const postgres = rdsKind('postgres', 'PostgreSQL');
export const mysql = rdsKind('mysql', 'MySQL');
