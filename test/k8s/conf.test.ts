import type { Asset } from '../../lib/catalog';
import { quorum, redisConf, saveLine, sentinelConf } from '../../k8s/redis/conf';
import type { MechanismSpec } from '../../lib/model';

const asset = (kind: Asset['kind']) => ({ id: 'r', kind, tier: 'tier-1' }) as Asset;
const options = { dir: '/data', maxmemoryMiB: 768 };
const line = (conf: string, option: string) => conf.split('\n').filter((l) => l.startsWith(`${option} `));

describe('redis.conf from the plan', () => {
  test('no redis-aof and no redis-rdb: nothing is persisted (save "", appendonly no)', () => {
    const conf = redisConf(asset('redis-cache'), [], options);
    expect(line(conf, 'save')).toEqual(['save ""']);
    expect(line(conf, 'appendonly')).toEqual(['appendonly no']);
    expect(line(conf, 'appendfsync')).toEqual([]);
  });

  test('redis-aof gives appendonly with its fsync and rewrite settings, always with the RDB preamble', () => {
    const set: MechanismSpec[] = [{ id: 'redis-aof', fsync: 'always', noAppendfsyncOnRewrite: true }];
    const conf = redisConf(asset('redis'), set, options);
    expect(line(conf, 'appendonly')).toEqual(['appendonly yes']);
    expect(line(conf, 'appendfsync')).toEqual(['appendfsync always']);
    expect(line(conf, 'no-appendfsync-on-rewrite')).toEqual(['no-appendfsync-on-rewrite yes']);
    expect(line(conf, 'aof-use-rdb-preamble')).toEqual(['aof-use-rdb-preamble yes']);
  });

  test('every redis-rdb save rule is written on one save line', () => {
    expect(
      saveLine({
        id: 'redis-rdb',
        saves: [
          [900, 1],
          [300, 100],
        ],
      }),
    ).toBe('save 900 1 300 100');
    expect(saveLine({ id: 'redis-rdb', saves: [] })).toBe('save ""');
  });

  test('a kind that keeps data never evicts; a rebuildable cache evicts least recently used keys', () => {
    expect(line(redisConf(asset('redis'), [], options), 'maxmemory-policy')).toEqual(['maxmemory-policy noeviction']);
    expect(line(redisConf(asset('redis-cache'), [], options), 'maxmemory-policy')).toEqual([
      'maxmemory-policy allkeys-lru',
    ]);
    expect(line(redisConf(asset('redis'), [], options), 'maxmemory')).toEqual(['maxmemory 768mb']);
  });

  test('redis-sentinel adds min-replicas settings and replication over TLS; no password is ever written', () => {
    const sentinel: MechanismSpec = {
      id: 'redis-sentinel',
      replicas: 2,
      zones: 3,
      minReplicasToWrite: 1,
      minReplicasMaxLagSeconds: 10,
      downAfterSeconds: 5,
    };
    const conf = redisConf(asset('redis'), [sentinel], options);
    expect(line(conf, 'min-replicas-to-write')).toEqual(['min-replicas-to-write 1']);
    expect(line(conf, 'min-replicas-max-lag')).toEqual(['min-replicas-max-lag 10']);
    expect(line(conf, 'tls-replication')).toEqual(['tls-replication yes']);
    expect(conf).not.toMatch(/^(requirepass|masterauth)/m);
    expect(line(conf, 'include')).toEqual(['include /etc/redis/auth/auth.conf']);
  });
});

describe('sentinel.conf from the plan', () => {
  test('down-after in milliseconds, a majority quorum of replicas + 1 Sentinels, the primary left to the start script', () => {
    const conf = sentinelConf('sessions', {
      id: 'redis-sentinel',
      replicas: 2,
      zones: 3,
      minReplicasToWrite: 1,
      minReplicasMaxLagSeconds: 10,
      downAfterSeconds: 5,
    });
    expect(line(conf, 'sentinel down-after-milliseconds')).toEqual(['sentinel down-after-milliseconds sessions 5000']);
    expect(line(conf, 'sentinel monitor')).toEqual(['sentinel monitor sessions @PRIMARY@ 6379 2']);
    expect(conf.indexOf('sentinel monitor')).toBeLessThan(conf.indexOf('sentinel down-after-milliseconds'));
  });

  test.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
  ])('quorum of %i Sentinels is %i', (n, q) => {
    expect(quorum(n)).toBe(q);
  });
});
