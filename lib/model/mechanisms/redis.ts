/** Self-managed Redis on Kubernetes: RDB, AOF, replicas with Sentinel, and RDB files shipped to a replicated bucket. */
import {
  allNone,
  automatic,
  compareFigures,
  dataOnly,
  fromFact,
  known,
  none,
  protects,
  scheduled,
  sum,
  unknown,
} from '../figure';
import type { Figure, ModeOutcomes } from '../types';
import type { MechanismModule, MechanismSpec, ModelContext } from './spec';

/** The instance-mode RPO of AOF and RDB does not depend on the platform. */
const CONTEXT_FREE: ModelContext = {
  kubernetesVersion: '1.27',
  zones: 1,
  drCompute: false,
  minReady: 1,
  endpointPropagationSeconds: null,
};
function achieve(m: MechanismSpec, ctx: ModelContext, set: readonly MechanismSpec[]): ModeOutcomes {
  if (m.id === 'redis-aof') return redisAof.achieve(m, ctx, set);
  if (m.id === 'redis-rdb') return redisRdb.achieve(m, ctx, set);
  throw new Error(`not a local persistence mechanism: ${m.id}`);
}

const LOCAL_FILES = 'persistence files live on one volume in one zone';
/** Without failover, a node loss leaves the Redis pod where it was (K8S-18): local persistence keeps data, not service. */
const NO_FAILOVER = 'a StatefulSet pod on a dead node is not replaced automatically';

/** What the local files keep across a restart: the better of AOF and RDB in the set, or nothing. */
function localPersistenceRpo(set: readonly MechanismSpec[]): Figure | null {
  const rpos = set
    .filter((m) => m.id === 'redis-aof' || m.id === 'redis-rdb')
    .map((m) => achieve(m, CONTEXT_FREE, set).instance.rpo)
    .flatMap((f) => (f.kind === 'figure' ? [f.figure] : []))
    .sort(compareFigures);
  return rpos[0] ?? null;
}

export const redisRdb: MechanismModule<'redis-rdb'> = {
  id: 'redis-rdb',
  title: 'Redis RDB snapshots',
  row: 'MECH-20',
  cost: () => 1,
  achieve: (spec) => {
    if (spec.saves.length === 0) return allNone('save "" disables RDB snapshots', ['REDIS-1']);
    // Only a rule that fires on a single change bounds the loss: a trickle of writes below every threshold is never saved.
    const everyChange = spec.saves.filter(([, changes]) => changes <= 1).map(([seconds]) => seconds);
    const rpo: Figure | null =
      everyChange.length === 0
        ? null
        : unknown(
            ['REDIS-1', 'REDIS-2', 'MECH-20'],
            'save interval plus BGSAVE time (not published)',
            Math.min(...everyChange),
          );
    return {
      instance:
        rpo === null
          ? none('no save rule fires on a single change', ['REDIS-1', 'REDIS-2'])
          : dataOnly(rpo, NO_FAILOVER, ['K8S-18', 'MECH-26']),
      az: none(LOCAL_FILES, ['REDIS-9', 'MECH-20']),
      region: none(LOCAL_FILES, ['REDIS-9', 'MECH-20']),
      corruption: none('the next snapshot overwrites the local file', ['REDIS-9', 'MECH-20']),
    };
  },
};

export const redisAof: MechanismModule<'redis-aof'> = {
  id: 'redis-aof',
  title: 'Redis append-only file',
  row: 'MECH-21',
  cost: (s) => (s.fsync === 'always' ? 3 : 2),
  achieve: (spec) => {
    const rpo =
      spec.fsync === 'always'
        ? known(0, 'typical', ['REDIS-4', 'MECH-22'], 'fsync before every reply')
        : spec.fsync === 'no' || spec.noAppendfsyncOnRewrite
          ? fromFact('REDIS-6', 'typical', ['REDIS-4'], 'the OS flushes roughly every 30 seconds')
          : fromFact('REDIS-5', 'worst', ['REDIS-4', 'MECH-21'], 'everysec: up to 2 s under an fsync stall');
    return {
      instance: dataOnly(rpo, NO_FAILOVER, ['K8S-18', 'MECH-26']),
      az: none(LOCAL_FILES, ['REDIS-9', 'MECH-21']),
      region: none(LOCAL_FILES, ['REDIS-9', 'MECH-21']),
      corruption: none('a rewrite folds bad writes into the base file', ['MECH-21']),
    };
  },
};

