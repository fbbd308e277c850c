/**
 * The manifests build exactly what the plan says: every field docs/artifacts.md names for a Kubernetes mechanism is
 * read back from dist/k8s and compared with the plan's spec (the checker of issue 5 reads the same fields).
 */
import { loadCatalog } from '../../lib/catalog';
import { rdbSnapshotPrefix, snapshotBucketName } from '../../lib/names';
import { mechanism, planCatalog } from '../../lib/catalog-plan';
import { ZONE_KEY } from '../../k8s/pod';
import { allDocs, hpaFor, labels, name, ofKind, podTemplate, type Doc } from './support/docs';

const catalog = loadCatalog('dr-targets.yaml');
const plan = planCatalog(catalog);
const docs = allDocs().map((d) => d.doc);

const probeOf = (p: Doc | undefined) =>
  p && { periodSeconds: p.periodSeconds, failureThreshold: p.failureThreshold, timeoutSeconds: p.timeoutSeconds };

/** The Deployment labelled for a service, or for a cache asset (docs/artifacts.md). */
function deploymentFor(label: 'dr/service' | 'dr/asset', id: string): Doc {
  const found = ofKind(docs, 'Deployment').filter(
    (d) => labels(d)[label] === id && (label === 'dr/asset' || labels(d)['dr/asset'] === undefined),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

const workloads = [
  ...catalog.services.map((s) => ({ id: s.id, label: 'dr/service' as const, p: plan.services.get(s.id)! })),
  ...catalog.assets
    .filter((a) => a.kind === 'redis-cache')
    .map((a) => ({ id: a.id, label: 'dr/asset' as const, p: plan.assets.get(a.id)! })),
];

describe.each(workloads)('k8s-workload of $id', ({ id, label, p }) => {
  const spec = mechanism(p, 'k8s-workload')!;
  const d = deploymentFor(label, id);
  const pod = podTemplate(d)!.spec;
  const main = pod.containers[0];

  test('HPA minReplicas is the plan minimum; maxReplicas is the tier policy; no fixed replicas', () => {
    const tier = catalog.tiers.find((t) => t.id === labels(d)['dr/tier'])!;
    expect(d.spec.replicas).toBeUndefined();
    expect(hpaFor(docs, d)!.spec).toMatchObject({
      minReplicas: spec.minReplicas,
      maxReplicas: tier.policy.maxReplicas,
    });
  });

  test('probe timings are the plan probes', () => {
    expect(probeOf(main.readinessProbe)).toEqual(spec.readiness ?? undefined);
    expect(probeOf(main.livenessProbe)).toEqual(spec.liveness ?? undefined);
    expect(probeOf(main.startupProbe)).toEqual(spec.startup ?? undefined);
  });

  test('zone spread and node-loss tolerations are the plan settings', () => {
    const zone = pod.topologySpreadConstraints.find((t: Doc) => t.topologyKey === ZONE_KEY);
    expect(zone).toMatchObject({ whenUnsatisfiable: 'DoNotSchedule', ...spec.zoneSpread });
    for (const t of pod.tolerations) expect(t.tolerationSeconds).toBe(spec.unreachableTolerationSeconds);
  });
});

describe.each(catalog.assets.filter((a) => a.kind === 'redis').map((a) => ({ id: a.id, p: plan.assets.get(a.id)! })))(
  'Redis $id',
  ({ id, p }) => {
    const config = ofKind(docs, 'ConfigMap').find((c) => labels(c)['dr/asset'] === id && c.data?.['redis.conf'])!;
    const lines = (key: string) => (config.data[key] as string).split('\n');
    const value = (key: string, option: string) =>
      lines(key)
        .find((l) => l.startsWith(`${option} `))
        ?.slice(option.length + 1);

    test('redis.conf carries the plan AOF, RDB and write-safety settings', () => {
      const aof = mechanism(p, 'redis-aof')!;
      const sentinel = mechanism(p, 'redis-sentinel')!;
      expect(value('redis.conf', 'appendonly')).toBe('yes');
      expect(value('redis.conf', 'appendfsync')).toBe(aof.fsync);
      expect(value('redis.conf', 'no-appendfsync-on-rewrite')).toBe(aof.noAppendfsyncOnRewrite ? 'yes' : 'no');
      expect(value('redis.conf', 'save')).toBe(
        mechanism(p, 'redis-rdb')!
          .saves.map(([s, c]) => `${s} ${c}`)
          .join(' '),
      );
      expect(value('redis.conf', 'min-replicas-to-write')).toBe(String(sentinel.minReplicasToWrite));
      expect(value('redis.conf', 'min-replicas-max-lag')).toBe(String(sentinel.minReplicasMaxLagSeconds));
      expect(value('redis.conf', 'maxmemory-policy')).toBe('noeviction');
    });

    test('sentinel.conf down-after and the StatefulSet replicas and zone spread are the plan Sentinel', () => {
      const sentinel = mechanism(p, 'redis-sentinel')!;
      expect(value('sentinel.conf', `sentinel down-after-milliseconds ${id}`)).toBe(
        String(sentinel.downAfterSeconds * 1000),
      );
      const sts = ofKind(docs, 'StatefulSet').find((s) => labels(s)['dr/asset'] === id)!;
      expect(sts.spec.replicas).toBe(sentinel.replicas + 1);
      const zone = podTemplate(sts)!.spec.topologySpreadConstraints.find((t: Doc) => t.topologyKey === ZONE_KEY);
      expect(zone).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' });
      expect(
        Math.min(catalog.environment.availabilityZones[catalog.environment.primaryRegion]!.length, sts.spec.replicas),
      ).toBe(sentinel.zones);
    });

    test('the RDB shipping CronJob runs at the plan interval, with the plan deadline, into the snapshot bucket', () => {
      const shipping = mechanism(p, 'redis-rdb-shipping')!;
      const cron = ofKind(docs, 'CronJob').find(
        (c) => labels(c)['dr/asset'] === id && labels(c)['dr/role'] === 'rdb-shipping',
      )!;
      const everyMinutes = /^\*\/(\d+) \* \* \* \*$/.exec(cron.spec.schedule);
      expect(Number(everyMinutes?.[1]) * 60).toBe(shipping.intervalSeconds);
      expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(shipping.deadlineSeconds);
      const env = podTemplate(cron)!.spec.containers[0].env as Doc[];
      expect(env.find((e) => e.name === 'SNAPSHOT_BUCKET')!.value).toBe(snapshotBucketName(catalog.naming, 'primary'));
      // The shipping role may write under this prefix only (lib/names, shared with the AWS side).
      expect(env.find((e) => e.name === 'SNAPSHOT_PREFIX')!.value).toBe(rdbSnapshotPrefix(id));
    });

    test('the StorageClass of its volumes tags them with dr:asset and dr:tier for the backup selection', () => {
      const sts = ofKind(docs, 'StatefulSet').find((s) => labels(s)['dr/asset'] === id)!;
      const sc = ofKind(docs, 'StorageClass').find(
        (s) => name(s) === sts.spec.volumeClaimTemplates[0].spec.storageClassName,
      )!;
      expect(labels(sc)['dr/asset']).toBe(id);
      const tier = catalog.assets.find((a) => a.id === id)!.tier;
      expect(Object.values(sc.parameters).filter((v) => String(v).startsWith('dr:'))).toEqual([
        `dr:asset=${id}`,
        `dr:tier=${tier}`,
      ]);
    });
  },
);
