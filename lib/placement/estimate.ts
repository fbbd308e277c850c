/**
 * How many CloudFormation resources a stack will hold, estimated before anything is built, so placement can stop
 * filling a stack well before CloudFormation's 500. Every figure is an upper bound of what the constructs write
 * (test/placement/estimate.test.ts keeps it one, stack by stack, on synthesized catalogs); the templates are then
 * checked against the hard limits themselves (limits.ts), so a wrong estimate fails synth, not a deploy.
 *
 * An asset's figure comes from its kind and its plan, never from a context flag (failback's resources are always
 * counted), so the same catalog always places the same way. A placed asset never moves, whatever its figure becomes.
 */
import type { Asset, Catalog } from '../catalog';
import type { AssetKind } from '../model';
import { recoveryPointAgeConfig } from '../catalog-plan';
import type { Side } from '../names';
import { isMultiAzDatabase, mechanism, mechanisms, type CatalogPlan } from '../catalog-plan';

/**
 * Stop filling a stack here: 100 below CloudFormation's 500, for the stacks the Secrets Manager transform adds (one
 * per rotated database secret, counted in the estimate but not in the template CDK writes) and estimate error.
 */
export const STACK_BUDGET = 400;

/**
 * What an asset of a kind always puts in its primary-side stack. A database: instance, parameter group, security
 * group and its ingress rule, two log groups, master secret, its attachment, policy and rotation schedule, the
 * rotation's security group (11), and the hosted-rotation stack the Secrets Manager transform adds at deploy (1). An
 * object store: bucket and bucket policy. A secret: the secret.
 */
export const PER_KIND: Readonly<Record<AssetKind, number>> = {
  postgres: 12,
  mysql: 12,
  'object-store': 2,
  secret: 1,
  redis: 0,
  'redis-cache': 0,
  git: 0,
};

/** A replicated bucket: its replication role and policy, and the two alarms on the way back (failback phase). */
export const REPLICATED_BUCKET = 4;
/** The DR-Region replica: bucket, policy, two replication alarms, and its own role and policy under failback. */
export const REPLICA_BUCKET = 6;
/** A cross-Region read replica's log groups in the DR Region (two per engine, constructs/region-replica.ts). */
export const READ_REPLICA_LOGS = 2;
/** Redis RDB shipping: the jobs' role, its policy and the Pod Identity association. */
export const RDB_SHIPPING = 3;
/** A pre-deploy snapshot: a service role, a deploy role, their two policies and a Pod Identity association. */
export const PRE_DEPLOY_BACKUP = 5;
/** A Multi-AZ database's instance experiment: the template, its stop-condition alarm (constructs/experiments.ts). */
export const INSTANCE_EXPERIMENT = 2;
/** AWS Backup rules: the backup selection that lists the asset (shared in a stack, counted once per asset). */
export const BACKUP_SELECTION = 1;

/** The resources of each asset per side, for one catalog plan. */
export type Estimator = (asset: Asset, side: Side) => number;

export function estimator(plan: CatalogPlan): Estimator {
  const alarms = new Map<string, number>();
  for (const m of recoveryPointAgeConfig(plan, plan.catalog.naming).config.measurements)
    alarms.set(m.asset, (alarms.get(m.asset) ?? 0) + 1);
  return (asset, side) => {
    const p = plan.assets.get(asset.id);
    if (!p) throw new Error(`estimator: asset '${asset.id}' has no plan`);
    const replicated = asset.kind === 'object-store' && mechanism(p, 's3-replication') !== undefined;
    // The read replica itself is in the replicas' stack, which no placement shards; its log groups are the asset's.
    if (side === 'dr')
      return (replicated ? REPLICA_BUCKET : 0) + (mechanism(p, 'rds-read-replica') ? READ_REPLICA_LOGS : 0);
    const vaulted = mechanisms(p, 'backup-snapshot').length + mechanisms(p, 'backup-continuous').length > 0;
    return (
      PER_KIND[asset.kind] +
      (replicated ? REPLICATED_BUCKET : 0) +
      (mechanism(p, 'redis-rdb-shipping') ? RDB_SHIPPING : 0) +
      (vaulted ? BACKUP_SELECTION : 0) +
      (alarms.get(asset.id) ?? 0) +
      (asset.preDeploySnapshot ? PRE_DEPLOY_BACKUP : 0) +
      (isMultiAzDatabase(p) ? INSTANCE_EXPERIMENT : 0)
    );
  };
}

/**
 * The DR Region's network when the catalog has one (constructs/dr-network.ts): a created VPC has per zone a data
 * subnet, its route table and association (3), and with a standby cluster also a compute and an ingress subnet with
 * theirs and a default route each (8 more), the internet gateway, its attachment, one NAT gateway and its address (4);
 * flow logs (log group, flow log, role, policy: 4); then the DB subnet group, the databases' security group and a
 * parameter group per database kind.
 */
