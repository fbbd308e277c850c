/**
 * `v1 ConfigMap` labelled `dr/asset` with a `redis.conf` key → `redis-aof` (when `appendonly yes`) and `redis-rdb`, and
 * the replication settings Sentinel's RPO rests on. Absent directives take Redis 7's defaults: `appendonly no`,
 * `appendfsync everysec` (REDIS-4), `no-appendfsync-on-rewrite no` (REDIS-6), `save 3600 1 300 100 60 10000`
 * (REDIS-1), `min-replicas-to-write 0` and `min-replicas-max-lag 10` (REDIS-12).
 */
import { factValue, type SpecOf } from '../../model';

export interface RedisConf {
  readonly aof: SpecOf<'redis-aof'> | null;
  readonly rdb: SpecOf<'redis-rdb'>;
  readonly minReplicasToWrite: number;
  readonly minReplicasMaxLagSeconds: number;
  readonly problems: readonly string[];
}

/** Directive lines: `name arg arg`, `#` comments, double-quoted arguments (`save ""`). */
export function directives(text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
    out.push([words[0]!.toLowerCase(), words.slice(1)]);
  }
  return out;
}

function defaultSaves(): [number, number][] {
  return [1, 2, 3].map((i) => [factValue('REDIS-1', `default${i}Seconds`), factValue('REDIS-1', `default${i}Changes`)]);
}

export function readRedisConf(text: string): RedisConf {
  const problems: string[] = [];
  let appendonly = false;
  let fsync: SpecOf<'redis-aof'>['fsync'] = 'everysec';
  let noAppendfsyncOnRewrite = false;
  let saves: [number, number][] | null = null;
  let minReplicasToWrite = factValue('REDIS-12', 'minReplicasToWrite');
  let minReplicasMaxLagSeconds = factValue('REDIS-12', 'minReplicasMaxLag');
  const yes = (name: string, args: string[]) => {
    if (args[0] !== 'yes' && args[0] !== 'no') problems.push(`${name}: expected yes or no, got ${args.join(' ')}`);
    return args[0] === 'yes';
  };
  const count = (name: string, args: string[], fallback: number) => {
    if (!/^\d+$/.test(args[0] ?? '')) {
      problems.push(`${name}: expected a number, got ${args.join(' ')}`);
      return fallback;
    }
    return Number(args[0]);
  };
  for (const [name, args] of directives(text)) {
    if (name === 'appendonly') appendonly = yes(name, args);
    else if (name === 'appendfsync') {
      if (args[0] === 'always' || args[0] === 'everysec' || args[0] === 'no') fsync = args[0];
      else problems.push(`appendfsync: expected always, everysec or no, got ${args.join(' ')}`);
    } else if (name === 'no-appendfsync-on-rewrite') noAppendfsyncOnRewrite = yes(name, args);
    else if (name === 'save') {
      saves ??= [];
      if (args.length === 1 && args[0] === '') saves = [];
      else if (args.length % 2 !== 0 || !args.every((a) => /^\d+$/.test(a)))
        problems.push(`save: expected pairs of numbers, got ${args.join(' ')}`);
      else for (let i = 0; i < args.length; i += 2) saves.push([Number(args[i]), Number(args[i + 1])]);
    } else if (name === 'min-replicas-to-write') minReplicasToWrite = count(name, args, 0);
    else if (name === 'min-replicas-max-lag') minReplicasMaxLagSeconds = count(name, args, minReplicasMaxLagSeconds);
  }
  return {
    aof: appendonly ? { id: 'redis-aof', fsync, noAppendfsyncOnRewrite } : null,
    rdb: { id: 'redis-rdb', saves: saves ?? defaultSaves() },
    minReplicasToWrite,
    minReplicasMaxLagSeconds,
    problems,
  };
}
