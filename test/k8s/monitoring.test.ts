/**
 * Monitoring of the Redis assets: the redis_exporter sidecar (TLS to its own Redis, the password from the Redis
 * container's own auth Secret volume, restricted, probed with the plan's timings), the NetworkPolicy rule that admits
 * its port from the monitoring namespace only, and the PrometheusRule whose thresholds are the plan's spec values —
 * change the spec and the thresholds follow.
 */
import { posix } from 'node:path';
import { Testing } from 'cdk8s';
import { MONITORING, PlanContext, type PlanContextOptions } from '../../k8s/context';
import { IMAGES } from '../../k8s/images';
import { containerSecurityContext } from '../../k8s/pod';
import { RedisCacheChart } from '../../k8s/redis/cache-chart';
import { METRICS_PORT } from '../../k8s/redis/exporter';
import { RedisChart } from '../../k8s/redis/redis-chart';
import { humanDuration, loadCatalog } from '../../lib/catalog';
import type { MechanismSpec } from '../../lib/model';
import { mechanism, planCatalog, type CatalogPlan } from '../../lib/catalog-plan';
import type { Doc } from './support/docs';

const catalog = loadCatalog('dr-targets.yaml');
const plan = planCatalog(catalog);
const sessions = catalog.assets.find((a) => a.id === 'redis-sessions')!;
const cache = catalog.assets.find((a) => a.id === 'redis-product-cache')!;
const namespace = catalog.environment.kubernetes.namespace;

const synth = (p: CatalogPlan, options?: PlanContextOptions) =>
  Testing.synth(new RedisChart(Testing.app(), 's', new PlanContext(p, options), sessions)) as Doc[];
const synthCache = (options?: PlanContextOptions) =>
  Testing.synth(new RedisCacheChart(Testing.app(), 'c', new PlanContext(plan, options), cache)) as Doc[];