export const redisSentinel: MechanismModule<'redis-sentinel'> = {
  id: 'redis-sentinel',
  title: 'Redis replicas with Sentinel',
  row: 'MECH-23',
  cost: (s) => 4 + s.replicas,
  achieve: (spec, _ctx, set) => {
    if (spec.replicas < 1) return allNone('Sentinel without a replica has nothing to promote', ['MECH-23']);
    // Replication is asynchronous (REDIS-10). min-replicas-to-write / min-replicas-max-lag (REDIS-12) refuse writes
    // when no replica has acknowledged within the lag, but bound nothing that a connected, lagging replica has not yet
    // received when it is promoted (MECH-23): the loss has no published bound.
    const lag = unknown(
      spec.minReplicasToWrite >= 1 ? ['REDIS-10', 'REDIS-12', 'MECH-23'] : ['REDIS-10', 'MECH-23'],
      'asynchronous replication: what a promoted replica had not received is lost, and nothing published bounds it',
    );
    const rto = automatic(
      unknown(
        ['REDIS-14', 'REDIS-16', 'MECH-23'],
        'down-after plus election and promotion; no published total',
        spec.downAfterSeconds,
      ),
    );
    // A primary that restarts before Sentinel acts comes back with what its own files kept, and its replicas resync
    // from it; with no persistence at all it comes back empty and wipes them (REDIS-13).
    const local = localPersistenceRpo(set);
    const instance =
      local === null
        ? none('a primary without persistence that restarts wipes its replicas', ['REDIS-13'])
        : protects([lag, local].sort(compareFigures)[1]!, rto);
    return {
      instance,
      az: spec.zones >= 2 ? protects(lag, rto) : none('the replicas share the failed zone', ['MECH-23']),
      region: none('replicas run in the primary Region', ['MECH-23']),
      corruption: none('replication copies corruption', ['MECH-23']),
    };
  },
};

export const redisRdbShipping: MechanismModule<'redis-rdb-shipping'> = {
  id: 'redis-rdb-shipping',
  title: 'Redis RDB snapshots shipped to a versioned bucket',
  row: 'MECH-20',
  cost: (s) => 2 + 0.05 * (86400 / s.intervalSeconds - 1),
  achieve: (spec, ctx) => {
    // The bound holds one failed shipment (the alarm fires after the first), so the newest object is at most two
    // intervals plus the job deadline old.
    const shipped = scheduled(
      known(
        2 * spec.intervalSeconds + spec.deadlineSeconds,
        'worst',
        ['MECH-20'],
        'twice the shipping interval (one failed shipment) plus the job deadline',
      ),
      spec.intervalSeconds + spec.deadlineSeconds,
      'shipping interval plus the job deadline (every shipment succeeds)',
    );
    const restore = unknown(['MECH-20'], 'download and load time grow with the dataset; not published');
    const inRegion = protects(shipped, restore);
    return {
      instance: inRegion,
      az: inRegion,
      region:
        spec.replication === null
          ? none('the bucket is not replicated', ['MECH-20'])
          : region(spec.replication.rtc, shipped, ctx),
      corruption: inRegion,
    };
  },
};

function region(rtc: boolean, shipped: Figure, ctx: ModelContext) {
  const lag = rtc ? fromFact('S3-5', 'sla', ['MECH-14']) : fromFact('S3-3', 'worst', ['MECH-13']);
  const rpo = sum([shipped, lag], 'shipped snapshot age plus replication');
  return ctx.drCompute
    ? protects(rpo, unknown(['MECH-20'], 'start Redis on the DR compute and load the snapshot; not measured'))
    : dataOnly(rpo, 'no compute in the DR Region to run Redis', ['OTH-4']);
}
