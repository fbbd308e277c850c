/**
 * Every mechanism figure, per failure mode, with the facts it rests on. Notation: `150 typical [RDS-9 RDS-10]`;
 * `unknown ≥5 auto` for an unknown figure with a lower bound on an automatic path; `none`; `n/a`.
 */
import { achieve, type MechanismSpec, type ModelContext, type Mode } from '../../lib/model';
import type { Field } from '../../lib/model/figure';

const CTX: ModelContext = { kubernetesVersion: '1.27', zones: 3, drCompute: false, minReady: 2 };
const LOCK = { mode: 'compliance' as const, minRetentionDays: 1, maxRetentionDays: 400 };

function show(f: Field): string {
  if (f.kind !== 'figure') return f.kind;
  const { seconds, bound, facts, atLeast, automatic } = f.figure;
  const value =
    seconds === null ? `unknown${atLeast ? ` ≥${atLeast}` : ''}${automatic ? ' auto' : ''}` : `${seconds} ${bound}`;
  return `${value} [${[...facts].sort().join(' ')}]`;
}

type Row = [string, MechanismSpec, Mode, string, string, Partial<ModelContext>?, MechanismSpec[]?];

const multiAz: MechanismSpec = { id: 'rds-multi-az-instance', deletionProtection: true };
const rdsBackups: MechanismSpec = { id: 'rds-automated-backups', retentionDays: 35, deleteAutomatedBackups: false };
const workload = (
  minReplicas: number,
  extra: Partial<Extract<MechanismSpec, { id: 'k8s-workload' }>> = {},
): MechanismSpec => ({
  id: 'k8s-workload',
  controller: 'Deployment',
  minReplicas,
  zoneSpread: { maxSkew: 1, nodeTaintsPolicy: 'Honor' },
  readiness: { periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
  liveness: { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
  startup: { periodSeconds: 5, failureThreshold: 12, timeoutSeconds: 2 },
  unreachableTolerationSeconds: 60,
  ...extra,
});
const snapshot = (intervalSeconds: number, extra = {}): MechanismSpec => ({
  id: 'backup-snapshot',
  resourceType: 'RDS',
  intervalSeconds,
  startWindowSeconds: 3600,
  completionWindowSeconds: 7200,
  retentionDays: 35,
  vaultLock: LOCK,
  ...extra,
});

const ROWS: Row[] = [
  // RDS
  [
    'Single-AZ instance',
    { id: 'rds-single-az', deletionProtection: true },
    'instance',
    '0 typical [MECH-1]',
    'unknown auto [MECH-1 RDS-21]',
  ],
  ['Single-AZ instance', { id: 'rds-single-az', deletionProtection: true }, 'az', 'none', 'none'],
  ['Multi-AZ instance', multiAz, 'instance', '0 worst [MECH-2 RDS-8]', '150 typical [RDS-10 RDS-9]'],
  ['Multi-AZ instance', multiAz, 'az', '0 worst [MECH-2 RDS-8]', '150 typical [RDS-10 RDS-9]'],
  ['Multi-AZ instance', multiAz, 'region', 'none', 'none'],
  ['Multi-AZ instance', multiAz, 'corruption', 'none', 'none'],
  [
    'Multi-AZ DB cluster',
    { id: 'rds-multi-az-cluster', deletionProtection: true },
    'az',
    '0 typical [MECH-3 RDS-11]',
    '65 typical [RDS-10 RDS-12]',
  ],
  [
    'automated backups',
    rdsBackups,
    'az',
    '300 typical [RDS-1 RDS-2]',
    'unknown [RDS-21 RDS-3]',
    {},
    [multiAz, rdsBackups],
  ],
  [
    'automated backups',
    rdsBackups,
    'corruption',
    '1 typical [BKP-5 MECH-1]',
    'unknown [RDS-21 RDS-3]',
    {},
    [multiAz, rdsBackups],
  ],
  [
    'automated backups, no deletion protection',
    rdsBackups,
    'corruption',
    '300 typical [RDS-2 RDS-22]',
    'unknown [RDS-21 RDS-3]',
    {},
    [{ id: 'rds-multi-az-instance', deletionProtection: false }, rdsBackups],
  ],
  [
    'automated backups deleted with the instance',
    { ...rdsBackups, deleteAutomatedBackups: true } as MechanismSpec,
    'corruption',
    'none',
    'none',
    {},
    [{ id: 'rds-single-az', deletionProtection: false }],
  ],
  ['automated backups, retention 0', { ...rdsBackups, retentionDays: 0 } as MechanismSpec, 'az', 'none', 'none'],
  [
    'cross-Region backup replication',
    { id: 'rds-backup-replication', retentionDays: 7 },
    'region',
    '1800 typical [MECH-4 RDS-15]',
    'unknown [RDS-15 RDS-21]',
    {},
    [multiAz],
  ],
  [
    'cross-Region backup replication',
    { id: 'rds-backup-replication', retentionDays: 7 },
    'instance',
    'none',
    'none',
    {},
    [multiAz],
  ],
  [
    'cross-Region backup replication after corruption: its newest point lags',
    { id: 'rds-backup-replication', retentionDays: 7 },
    'corruption',
    '1800 typical [MECH-4 RDS-15 RDS-16]',
    'unknown [RDS-15 RDS-21]',
    {},
    [multiAz],
  ],
  [
    'backup replication beside a Multi-AZ cluster',
    { id: 'rds-backup-replication', retentionDays: 7 },
    'region',
    'none',
    'none',
    {},
    [{ id: 'rds-multi-az-cluster', deletionProtection: true }],
  ],
  ['cross-Region read replica', { id: 'rds-read-replica' }, 'region', 'unknown [MECH-5 RDS-17]', 'unknown [MECH-5]'],
  // AWS Backup
  [
    'hourly snapshot rule',
    snapshot(3600),
    'instance',
    '10800 worst [BKP-1 BKP-3 BKP-4 MECH-9]',
    'unknown [MECH-9 RDS-21]',
  ],
  [
    'daily snapshot rule',
    snapshot(86400),
    'corruption',
    '93600 worst [BKP-1 BKP-3 BKP-4 MECH-9]',
    'unknown [MECH-9 RDS-21]',
  ],
  // A lock decides retention bounds; a privileged attacker is the immutability policy's concern (docs/model.md).
  [
    'snapshot rule in an unlocked vault',
    snapshot(86400, { vaultLock: null }),
    'corruption',
    '93600 worst [BKP-1 BKP-3 BKP-4 MECH-9]',
    'unknown [MECH-9 RDS-21]',
  ],
  ['snapshot rule every 30 minutes (AWS rejects it)', snapshot(1800), 'instance', 'none', 'none'],
  ['snapshot rule outside the vault lock', snapshot(86400, { retentionDays: 500 }), 'instance', 'none', 'none'],
  ['snapshot rule', snapshot(3600), 'region', 'none', 'none'],
  [
    'continuous backup (RDS)',
    { id: 'backup-continuous', resourceType: 'RDS', retentionDays: 35, vaultLock: LOCK },
    'az',
    '300 typical [BKP-7 MECH-10 RDS-1 RDS-2]',
    'unknown [MECH-9 RDS-21]',
  ],
  [
    'continuous backup (RDS)',
    { id: 'backup-continuous', resourceType: 'RDS', retentionDays: 35, vaultLock: LOCK },
    'corruption',
    '1 typical [BKP-5 MECH-1]',
    'unknown [MECH-9 RDS-21]',
    {},
    [multiAz],
  ],
  [
    'continuous backup (EBS is not supported)',
    { id: 'backup-continuous', resourceType: 'EBS', retentionDays: 35, vaultLock: LOCK },
    'az',
    'none',
    'none',
  ],
  [
    'continuous backup over 35 days',
    { id: 'backup-continuous', resourceType: 'RDS', retentionDays: 90, vaultLock: LOCK },
    'az',
    'none',
    'none',
  ],
  [
    'cross-Region copy',
    {
      id: 'backup-copy',
      resourceType: 'RDS',
      ruleIntervalSeconds: 86400,
      ruleCompletionWindowSeconds: 7200,
      retentionDays: 35,
      vaultLock: LOCK,
    },
    'region',
    'unknown ≥93600 [BKP-13 MECH-11]',
    'unknown [MECH-11]',
  ],
  [
    'cross-Region copy of an EBS volume, no DR compute',
    {
      id: 'backup-copy',
      resourceType: 'EBS',
      ruleIntervalSeconds: 86400,
      ruleCompletionWindowSeconds: 7200,
      retentionDays: 35,
      vaultLock: LOCK,
    },
    'region',
    'unknown ≥93600 [BKP-13 MECH-11]',
    'none',
  ],
  // S3
  ['S3 versioning', { id: 's3-versioning' }, 'az', '0 typical [MECH-12 S3-13]', '0 typical [MECH-12]'],
  ['S3 versioning', { id: 's3-versioning' }, 'corruption', 'none', 'none'],
  [
    'CRR with RTC',
    { id: 's3-replication', rtc: true, deleteMarkers: true },
    'region',
    '900 sla [MECH-14 S3-4 S3-5]',
    'unknown [MECH-13]',
    {},
    [{ id: 's3-versioning' }],
  ],
  [
    'CRR without RTC',
    { id: 's3-replication', rtc: false, deleteMarkers: true },
    'region',
    '172800 worst [MECH-13 S3-3]',
    'unknown [MECH-13]',
    {},
    [{ id: 's3-versioning' }],
  ],
  [
    'CRR keeps versions deleted by id',
    { id: 's3-replication', rtc: true, deleteMarkers: true },
    'corruption',
    '0 typical [S3-1 S3-8]',
    'unknown [MECH-12]',
    {},
    [{ id: 's3-versioning' }],
  ],
  ['CRR without versioning', { id: 's3-replication', rtc: true, deleteMarkers: true }, 'region', 'none', 'none'],
  [
    'Object Lock (compliance)',
    { id: 's3-object-lock', mode: 'compliance', retentionDays: 30 },
    'corruption',
    '0 typical [MECH-15 S3-11]',
    'unknown [MECH-12]',
  ],
  // Redis
  [
    'AOF everysec',
    { id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: false },
    'instance',
    '2 worst [MECH-21 REDIS-4 REDIS-5]',
    'none',
  ],
  [
    'AOF everysec, no fsync on rewrite',
    { id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: true },
    'instance',
    '30 typical [REDIS-4 REDIS-6]',
    'none',
  ],
  [
    'AOF always',
    { id: 'redis-aof', fsync: 'always', noAppendfsyncOnRewrite: false },
    'instance',
    '0 typical [MECH-22 REDIS-4]',
    'none',
  ],
  ['AOF', { id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: false }, 'az', 'none', 'none'],
  [
    'RDB save 900 1',
    { id: 'redis-rdb', saves: [[900, 1]] },
    'instance',
    'unknown ≥900 [MECH-20 REDIS-1 REDIS-2]',
    'none',
  ],
  ['RDB without a single-change rule', { id: 'redis-rdb', saves: [[300, 100]] }, 'instance', 'none', 'none'],
  ['RDB disabled', { id: 'redis-rdb', saves: [] }, 'instance', 'none', 'none'],
  [
    'Sentinel with AOF',
    {
      id: 'redis-sentinel',
      replicas: 2,
      zones: 3,
      minReplicasToWrite: 1,
      minReplicasMaxLagSeconds: 10,
      downAfterSeconds: 5,
    },
    'instance',
    '10 typical [MECH-23 REDIS-12]',
    'unknown ≥5 auto [MECH-23 REDIS-14 REDIS-16]',
    {},
    [{ id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: false }],
  ],
  [
    'Sentinel without persistence (REDIS-13)',
    {
      id: 'redis-sentinel',
      replicas: 2,
      zones: 3,
      minReplicasToWrite: 1,
      minReplicasMaxLagSeconds: 10,
      downAfterSeconds: 5,
    },
    'instance',
    'none',
    'none',
  ],
  [
    'Sentinel without min-replicas-to-write',
    {
      id: 'redis-sentinel',
      replicas: 2,
      zones: 3,
      minReplicasToWrite: 0,
      minReplicasMaxLagSeconds: 10,
      downAfterSeconds: 30,
    },
    'az',
    'unknown [MECH-23 REDIS-10]',
    'unknown ≥30 auto [MECH-23 REDIS-14 REDIS-16]',
  ],
  [
    'Sentinel in one zone',
    {
      id: 'redis-sentinel',
      replicas: 2,
      zones: 1,
      minReplicasToWrite: 1,
      minReplicasMaxLagSeconds: 10,
      downAfterSeconds: 5,
    },
    'az',
    'none',
    'none',
  ],
  [
    'RDB shipping every 30 min',
    { id: 'redis-rdb-shipping', intervalSeconds: 1800, deadlineSeconds: 600, replication: { rtc: true } },
    'corruption',
    '2400 worst [MECH-20]',
    'unknown [MECH-20]',
  ],
  [
    'RDB shipping to a replicated bucket, no DR compute',
    { id: 'redis-rdb-shipping', intervalSeconds: 1800, deadlineSeconds: 600, replication: { rtc: true } },
    'region',
    '3300 sla [MECH-14 MECH-20 S3-5]',
    'none',
  ],
  [
    'RDB shipping, DR compute declared',
    { id: 'redis-rdb-shipping', intervalSeconds: 1800, deadlineSeconds: 600, replication: { rtc: true } },
    'region',
    '3300 sla [MECH-14 MECH-20 S3-5]',
    'unknown [MECH-20]',
    { drCompute: true },
  ],
  [
    'RDB shipping to an unreplicated bucket',
    { id: 'redis-rdb-shipping', intervalSeconds: 1800, deadlineSeconds: 600, replication: null },
    'region',
    'none',
    'none',
  ],
  // Kubernetes (1.27: grace 40 s + monitor 5 s; 1.32: 50 s + 5 s)
  ['3 replicas over 3 zones', workload(3), 'instance', 'n/a', '45 typical [K8S-11 K8S-13 K8S-15 K8S-9 MECH-25]'],
  ['3 replicas over 3 zones', workload(3), 'az', 'n/a', '45 typical [K8S-11 K8S-13 K8S-15 K8S-9 MECH-25]'],
  [
    '3 replicas, Kubernetes 1.32',
    workload(3),
    'az',
    'n/a',
    '55 typical [K8S-11 K8S-14 K8S-15 K8S-9 MECH-25]',
    { kubernetesVersion: '1.32' },
  ],
  [
    '2 replicas lose one zone below the tier minimum',
    workload(2),
    'az',
    'n/a',
    'unknown ≥105 auto [K8S-13 K8S-16 MECH-24]',
  ],
  ['1 replica', workload(1), 'instance', 'n/a', 'unknown ≥105 auto [K8S-13 K8S-16 MECH-24]', { minReady: 1 }],
  [
    '3 replicas without zone spread',
    workload(3, { zoneSpread: null }),
    'az',
    'n/a',
    'unknown ≥105 auto [K8S-13 K8S-16 MECH-24]',
  ],
  [
    '2 replicas, spread with nodeTaintsPolicy Ignore',
    workload(2, { zoneSpread: { maxSkew: 1, nodeTaintsPolicy: 'Ignore' } }),
    'az',
    'n/a',
    'none',
  ],
  ['no readiness probe', workload(3, { readiness: null }), 'instance', 'n/a', 'none'],
  ['a single StatefulSet pod', workload(1, { controller: 'StatefulSet' }), 'instance', 'n/a', 'none', { minReady: 1 }],
  ['workload', workload(3), 'region', 'none', 'none'],
  ['workload', workload(3), 'corruption', 'n/a', 'n/a'],
  // Managed and external
  [
    'secret with a replica',
    { id: 'secrets-manager', replicaRegions: ['eu-west-1'] },
    'region',
    'unknown [MECH-28 OTH-2]',
    'unknown [MECH-28 OTH-2]',
  ],
  ['secret without a replica', { id: 'secrets-manager', replicaRegions: [] }, 'region', 'none', 'none'],
  ['secret', { id: 'secrets-manager', replicaRegions: [] }, 'az', 'n/a', 'n/a'],
  [
    'secret: a bad value propagates, no figure for an earlier one',
    { id: 'secrets-manager', replicaRegions: [] },
    'corruption',
    'unknown [MECH-28 OTH-3]',
    'unknown [OTH-3]',
  ],
  ['ECR replication', { id: 'ecr-replication', regions: ['eu-west-1'] }, 'region', 'n/a', 'none'],
  ['stateless redeploy without DR compute', { id: 'stateless-redeploy' }, 'region', 'none', 'none'],
  [
    'stateless redeploy with DR compute and images',
    { id: 'stateless-redeploy' },
    'region',
    'n/a',
    'unknown [OTH-4]',
    { drCompute: true },
    [{ id: 'ecr-replication', regions: ['eu-west-1'] }],
  ],
  [
    'stateless redeploy with DR compute, no images',
    { id: 'stateless-redeploy' },
    'region',
    'none',
    'none',
    { drCompute: true },
  ],
  [
    'external, declared outside the failure domain',
    { id: 'external', provider: 'GitHub', evidence: 'clones everywhere', unaffected: ['instance', 'az', 'region'] },
    'region',
    'n/a',
    'n/a',
  ],
  [
    'external, not declared for corruption',
    { id: 'external', provider: 'GitHub', evidence: 'clones everywhere', unaffected: ['instance'] },
    'corruption',
    'unknown []',
    'unknown []',
  ],
  [
    'external without evidence',
    { id: 'external', provider: 'GitHub', evidence: ' ', unaffected: ['instance'] },
    'corruption',
    'none',
    'none',
  ],
];

describe('mechanism figures', () => {
  test.each(ROWS)('%s — %s, %s: RPO %s, RTO %s', (_name, spec, mode, rpo, rto, ctx = {}, others = []) => {
    const set = [...others.filter((o) => o.id !== spec.id), spec];
    const outcome = achieve(spec, { ...CTX, ...ctx }, set)[mode];
    expect([show(outcome.rpo), show(outcome.rto)]).toEqual([rpo, rto]);
  });
});