const one = (docs: Doc[], kind: string) => {
  // The Redis pods' own policy, not the shipping job's egress policy beside it.
  const found = docs.filter(
    (d) => d.kind === kind && (kind !== 'NetworkPolicy' || !/-rdb-shipping$/.test(d.metadata.name)),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};
const pod = (docs: Doc[], kind: string) => one(docs, kind).spec.template.spec as Doc;
const container = (spec: Doc, name: string): Doc => (spec.containers as Doc[]).find((c) => c.name === name)!;
/** `--name=value` arguments as a record. */
const args = (c: Doc): Record<string, string> =>
  Object.fromEntries((c.args as string[]).map((a) => /^--([^=]+)=(.*)$/.exec(a)!.slice(1, 3)));
const timings = (p: Doc | undefined) =>
  p && { periodSeconds: p.periodSeconds, failureThreshold: p.failureThreshold, timeoutSeconds: p.timeoutSeconds };
const rules = (docs: Doc[]): Doc[] => one(docs, 'PrometheusRule').spec.groups.flatMap((g: Doc) => g.rules);
const rule = (docs: Doc[], alert: string): Doc => rules(docs).find((r) => r.alert === alert)!;
/** Every number a comparison `op` in the expression is against. */
const thresholds = (expr: string, op: '>' | '<') =>
  [...expr.matchAll(new RegExp(`\\${op} (\\d+)`, 'g'))].map((m) => Number(m[1]));

/** The sessions plan with some mechanism specs changed. */
function withSpecs(change: (m: MechanismSpec) => MechanismSpec): CatalogPlan {
  const p = plan.assets.get(sessions.id)!;
  return { ...plan, assets: new Map(plan.assets).set(sessions.id, { ...p, mechanisms: p.mechanisms.map(change) }) };
}

describe.each([
  { asset: sessions, kind: 'StatefulSet', docs: synth(plan) },
  { asset: cache, kind: 'Deployment', docs: synthCache() },
])('the metrics exporter of $asset.id', ({ asset, kind, docs }) => {
  const spec = pod(docs, kind);
  const exporter = container(spec, 'redis-exporter');
  const a = args(exporter);
  const volume = (name: string): Doc => (spec.volumes as Doc[]).find((v) => v.name === name)!;
  const mountOf = (c: Doc, path: string): Doc => (c.volumeMounts as Doc[]).find((m) => m.mountPath === path)!;

  test('a pinned redis_exporter image, speaking TLS to the Redis of its own pod and verifying it with the CA only', () => {
    expect(exporter.image).toBe(IMAGES.redisExporter);
    expect(exporter.image).toMatch(/^oliver006\/redis_exporter:v\d+\.\d+\.\d+$/);
    expect(a['redis.addr']).toBe('rediss://localhost:6379');
    const ca = volume(mountOf(exporter, posix.dirname(a['tls-ca-cert-file']!)).name);
    expect(ca.secret).toEqual({ secretName: `${asset.id}-tls`, items: [{ key: 'ca.crt', path: 'ca.crt' }] });
  });

  test('its password comes from the auth Secret volume the Redis container mounts: no credential in the manifest', () => {
    const file = a['redis.password-file']!;
    const mount = mountOf(exporter, posix.dirname(file));
    expect(mount.readOnly).toBe(true);
    expect((container(spec, 'redis').volumeMounts as Doc[]).some((m) => m.name === mount.name)).toBe(true);
    const secret = volume(mount.name).secret;
    expect(secret.items.map((i: Doc) => i.path)).toContain(posix.basename(file));
    expect(exporter.env).toBeUndefined();
    expect(
      exporter.args.some((x: string) => /password=|PASSWORD/.test(x) && !x.startsWith('--redis.password-file=')),
    ).toBe(false);
    // The ExternalSecret renders that file from the password; its key must equal --redis.addr for the exporter to use it.
    const es = docs.find((d) => d.kind === 'ExternalSecret' && d.spec.target.name === secret.secretName)!;
    const template: string = es.spec.target.template.data[posix.basename(file)];
    const password = 'p"a\\ss{w}';
    expect(JSON.parse(template.replace('{{ .password | toJson }}', JSON.stringify(password)))).toEqual({
      [a['redis.addr']!]: password,
    });
  });

  test('restricted, with requests and a memory limit, and a metrics port', () => {
    expect(exporter.securityContext).toEqual(containerSecurityContext());
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(exporter.resources).toMatchObject({
      requests: { cpu: expect.any(String), memory: expect.any(String) },
      limits: { memory: expect.any(String) },
    });
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: METRICS_PORT }]);
    expect(a['web.listen-address']).toBe(`:${METRICS_PORT}`);
  });

  test('probed on its own endpoints with the timings of the Redis container, so it never slows what the plan assessed', () => {
    const redis = container(spec, 'redis');
    expect(exporter.readinessProbe.httpGet).toEqual({ path: '/health', port: 'metrics' });
    expect(exporter.livenessProbe.tcpSocket).toEqual({ port: 'metrics' });
    for (const key of ['readinessProbe', 'livenessProbe', 'startupProbe'])
      expect(timings(exporter[key])).toEqual(timings(redis[key]));
    if (kind === 'Deployment') {
      const workload = mechanism(plan.assets.get(asset.id)!, 'k8s-workload')!;
      expect(timings(exporter.startupProbe)).toEqual(workload.startup);
    }
  });

  test('the NetworkPolicy admits the metrics port from Prometheus in the monitoring namespace, and nothing else to it', () => {
    const ingress = one(docs, 'NetworkPolicy').spec.ingress as Doc[];
    const admitting = (port: number) => ingress.filter((r) => (r.ports as Doc[]).some((p) => p.port === port));
    expect(admitting(METRICS_PORT)).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: METRICS_PORT }],
      },
    ]);
    // The Redis ports stay closed to other namespaces, Prometheus included.
    for (const port of kind === 'StatefulSet' ? [6379, 26379] : [6379]) {
      expect(admitting(port).length).toBeGreaterThan(0);
      expect(
        admitting(port)
          .flatMap((r) => r.from as Doc[])
          .filter((peer) => peer.namespaceSelector),
      ).toEqual([]);
    }
  });

  test('a PodMonitor scrapes the exporter port of these pods', () => {
    const monitor = one(docs, 'PodMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.spec.selector.matchLabels).toEqual(one(docs, kind).spec.selector.matchLabels);
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
  });
});

test('the monitoring namespace is a default in k8s/context.ts that a PlanContext option overrides', () => {
  expect(MONITORING).toEqual({ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } });
  const monitoring = { namespace: 'observability', podLabels: { 'app.kubernetes.io/instance': 'k8s' } };
  for (const docs of [synth(plan, { monitoring }), synthCache({ monitoring })]) {
    const metrics = (one(docs, 'NetworkPolicy').spec.ingress as Doc[]).find((r) => r.ports[0].port === METRICS_PORT)!;
    expect(metrics.from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } },
        podSelector: { matchLabels: monitoring.podLabels },
      },
    ]);
  }
});

