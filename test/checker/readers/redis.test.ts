import { readRedisConf } from '../../../lib/checker/readers/redis-conf';
import { readShippingJob } from '../../../lib/checker/readers/rdb-shipping';
import { downAfterSeconds, readSentinel } from '../../../lib/checker/readers/sentinel';
import { volumeTags } from '../../../lib/checker/readers/storage-class';
import { k8s } from '../helpers';

describe('readRedisConf: redis-aof, redis-rdb and replication settings from redis.conf', () => {
  test('AOF everysec, an hourly RDB save and min-replicas settings', () => {
    const c = readRedisConf(
      '# sessions\nappendonly yes\nappendfsync everysec\nsave 3600 1\nmin-replicas-to-write 1\nmin-replicas-max-lag 10\n',
    );
    expect(c.aof).toEqual({ id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: false });
    expect(c.rdb).toEqual({ id: 'redis-rdb', saves: [[3600, 1]] });
    expect([c.minReplicasToWrite, c.minReplicasMaxLagSeconds, c.problems]).toEqual([1, 10, []]);
  });

  test('AOF off together with RDB saves off: no AOF and an RDB with no rule', () => {
    const c = readRedisConf('appendonly no\nsave ""\n');
    expect(c.aof).toBeNull();
    expect(c.rdb.saves).toEqual([]);
  });

  test('nothing said: Redis 7 defaults (REDIS-1, REDIS-4, REDIS-12)', () => {
    const c = readRedisConf('');
    expect(c.aof).toBeNull();
    expect(c.rdb.saves).toEqual([
      [3600, 1],
      [300, 100],
      [60, 10000],
    ]);
    expect([c.minReplicasToWrite, c.minReplicasMaxLagSeconds]).toEqual([0, 10]);
  });

  test('multi-pair save lines accumulate; a later save "" clears them', () => {
    expect(readRedisConf('save 900 1 300 10\nsave 60 10000').rdb.saves).toEqual([
      [900, 1],
      [300, 10],
      [60, 10000],
    ]);
    expect(readRedisConf('save 900 1\nsave ""').rdb.saves).toEqual([]);
  });

  test('no-appendfsync-on-rewrite yes is read; nonsense is a problem', () => {
    const c = readRedisConf('appendonly yes\nno-appendfsync-on-rewrite yes\nappendfsync sometimes');
    expect(c.aof).toEqual({ id: 'redis-aof', fsync: 'everysec', noAppendfsyncOnRewrite: true });
    expect(c.problems).toEqual(['appendfsync: expected always, everysec or no, got sometimes']);
  });
});

describe('readSentinel: redis-sentinel from sentinel.conf and the StatefulSet', () => {
  const statefulSet = (replicas: number, spread: boolean) =>
    k8s(
      'StatefulSet',
      'sessions',
      { 'dr/asset': 'sessions' },
      {
        spec: {
          replicas,
          template: {
            metadata: { labels: { app: 'sessions' } },
            spec: {
              containers: [{ name: 'redis' }],
              ...(spread
                ? {
                    topologySpreadConstraints: [
                      {
                        maxSkew: 1,
                        topologyKey: 'topology.kubernetes.io/zone',
                        whenUnsatisfiable: 'DoNotSchedule',
                        labelSelector: { matchLabels: { app: 'sessions' } },
                      },
                    ],
                  }
                : {}),
            },
          },
        },
      },
    );
  const conf = { minReplicasToWrite: 1, minReplicasMaxLagSeconds: 10 };

  test('three pods spread over three zones: a primary and two replicas in three zones', () => {
    expect(
      readSentinel(
        statefulSet(3, true),
        'sentinel monitor m redis 6379 2\nsentinel down-after-milliseconds m 5000\n',
        conf,
        3,
      ),
    ).toEqual({
      id: 'redis-sentinel',
      replicas: 2,
      zones: 3,
      minReplicasToWrite: 1,
      minReplicasMaxLagSeconds: 10,
      downAfterSeconds: 5,
    });
  });

  test('without spread the pods may share one zone; down-after defaults to 30 s (REDIS-14)', () => {
    const s = readSentinel(statefulSet(3, false), 'sentinel monitor m redis 6379 2', conf, 3);
    expect([s.zones, s.downAfterSeconds]).toEqual([1, 30]);
    expect(downAfterSeconds('sentinel down-after-milliseconds m 30000')).toBe(30);
  });
});

describe('readShippingJob: redis-rdb-shipping from the CronJob', () => {
  const job = (spec: Record<string, unknown>, env: Record<string, string> = { SNAPSHOT_BUCKET: 'snapshots' }) =>
    k8s(
      'CronJob',
      'ship',
      { 'dr/asset': 'sessions', 'dr/role': 'rdb-shipping' },
      {
        spec: {
          schedule: '*/30 * * * *',
          jobTemplate: {
            spec: {
              activeDeadlineSeconds: 600,
              template: {
                spec: {
                  containers: [{ name: 'ship', env: Object.entries(env).map(([name, value]) => ({ name, value })) }],
                },
              },
            },
          },
          ...spec,
        },
      },
    );

  test('schedule, deadline and bucket', () => {
    expect(readShippingJob(job({}))).toEqual({
      intervalSeconds: 1800,
      deadlineSeconds: 600,
      bucket: 'snapshots',
      problems: [],
    });
  });

  test('suspended, or no bucket: problems, and a suspended job ships nothing', () => {
    const r = readShippingJob(job({ suspend: true }, {}));
    expect(r.intervalSeconds).toBeNull();
    expect(r.problems).toEqual([
      'the CronJob is suspended: nothing is shipped',
      'no SNAPSHOT_BUCKET env value: the destination is unknown',
    ]);
  });
});

describe('volumeTags: the tags a StorageClass puts on its EBS volumes', () => {
  test('tagSpecification_N parameters, nothing else', () => {
    const sc = k8s(
      'StorageClass',
      'sessions',
      { 'dr/asset': 'sessions' },
      { parameters: { type: 'gp3', tagSpecification_1: 'dr:asset=sessions', tagSpecification_2: 'dr:tier=gold' } },
    );
    expect(volumeTags(sc)).toEqual({ 'dr:asset': 'sessions', 'dr:tier': 'gold' });
  });
});
