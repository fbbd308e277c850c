/**
 * The way out of a gap, in the artifact's words: which planned mechanism the artifact lacks or weakens and the field
 * that encodes it (docs/artifacts.md), or, when even the plan falls short, the catalog's `accept:`.
 */
import type { MechanismId, MechanismSpec, Mode, Plan } from '../model';
import { canonical } from './join';

export const ARTIFACT_FIELDS: Readonly<Record<MechanismId, string>> = {
  'rds-single-az': 'an AWS::RDS::DBInstance tagged dr:asset',
  'rds-multi-az-instance': '`MultiAZ: true` on the DB instance',
  'rds-multi-az-cluster': 'a Multi-AZ DB cluster',
  'rds-automated-backups': '`BackupRetentionPeriod` ≥ 1 on the DB instance',
  'rds-backup-replication': '`AutomaticBackupReplicationRegion` on the DB instance',
  'rds-read-replica': 'a cross-Region read replica',
  'region-switch':
    'a step of the `AWS::ARCRegionSwitch::Plan` activation workflow into the DR Region that brings it back (with its cluster access entries, DR network and Route 53 failover)',
  'backup-snapshot':
    'an AWS Backup rule (`ScheduleExpression`, windows, `Lifecycle`) whose selection matches the resource',
  'backup-continuous': 'an AWS Backup rule with `EnableContinuousBackup: true` whose selection matches the resource',
  'backup-copy': 'a `CopyActions` entry to the DR Region vault on the backup rule',
  's3-versioning': '`VersioningConfiguration.Status: Enabled` on the bucket',
  's3-replication': 'an enabled `ReplicationConfiguration` rule on the bucket (`ReplicationTime` for RTC)',
  's3-object-lock': '`ObjectLockEnabled` with a default retention on the bucket',
  'redis-rdb': '`save` rules in redis.conf',
  'redis-aof': '`appendonly yes` (and `appendfsync`) in redis.conf',
  'redis-sentinel': 'sentinel.conf and replicas in the Redis StatefulSet, spread over zones',
  'redis-rdb-shipping':
    'the `dr/role: rdb-shipping` CronJob (schedule, `activeDeadlineSeconds`, a replicated SNAPSHOT_BUCKET)',
  'k8s-workload': 'the HPA `minReplicas`, the probes, the zone spread and the tolerations of the Deployment',
  'secrets-manager': '`ReplicaRegions` on the secret',
  'ecr-replication': 'an AWS::ECR::ReplicationConfiguration rule matching the repository',
  'stateless-redeploy': 'compute in the DR Region (`environment.drCompute`) and replicated images',
  'cache-flush': "the `dr/warm-up-seconds` annotation on the cache Deployment (the asset's `warmUp` in the catalog)",
  external: 'an `external:` declaration with evidence in the catalog',
};

function settings(spec: MechanismSpec, other: MechanismSpec): string {
  const a = spec as unknown as Record<string, unknown>;
  const b = other as unknown as Record<string, unknown>;
  return Object.keys(a)
    .filter((k) => k !== 'id' && canonical(a[k]) !== canonical(b[k]))
    .map((k) => `${k} ${JSON.stringify(b[k])} (plan: ${JSON.stringify(a[k])})`)
    .join(', ');
}

export interface FixRequest {
  readonly mode: Mode;
  readonly field: 'rpo' | 'rto';
  /** What the artifacts have. */
  readonly read: readonly MechanismSpec[];
  /** What the model plans for the same target; only used to word the fix. */
  readonly plan: Plan | undefined;
  /** For a service: the dependencies that give the field its status. */
  readonly limitedBy?: readonly string[];
  /** The service's own figure falls short as well: its own fix comes with the dependencies'. */
  readonly ownToo?: boolean;
}

export function fixFor(r: FixRequest): string {
  if (r.limitedBy && r.limitedBy.length > 0) {
    const which = r.limitedBy.length === 1 ? "that entry's" : "those entries'";
    const deps = `bounded by ${r.limitedBy.join(', ')}: fix ${which} ${r.mode} ${r.field.toUpperCase()} first, or accept it on this entry with a ceiling that covers it`;
    return r.ownToo ? `${ownFix({ ...r, limitedBy: [] })}; and ${deps}` : deps;
  }
  return ownFix(r);
}

function ownFix(r: FixRequest): string {
  if (!r.plan) return 'implement the entry as docs/artifacts.md describes';
  const have = new Set(r.read.map(canonical));
  const missing = r.plan.mechanisms.filter((m) => !have.has(canonical(m)));
  const inMode = missing.filter((m) => r.plan!.assessment[r.mode].mechanisms.some((x) => x.id === m.id));
  const shortfall = r.plan.shortfalls.find((s) => s.mode === r.mode && s.field === r.field);
  const accept = shortfall
    ? `no configuration the model knows reaches this target (${shortfall.reason}): add an \`accept:\` for mode ${r.mode} to the catalog (ceiling, reason, owner, expiry) or change the target`
    : undefined;
  // What the artifacts lack of the plan comes first: restoring it is the fix even where the plan falls short too.
  const list = inMode.length > 0 ? inMode : shortfall ? [] : missing;
  if (list.length === 0)
    return accept ?? 'the artifacts hold every planned mechanism: synthesize again from the catalog';
  const restore = list
    .map((m) => {
      const had = r.read.find((x) => x.id === m.id);
      return had
        ? `${m.id}: ${settings(m, had)} — set ${ARTIFACT_FIELDS[m.id]}`
        : `${m.id} is missing — add ${ARTIFACT_FIELDS[m.id]}`;
    })
    .join('; ');
  return accept ? `${restore}; then ${accept}` : restore;
}
