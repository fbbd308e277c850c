/** Amazon RDS DB instances: topology, automated backups (PITR), cross-Region backup replication, read replicas. */
import { allNone, automatic, fromFact, known, none, protects, sum, unknown } from '../figure';
import type { Figure } from '../types';
import { findSpec, type MechanismModule, type MechanismSpec } from './spec';

const REGIONAL_BACKUPS = 'backups and standbys are Regional; a Region loss takes them too';
const REPLICATES_CORRUPTION = 'replication copies corruption and deletes; recovery is to a point in time';

/**
 * A failover is complete for clients once their DNS cache expires. RDS-10 advises a TTL under 30 s; the figure
 * assumes clients follow it (a JVM's default cache is longer), which the services' configuration must ensure.
 */
function failover(factId: 'RDS-9' | 'RDS-12'): Figure {
  return automatic(
    sum(
      [fromFact(factId, 'typical'), fromFact('RDS-10', 'typical')],
      'failover plus a client DNS TTL under 30 s (assumed, RDS-10)',
    ),
  );
}

const RESTORE_TIME = unknown(['RDS-3', 'RDS-21'], 'a restore creates a new instance; no published restore time');

/**
 * Restoring from PITR after corruption loses nothing before the chosen second (MECH-1). If the instance can be
 * deleted, a deletion loses the logs not yet uploaded (RDS-1, RDS-2), and with DeleteAutomatedBackups the backups too.
 */
export function deletionProtected(set: readonly MechanismSpec[]): boolean {
  const topology = set.find(
    (m): m is Extract<MechanismSpec, { deletionProtection: boolean }> => 'deletionProtection' in m,
  );
  return topology?.deletionProtection ?? false;
}

export function pointInTimeCorruptionRpo(set: readonly MechanismSpec[]): Figure {
  return deletionProtected(set)
    ? fromFact('MECH-1', 'typical', ['BKP-5'], 'restore to the second before the corruption')
    : fromFact('RDS-2', 'typical', ['RDS-22'], 'no deletion protection: a deletion loses the logs not yet uploaded');
}

export const rdsSingleAz: MechanismModule<'rds-single-az'> = {
  id: 'rds-single-az',
  title: 'RDS Single-AZ DB instance',
  row: 'MECH-1',
  cost: () => 1,
  achieve: () => ({
    instance: protects(
      known(0, 'typical', ['MECH-1'], 'storage is persistent when the EBS volume survives'),
      automatic(unknown(['MECH-1', 'RDS-21'], 'RDS replaces the instance; replacement time is not published')),
    ),
    az: none('storage lives in one zone; recovery is a restore from backups', ['MECH-1']),
    region: none(REGIONAL_BACKUPS, ['MECH-1']),
    corruption: none(REPLICATES_CORRUPTION, ['MECH-1']),
  }),
};

export const rdsMultiAzInstance: MechanismModule<'rds-multi-az-instance'> = {
  id: 'rds-multi-az-instance',
  title: 'RDS Multi-AZ DB instance',
  row: 'MECH-2',
  cost: () => 5,
  achieve: () => {
    const zoneSafe = protects(known(0, 'worst', ['RDS-8', 'MECH-2'], 'synchronous standby'), failover('RDS-9'));
    return {
      instance: zoneSafe,
      az: zoneSafe,
      region: none(REGIONAL_BACKUPS, ['MECH-2']),
      corruption: none(REPLICATES_CORRUPTION, ['MECH-2']),
    };
  },
};

/** Modelled so the checker recognises it; not planned: no L2, no cross-Region backup replication (RDS-14, BKP-11). */
export const rdsMultiAzCluster: MechanismModule<'rds-multi-az-cluster'> = {
  id: 'rds-multi-az-cluster',
  title: 'RDS Multi-AZ DB cluster',
  row: 'MECH-3',
  cost: () => 7,
  achieve: () => {
    const zoneSafe = protects(known(0, 'typical', ['RDS-11', 'MECH-3'], 'semisynchronous readers'), failover('RDS-12'));
    return {
      instance: zoneSafe,
      az: zoneSafe,
      region: none('no cross-Region automated backups for Multi-AZ DB clusters', ['RDS-14', 'MECH-3']),
      corruption: none(REPLICATES_CORRUPTION, ['MECH-3']),
    };
  },
};

