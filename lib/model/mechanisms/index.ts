/** The registry of mechanism modules: one per id, so adding a mechanism is adding one module and one entry. */
import type { ModeOutcomes } from '../types';
import { backupContinuous, backupCopy, backupSnapshot } from './backup';
import { k8sWorkload } from './kubernetes';
import { cacheFlush, ecrReplication, external, secretsManager, statelessRedeploy } from './managed';
import {
  rdsAutomatedBackups,
  rdsBackupReplication,
  rdsMultiAzCluster,
  rdsMultiAzInstance,
  rdsReadReplica,
  rdsSingleAz,
} from './rds';
import { redisAof, redisRdb, redisRdbShipping, redisSentinel } from './redis';
import { regionSwitch } from './region-switch';
import { s3ObjectLock, s3Replication, s3Versioning } from './s3';
import type { MechanismId, MechanismModule, MechanismSpec, ModelContext, SpecOf } from './spec';

export const MECHANISMS: { readonly [I in MechanismId]: MechanismModule<I> } = {
  'rds-single-az': rdsSingleAz,
  'rds-multi-az-instance': rdsMultiAzInstance,
  'rds-multi-az-cluster': rdsMultiAzCluster,
  'rds-automated-backups': rdsAutomatedBackups,
  'rds-backup-replication': rdsBackupReplication,
  'rds-read-replica': rdsReadReplica,
  'backup-snapshot': backupSnapshot,
  'backup-continuous': backupContinuous,
  'backup-copy': backupCopy,
  's3-versioning': s3Versioning,
  's3-replication': s3Replication,
  's3-object-lock': s3ObjectLock,
  'redis-rdb': redisRdb,
  'redis-aof': redisAof,
  'redis-sentinel': redisSentinel,
  'redis-rdb-shipping': redisRdbShipping,
  'k8s-workload': k8sWorkload,
  'secrets-manager': secretsManager,
  'ecr-replication': ecrReplication,
  'stateless-redeploy': statelessRedeploy,
  'cache-flush': cacheFlush,
  'region-switch': regionSwitch,
  external,
};

function moduleOf<I extends MechanismId>(spec: SpecOf<I>): MechanismModule<I> {
  return MECHANISMS[spec.id as I];
}

export function achieve(spec: MechanismSpec, ctx: ModelContext, set: readonly MechanismSpec[]): ModeOutcomes {
  return moduleOf(spec).achieve(spec, ctx, set);
}

export function costOf(spec: MechanismSpec): number {
  return moduleOf(spec).cost(spec);
}

export type { MechanismId, MechanismModule, MechanismSpec, ModelContext, SpecOf } from './spec';
export { completion, stepFigure, switchRoute, trafficFigure, type SwitchStep } from './region-switch';
