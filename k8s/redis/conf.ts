/**
 * redis.conf and sentinel.conf as the plan says. Persistence lines come from the `redis-aof` / `redis-rdb` specs (their
 * absence writes them off), write safety from `redis-sentinel`; nothing here chooses a value the model did not.
 */
import type { Asset } from '../../lib/catalog';
import { kindModule, type MechanismSpec, type SpecOf } from '../../lib/model';
import { findSpec } from '../../lib/model';
import { AUTH_DIR, REDIS_PORT, SENTINEL_PORT, TLS_DIR } from './objects';

/** The placeholder the Sentinel start script replaces with the current primary's host name. */
export const PRIMARY_PLACEHOLDER = '@PRIMARY@';

/** `save` as one line: `save 900 1 300 100`, or `save ""` when the plan has no RDB rule (REDIS-1). */
export function saveLine(rdb: SpecOf<'redis-rdb'> | undefined): string {
  const pairs = rdb?.saves ?? [];
  return pairs.length === 0 ? 'save ""' : `save ${pairs.map(([s, c]) => `${s} ${c}`).join(' ')}`;
}

function persistence(set: readonly MechanismSpec[]): string[] {
  const aof = findSpec(set, 'redis-aof');
  const rdb = findSpec(set, 'redis-rdb');
  const lines = ['# Persistence from the plan: redis-aof and redis-rdb (REDIS-1, REDIS-4..8).', saveLine(rdb)];
  if (!aof) return [...lines, 'appendonly no'];
  return [
    ...lines,
    'appendonly yes',
    `appendfsync ${aof.fsync}`,
    `no-appendfsync-on-rewrite ${aof.noAppendfsyncOnRewrite ? 'yes' : 'no'}`,
    // The AOF base file in RDB format: faster loads, and an RDB to fall back on (REDIS-7).
    'aof-use-rdb-preamble yes',
  ];
}

function tls(replication: boolean): string[] {
  return [
    `# TLS only, for clients${replication ? ', replicas and Sentinels' : ''}; certificates from cert-manager (docs/kubernetes.md).`,
    'port 0',
    `tls-port ${REDIS_PORT}`,
    `tls-cert-file ${TLS_DIR}/tls.crt`,
    `tls-key-file ${TLS_DIR}/tls.key`,
    `tls-ca-cert-file ${TLS_DIR}/ca.crt`,
    // Clients prove themselves with AUTH; the certificate proves the server to them.
    'tls-auth-clients no',
    ...(replication ? ['tls-replication yes'] : []),
  ];
}

export interface RedisConfOptions {
  /** Where Redis keeps its files (the volume for a persistent Redis). */
  readonly dir: string;
  /** maxmemory in MiB: below the container's memory limit, so Redis refuses or evicts before the kernel kills it. */
  readonly maxmemoryMiB: number;
}

/**
 * redis.conf for an asset. A kind that keeps data (the model's `stateful`) never evicts (REDIS-19); a rebuildable
 * cache evicts least-recently-used keys (REDIS-17, REDIS-18).
 */
export function redisConf(asset: Asset, set: readonly MechanismSpec[], options: RedisConfOptions): string {
  const sentinel = findSpec(set, 'redis-sentinel');
  const keepsData = kindModule(asset.kind).stateful;
  return [
    `# ${asset.id}: generated from the DR plan by the Kubernetes charts; change dr-targets.yaml, not this file.`,
    `dir ${options.dir}`,
    ...tls(sentinel !== undefined),
    ...persistence(set),
    '# Memory',
    `maxmemory ${options.maxmemoryMiB}mb`,
    `maxmemory-policy ${keepsData ? 'noeviction' : 'allkeys-lru'}`,
    ...(sentinel
      ? [
          '# Writes stop when no replica has acknowledged within the lag (REDIS-12). Replication stays asynchronous',
          '# (REDIS-10): what a connected but lagging replica has not received is lost in a failover, and nothing',
          '# published bounds it (MECH-23), so the DR posture counts the failover RPO as unknown.',
          `min-replicas-to-write ${sentinel.minReplicasToWrite}`,
          `min-replicas-max-lag ${sentinel.minReplicasMaxLagSeconds}`,
        ]
      : []),
    '# requirepass and masterauth: a file the ExternalSecret renders from AWS Secrets Manager.',
    `include ${AUTH_DIR}/auth.conf`,
    '',
  ].join('\n');
}

/** Sentinel's majority: a failover needs it, so one lost zone of three still elects. */
export function quorum(sentinels: number): number {
  return Math.floor(sentinels / 2) + 1;
}

/**
 * sentinel.conf: one Sentinel beside each Redis (replicas + 1). The start script replaces PRIMARY_PLACEHOLDER with
 * the primary the running Sentinels report, or pod 0 on a new cluster; Sentinel then rewrites its own copy.
 */
export function sentinelConf(master: string, spec: SpecOf<'redis-sentinel'>): string {
  return [
    `# ${master}: generated from the DR plan (redis-sentinel); change dr-targets.yaml, not this file.`,
    'port 0',
    `tls-port ${SENTINEL_PORT}`,
    `tls-cert-file ${TLS_DIR}/tls.crt`,
    `tls-key-file ${TLS_DIR}/tls.key`,
    `tls-ca-cert-file ${TLS_DIR}/ca.crt`,
    'tls-auth-clients no',
    'tls-replication yes',
    // Pod IPs change on restart; the StatefulSet's DNS names do not.
    'sentinel resolve-hostnames yes',
    'sentinel announce-hostnames yes',
    `sentinel announce-port ${SENTINEL_PORT}`,
    `sentinel monitor ${master} ${PRIMARY_PLACEHOLDER} ${REDIS_PORT} ${quorum(spec.replicas + 1)}`,
    `sentinel down-after-milliseconds ${master} ${spec.downAfterSeconds * 1000}`,
    `sentinel parallel-syncs ${master} 1`,
    '# requirepass, auth-pass and sentinel-pass: a file the ExternalSecret renders from AWS Secrets Manager.',
    `include ${AUTH_DIR}/sentinel-auth.conf`,
    '',
  ].join('\n');
}