export const rdsAutomatedBackups: MechanismModule<'rds-automated-backups'> = {
  id: 'rds-automated-backups',
  title: 'RDS automated backups (PITR owned by RDS)',
  row: 'MECH-1',
  cost: () => 1,
  achieve: (spec, _ctx, set) => {
    if (spec.retentionDays < 1) {
      return allNone('retention 0 disables automated backups and deletes existing ones', ['RDS-4']);
    }
    const latest = protects(fromFact('RDS-2', 'typical', ['RDS-1']), RESTORE_TIME);
    const deletable = !deletionProtected(set);
    return {
      instance: latest,
      az: latest,
      region: none(REGIONAL_BACKUPS, ['MECH-1']),
      corruption:
        deletable && spec.deleteAutomatedBackups
          ? none('deleting the unprotected instance deletes its automated backups', ['RDS-22', 'RDS-23'])
          : protects(pointInTimeCorruptionRpo(set), RESTORE_TIME),
    };
  },
};

export const rdsBackupReplication: MechanismModule<'rds-backup-replication'> = {
  id: 'rds-backup-replication',
  title: 'RDS cross-Region automated backup replication',
  row: 'MECH-4',
  cost: () => 4,
  achieve: (spec, _ctx, set) => {
    if (findSpec(set, 'rds-multi-az-cluster')) {
      return allNone('not supported for Multi-AZ DB clusters', ['RDS-14']);
    }
    const lag = fromFact('RDS-15', 'typical', ['MECH-4'], 'cross-Region PITR lags 5–30 minutes');
    const restore = unknown(['RDS-15', 'RDS-21'], 'a restore in the DR Region "can take up to a few hours"');
    const notAPath = none('not a recovery path inside the primary Region', ['MECH-4']);
    return {
      instance: notAPath,
      az: notAPath,
      region:
        spec.retentionDays < 1
          ? none('replication retention is 0', ['RDS-4'])
          : promotedByPlan(set)
            ? none(PROMOTE_INSTEAD, ['MECH-5', 'ARC-8'])
            : protects(lag, restore),
      // The DR copy is only as recent as its lag: a corruption caught at once is restored to the newest replicated
      // point, up to 5–30 minutes old (RDS-15); replicated backups survive a deletion of the source (RDS-16).
      corruption: protects(
        fromFact(
          'RDS-15',
          'typical',
          ['MECH-4', 'RDS-16'],
          'restore in the DR Region to its newest point before the corruption',
        ),
        restore,
      ),
    };
  },
};

/**
 * A cross-Region read replica (MECH-5): planned where the catalog asks (asset `regionStrategy`). Its data loss on a
 * Region loss is its lag at that moment, which has no published bound (RDS-17): unknown, alarmed at the target when the
 * replica has a ReplicaLag alarm (OTH-44). On its own it is promoted by hand (unknown); a Region switch plan's promote
 * step gives the bound (region-switch.ts).
 */
export const rdsReadReplica: MechanismModule<'rds-read-replica'> = {
  id: 'rds-read-replica',
  title: 'RDS cross-Region read replica',
  row: 'MECH-5',
  // A second DB instance, in another Region, plus the replication traffic: above a Multi-AZ standby (5).
  cost: () => 8,
  achieve: (spec) => {
    const watched =
      spec.lagAlarmSeconds === undefined
        ? ''
        : spec.lagAlarmSeconds === null
          ? '; no ReplicaLag alarm watches it'
          : `; alarmed when ReplicaLag exceeds ${spec.lagAlarmSeconds} s or replication stops (OTH-44)`;
    return {
      instance: none('not a recovery path inside the primary Region', ['MECH-5']),
      az: none('not a recovery path inside the primary Region', ['MECH-5']),
      region: protects(
        unknown(
          ['RDS-17', 'MECH-5', ...(spec.lagAlarmSeconds ? (['OTH-44'] as const) : [])],
          `the replica's lag when the Region is lost: asynchronous, no published bound${watched}`,
        ),
        unknown(['MECH-5', 'OTH-43'], 'manual promotion and cutover; not published'),
      ),
      corruption: none(REPLICATES_CORRUPTION, ['MECH-5']),
    };
  },
};

/**
 * Whether a Region switch plan promotes the entry's read replica: then the Region mode takes that path (the data loss
 * is the replica's lag), and the replicated backups and DR vault copies are the fallback a person restores by hand,
 * not the plan's path. Without the replica the plan's step has nothing to promote, and they stay the path.
 */
export function promotedByPlan(set: readonly MechanismSpec[]): boolean {
  const plan = findSpec(set, 'region-switch');
  return plan?.path === 'promote' && findSpec(set, 'rds-read-replica') !== undefined;
}

/** The Region outcome of a restore-based mechanism when the plan promotes a replica instead. */
export const PROMOTE_INSTEAD =
  'the Region switch plan promotes the read replica: its lag, not this copy, is the data lost';
