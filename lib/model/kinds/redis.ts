/** Redis on Kubernetes: a persistent store (sessions) and a rebuildable cache. */
import type { MechanismSpec } from '../mechanisms/spec';
import { snapshotOptions, type KindModule } from './kind';
import { workloadOptions } from './service';

const MINUTE = 60;
/** Save intervals for `save <seconds> 1` (REDIS-1), most frequent first. */
const SAVE_INTERVALS = [1, 5, 15, 60].map((m) => m * MINUTE);

/**
 * RDB stays on beside AOF (an independent file format to fall back on). Its interval is the longest that leaves half
 * the RPO for BGSAVE, whose duration is not published (REDIS-2).
 */
export function saveIntervalSeconds(rpoSeconds: number | null): number {
  const budget = (rpoSeconds ?? Infinity) / 2;
  return [...SAVE_INTERVALS].reverse().find((s) => s <= budget) ?? SAVE_INTERVALS[0]!;
}
/** Shipping schedules for RDB snapshots to the replicated bucket. */
const SHIP_INTERVALS = [5, 15, 30, 60, 360, 1440].map((m) => m * MINUTE);
/** A shipment must finish within 10 minutes, or the schedule interval if that is shorter. */
const SHIP_DEADLINE = 10 * MINUTE;
/** Sentinel settings: a 5 s down-after (REDIS-14 default is 30 s) and writes refused without a replica fresh within 10 s (REDIS-12). */
export const SENTINEL = {
  replicas: 2,
  downAfterSeconds: 5,
  minReplicasToWrite: 1,
  minReplicasMaxLagSeconds: 10,
} as const;

export const redis: KindModule = {
  kind: 'redis',
  title: 'Redis on Kubernetes (persistent)',
  stateful: true,
  backupResourceType: 'EBS',
  restoreServes: false,
  groups: (policy, ctx) => {
    // AOF is always on for a persistent Redis (REDIS-19): without it a restarted primary resyncs its replicas to
    // whatever RDB it last saved.
    const aof: MechanismSpec[][] = [
      [{ id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: false }],
      [{ id: 'redis-aof', fsync: 'always', noAppendfsyncOnRewrite: false }],
    ];
    const rdb: MechanismSpec[][] = [[{ id: 'redis-rdb', saves: [[saveIntervalSeconds(policy.budget.rpoSeconds), 1]] }]];
    // Always Sentinel: the chart (k8s/redis/redis-chart.ts) builds one topology, a primary with replicas found
    // through Sentinel. A lone primary would score a better RPO on paper (its AOF counts when nothing else recovers
    // it, K8S-18) while a dead node leaves it down, and the chart cannot build it: not offered.
    const sentinel: MechanismSpec[][] = [
      [{ id: 'redis-sentinel', ...SENTINEL, zones: Math.min(ctx.zones, SENTINEL.replicas + 1) }],
    ];
    const shipping: MechanismSpec[][] = [[]];
    for (const intervalSeconds of SHIP_INTERVALS) {
      const deadlineSeconds = Math.min(SHIP_DEADLINE, intervalSeconds);
      shipping.push([{ id: 'redis-rdb-shipping', intervalSeconds, deadlineSeconds, replication: { rtc: true } }]);
    }
    return [
      { name: 'aof', options: aof },
      { name: 'rdb', options: rdb },
      { name: 'replicas', options: sentinel },
      { name: 'shipping', options: shipping },
      { name: 'volume-snapshots', options: snapshotOptions('EBS', policy) },
    ];
  },
};

/** A rebuildable cache (REDIS-18): no persistence; independent replicas behind one Service keep it available. */
export const redisCache: KindModule = {
  kind: 'redis-cache',
  title: 'Redis cache on Kubernetes (rebuildable)',
  stateful: false,
  backupResourceType: null,
  restoreServes: false,
  groups: (policy, ctx) => [
    { name: 'workload', options: workloadOptions(policy, ctx) },
    { name: 'flush', options: [[{ id: 'cache-flush', warmUpSeconds: policy.warmUpSeconds ?? null }]] },
  ],
};