export function drRegionEstimate(catalog: Catalog): number {
  const env = catalog.environment;
  const network = env.networks.dr;
  if (!network) return 0;
  const zones = env.availabilityZones[env.drRegion]?.length ?? 0;
  const cluster = env.drCompute?.kind === 'pilot-light' && env.drCompute.cluster === 'create';
  const created = network.kind === 'create' ? 1 + 3 * zones + 4 + (cluster ? 8 * zones + 4 : 0) : 0;
  const kinds = new Set(catalog.assets.filter((a) => a.kind === 'postgres' || a.kind === 'mysql').map((a) => a.kind));
  const pilot = env.drCompute?.kind === 'pilot-light';
  // A pilot light: the standby cluster and its two roles and policy (4, when created), the Region switch plan with its
  // report bucket and policy, roles and policies (execution, approver, custom steps: 6), the function, its group, log
  // group and the cluster rule (4), two access entries (15 in all), Route 53 checks and records (4), and the DR pods'
  // Pod Identity roles: External Secrets and each Redis (role, policy, association: 3 each).
  const redis = catalog.assets.filter((a) => a.kind === 'redis').length;
  const light = pilot ? (cluster ? 4 : 0) + 15 + (env.dns ? 4 : 0) + 3 * (1 + redis) : 0;
  return created + 2 + kinds.size + light;
}

/**
 * What a side's own stack (shard 0) holds for the whole catalog besides its assets: keys and aliases (12), the alerts
 * topic, its policy and three job-failure rules (5), the access-log bucket and policy (2), the Redis snapshot bucket
 * pair (6), and on the primary side the data network (VPC and per zone a subnet, route table and association; flow
 * logs; the Secrets Manager endpoint and its group), the service roles, the subnet group, External Secrets' role,
 * the recovery-point function (role, policy, log group, schedule, permission), per tier a vault, an audit framework
 * and up to two backup plans, per service an ECR repository, per PITR drill a restore-testing plan and selection; on
 * the DR side the ECR creation template of the replicated repositories, its role and policy (3). Each notified contact
 * subscribes on both sides. On the primary side also the health signals (constructs/health.ts): the reports bucket
 * and its policy (2), the databases' failover rule (1, counted with no database too: the shared part must not grow
 * when assets are added, or a full shard 0 would go over), per service with a signal its RTO alarm and its SLO's
 * burn-rate alarms (6 window alarms, 3 composites), per health URL its canary, with the canaries' role and policy (2)
 * and, for internal URLs, their security group (1). The experiments' role and policy (2, counted with no Multi-AZ
 * database too, like the failover rule); with any signal, a zone experiment per zone and their composite stop alarm.
 */
export function sharedEstimate(catalog: Catalog, side: Side): number {
  const contacts = catalog.contacts.filter((c) => c.notify).length;
  const tiers = catalog.tiers.length;
  if (side === 'dr') return 28 + contacts + tiers + drRegionEstimate(catalog);
  const zones = catalog.environment.availabilityZones[catalog.environment.primaryRegion]?.length ?? 0;
  const drills = catalog.drills.filter((d) => d.kind === 'pitr-restore').length;
  // A pilot light's access entry on the primary cluster for the Region switch plan's role.
  const pilot = catalog.environment.drCompute?.kind === 'pilot-light' ? 1 : 0;
  return 50 + contacts + 3 * zones + 4 * tiers + catalog.services.length + 2 * drills + pilot + healthEstimate(catalog);
}

/** Per service with a signal: a long and a short window alarm and a composite per burn-rate pair (constructs/health.ts). */
const SLO_ALARMS_PER_SIGNAL = 9;

function healthEstimate(catalog: Catalog): number {
  const signals = catalog.services.flatMap((s) => (s.health ? [s.health] : []));
  const canaries = signals.filter((h) => h.kind === 'canary');
  const zones = catalog.environment.availabilityZones[catalog.environment.primaryRegion]?.length ?? 0;
  return (
    5 +
    // The zone experiments (constructs/experiments.ts): a template per zone and their composite stop alarm; the pod
    // experiments: one per service with a signal and per Redis asset (at most), and the FIS role's access entry.
    (signals.length > 0
      ? zones + 1 + signals.length + catalog.assets.filter((a) => a.kind === 'redis').length + 1
      : 0) +
    signals.length * (1 + SLO_ALARMS_PER_SIGNAL) +
    canaries.length +
    (canaries.length > 0 ? 2 : 0) +
    (canaries.some((c) => c.kind === 'canary' && c.internal) ? 1 : 0)
  );
}
