/**
 * `v1 ConfigMap` with a `sentinel.conf` key + the Redis `StatefulSet` labelled `dr/asset` → `redis-sentinel`: the
 * StatefulSet's replicas are one primary and its replicas, spread over as many zones as its zone constraint forces
 * (at least ceil(replicas / most pods a zone can hold)); `sentinel down-after-milliseconds` (REDIS-14 default 30 s).
 */
import { factValue, mostPerZone, type SpecOf } from '../../model';
import { at, int } from '../manifest-json';
import type { K8sObject } from '../types';
import type { RedisConf } from './redis-conf';
import { directives } from './redis-conf';
import { readWorkload } from './workload';

export function downAfterSeconds(sentinelConf: string): number {
  for (const [name, args] of directives(sentinelConf)) {
    if (name === 'sentinel' && args[0] === 'down-after-milliseconds' && /^\d+$/.test(args[2] ?? ''))
      return Number(args[2]) / 1000;
  }
  return factValue('REDIS-14');
}

export function readSentinel(
  statefulSet: K8sObject,
  sentinelConf: string,
  redis: Pick<RedisConf, 'minReplicasToWrite' | 'minReplicasMaxLagSeconds'>,
  clusterZones: number,
): SpecOf<'redis-sentinel'> {
  const pods = int(at(statefulSet.doc, 'spec', 'replicas')) ?? factValue('K8S-3');
  const workload = { ...readWorkload(statefulSet, undefined), minReplicas: pods };
  const perZone = Math.max(1, mostPerZone(workload, clusterZones));
  return {
    id: 'redis-sentinel',
    replicas: Math.max(0, pods - 1),
    zones: Math.min(clusterZones, Math.ceil(pods / perZone)),
    minReplicasToWrite: redis.minReplicasToWrite,
    minReplicasMaxLagSeconds: redis.minReplicasMaxLagSeconds,
    downAfterSeconds: downAfterSeconds(sentinelConf),
  };
}
