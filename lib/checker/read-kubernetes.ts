/**
 * The Kubernetes side of the artifacts, per catalog id: workloads (Deployment + HPA) of services and caches, the Redis
 * pieces of a persistent Redis (redis.conf, Sentinel, the shipping CronJob) and the volume tags of StorageClasses.
 */
import { ANNOTATION, LABEL } from '../names';
import { at, records } from './manifest-json';
import { readRedisConf, type RedisConf } from './readers/redis-conf';
import { readShippingJob, SHIPPING_ROLE, type ShippingReading } from './readers/rdb-shipping';
import { volumeTags } from './readers/storage-class';
import { hpaLookup, readWorkload } from './readers/workload';
import type { MechanismSpec } from '../model';
import type { K8sObject, Where } from './types';

export interface Workload {
  readonly where: Where;
  readonly spec: MechanismSpec;
  /** A cache's declared warm-up after a flush (`dr/warm-up-seconds`), or null when the Deployment does not carry one. */
  readonly warmUpSeconds: number | null;
}

/** A whole number of seconds in an annotation, or null (absent or not a number: not declared). */
function warmUpOf(o: K8sObject): number | null {
  const v = at(o.doc, 'metadata', 'annotations', ANNOTATION.warmUpSeconds);
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
}

export interface RedisParts {
  readonly config?: { readonly where: Where; readonly conf: RedisConf; readonly configMap: string };
  readonly sentinelConf?: { readonly where: Where; readonly text: string };
  readonly statefulSet?: K8sObject;
  readonly shipping: readonly { readonly where: Where; readonly reading: ShippingReading }[];
}

export interface VolumeClass {
  readonly where: Where;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface K8sReading {
  /** Workloads labelled `dr/service`, by service id. */
  readonly services: ReadonlyMap<string, readonly Workload[]>;
  /** Workloads labelled `dr/asset` (caches), by asset id. */
  readonly assetWorkloads: ReadonlyMap<string, readonly Workload[]>;
  readonly redis: ReadonlyMap<string, RedisParts>;
  readonly volumeClasses: ReadonlyMap<string, readonly VolumeClass[]>;
  /** Objects that keep data on volumes (a StatefulSet with volume claims, a claim, a StorageClass) without `dr/asset`. */
  readonly unlabelled: readonly Where[];
  /** Every id a `dr/*` label names, with its `dr/tier` label and where, for the join checks. */
  readonly labelled: readonly { readonly id: string; readonly tier: string | undefined; readonly where: Where }[];
}

export function whereOf(o: K8sObject): Where {
  return { file: o.file, index: o.index, kind: o.kind, name: o.name };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The StatefulSet that runs Redis: the one mounting the redis.conf ConfigMap, else the only one. */
function redisStatefulSet(sets: readonly K8sObject[], configMap: string | undefined): K8sObject | undefined {
  const mounting = sets.find((s) =>
    records(at(s.doc, 'spec', 'template', 'spec', 'volumes')).some((v) => at(v, 'configMap', 'name') === configMap),
  );
  return mounting ?? (sets.length === 1 ? sets[0] : undefined);
}

export function readKubernetes(objects: readonly K8sObject[]): K8sReading {
  const services = new Map<string, Workload[]>();
  const assetWorkloads = new Map<string, Workload[]>();
  const volumeClasses = new Map<string, VolumeClass[]>();
  const labelled: { id: string; tier: string | undefined; where: Where }[] = [];
  const unlabelled: Where[] = [];
  const configs = new Map<string, RedisParts['config']>();
  const sentinels = new Map<string, RedisParts['sentinelConf']>();
  const sets = new Map<string, K8sObject[]>();
  const shipping = new Map<string, { where: Where; reading: ShippingReading }[]>();
  const hpaFor = hpaLookup(objects);
  for (const o of objects) {
    const service = o.labels[LABEL.service];
    const asset = o.labels[LABEL.asset];
    const where = whereOf(o);
    const tier = o.labels[LABEL.tier];
    if (service) labelled.push({ id: service, tier, where });
    if (asset) labelled.push({ id: asset, tier, where });
    const workload = () => ({ where, spec: readWorkload(o, hpaFor(o)), warmUpSeconds: warmUpOf(o) });
    if (o.kind === 'Deployment' && service) push(services, service, workload());
    else if (o.kind === 'Deployment' && asset) push(assetWorkloads, asset, workload());
    const keepsData =
      o.kind === 'PersistentVolumeClaim' ||
      o.kind === 'StorageClass' ||
      (o.kind === 'StatefulSet' && records(at(o.doc, 'spec', 'volumeClaimTemplates')).length > 0);
    if (keepsData && !asset && !o.labels['dr/role']) unlabelled.push(where);
    if (!asset) continue;
    const data = at(o.doc, 'data');
    if (o.kind === 'ConfigMap' && typeof at(data, 'redis.conf') === 'string') {
      configs.set(asset, { where, conf: readRedisConf(at(data, 'redis.conf') as string), configMap: o.name });
    }
    if (o.kind === 'ConfigMap' && typeof at(data, 'sentinel.conf') === 'string') {
      sentinels.set(asset, { where, text: at(data, 'sentinel.conf') as string });
    }
    if (o.kind === 'StatefulSet') push(sets, asset, o);
    if (o.kind === 'CronJob' && o.labels['dr/role'] === SHIPPING_ROLE)
      push(shipping, asset, { where, reading: readShippingJob(o) });
    if (o.kind === 'StorageClass') push(volumeClasses, asset, { where, name: o.name, tags: volumeTags(o) });
  }
  const redis = new Map<string, RedisParts>();
  for (const id of new Set([...configs.keys(), ...sentinels.keys(), ...shipping.keys()])) {
    const config = configs.get(id);
    const sentinelConf = sentinels.get(id);
    const statefulSet = redisStatefulSet(sets.get(id) ?? [], config?.configMap);
    redis.set(id, {
      ...(config ? { config } : {}),
      ...(sentinelConf ? { sentinelConf } : {}),
      ...(statefulSet ? { statefulSet } : {}),
      shipping: shipping.get(id) ?? [],
    });
  }
  return { services, assetWorkloads, redis, volumeClasses, unlabelled, labelled };
}