describe('the PrometheusRule of redis-sessions', () => {
  const docs = synth(plan);
  const p = plan.assets.get(sessions.id)!;
  const sentinel = mechanism(p, 'redis-sentinel')!;
  const shipping = mechanism(p, 'redis-rdb-shipping')!;

  test('carries dr/asset and dr/tier, and per alert a severity, the catalog join and a summary naming the asset and its target', () => {
    expect(one(docs, 'PrometheusRule').metadata.labels).toMatchObject({
      'dr/asset': sessions.id,
      'dr/tier': sessions.tier,
    });
    expect(rules(docs).map((r) => r.alert)).toEqual([
      'RedisReplicaLagAboveBound',
      'RedisReplicasBelowPlan',
      'RedisRdbShippingStale',
    ]);
    for (const r of rules(docs)) {
      expect(r.labels).toEqual({
        severity: expect.stringMatching(/^(warning|critical)$/),
        dr_asset: sessions.id,
        dr_tier: sessions.tier,
      });
      expect(r.annotations.summary).toMatch(
        new RegExp(`^${sessions.id}: .*RPO ${humanDuration(sessions.modes.az.rpoSeconds!)}`),
      );
    }
    expect(rule(docs, 'RedisRdbShippingStale').labels.severity).toBe('critical');
  });

  test('replica lag above the plan min-replicas-max-lag for 1 minute, read from the primary of this StatefulSet', () => {
    const r = rule(docs, 'RedisReplicaLagAboveBound');
    expect(thresholds(r.expr, '>')).toEqual([sentinel.minReplicasMaxLagSeconds]);
    expect(r.for).toBe('1m');
    expect(r.expr).toContain(
      `redis_connected_slave_lag_seconds{namespace="${namespace}", pod=~"${one(docs, 'StatefulSet').metadata.name}-[0-9]+"}`,
    );
  });

  test('connected replicas of the primary below the plan replicas', () => {
    const r = rule(docs, 'RedisReplicasBelowPlan');
    expect(thresholds(r.expr, '<')).toEqual([sentinel.replicas]);
    expect(r.expr).toMatch(
      /redis_connected_slaves\{.*\} and on \(namespace, pod\) redis_instance_info\{.*role="master"\}/,
    );
  });

  test("the shipping CronJob's last success older than the plan interval + deadline (kube-state-metrics)", () => {
    const r = rule(docs, 'RedisRdbShippingStale');
    const cron = docs.find((d) => d.kind === 'CronJob' && d.metadata.labels['dr/role'] === 'rdb-shipping')!;
    expect(thresholds(r.expr, '>')).toEqual([
      shipping.intervalSeconds + shipping.deadlineSeconds,
      shipping.intervalSeconds + shipping.deadlineSeconds,
    ]);
    expect(r.expr).toContain(
      `kube_cronjob_status_last_successful_time{namespace="${namespace}", cronjob="${cron.metadata.name}"}`,
    );
  });

  test('change the plan spec and every threshold follows', () => {
    const changed = synth(
      withSpecs((m) => {
        if (m.id === 'redis-sentinel') return { ...m, minReplicasMaxLagSeconds: 25, replicas: 4 };
        if (m.id === 'redis-rdb-shipping') return { ...m, intervalSeconds: 900, deadlineSeconds: 300 };
        return m;
      }),
    );
    expect(thresholds(rule(changed, 'RedisReplicaLagAboveBound').expr, '>')).toEqual([25]);
    expect(thresholds(rule(changed, 'RedisReplicasBelowPlan').expr, '<')).toEqual([4]);
    expect(thresholds(rule(changed, 'RedisRdbShippingStale').expr, '>')).toEqual([1200, 1200]);
  });

  test('a plan without shipping has no shipping alert', () => {
    const unshipped: CatalogPlan = {
      ...plan,
      // The restore drill needs shipped snapshots (charts.test.ts); without shipping it goes too.
      catalog: { ...catalog, drills: catalog.drills.filter((d) => d.kind !== 'redis-restore') },
      assets: new Map(plan.assets).set(sessions.id, {
        ...p,
        mechanisms: p.mechanisms.filter((m) => m.id !== 'redis-rdb-shipping'),
      }),
    };
    expect(rules(synth(unshipped)).map((r) => r.alert)).toEqual([
      'RedisReplicaLagAboveBound',
      'RedisReplicasBelowPlan',
    ]);
  });
});

test('the cache has the exporter and its PodMonitor but no DR alert: it loses nothing it cannot rebuild', () => {
  expect(synthCache().filter((d) => d.kind === 'PrometheusRule')).toEqual([]);
});
