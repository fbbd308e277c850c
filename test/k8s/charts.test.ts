/**
 * Each chart on its own with Testing.synth: a small snapshot (the objects it makes) and assertions on the fields that
 * matter; then the synth-time validations, each with the catalog or plan change that trips it.
 */
import { Testing } from 'cdk8s';
import { buildCharts } from '../../k8s/app';
import { PlanContext } from '../../k8s/context';
import { PlatformChart } from '../../k8s/platform/platform-chart';
import { RedisCacheChart } from '../../k8s/redis/cache-chart';
import { RedisChart } from '../../k8s/redis/redis-chart';
import { SecretsChart } from '../../k8s/secrets/secrets-chart';
import { healthPaths, ServiceChart } from '../../k8s/service/service-chart';
import { pdbMaxUnavailable } from '../../k8s/workload';
import { loadCatalog, type Catalog } from '../../lib/catalog';
import { mechanism, planCatalog, type CatalogPlan } from '../../lib/catalog-plan';
import type { Doc } from './support/docs';

const catalog = loadCatalog('dr-targets.yaml');
const plan = planCatalog(catalog);
const ctx = new PlanContext(plan);
const objects = (docs: Doc[]) => docs.map((d) => `${d.kind}/${d.metadata.name}`);
const one = (docs: Doc[], kind: string, name?: string) =>
  docs.find((d) => d.kind === kind && (!name || d.metadata.name === name))!;
const envOf = (container: Doc) =>
  Object.fromEntries((container.env as Doc[]).map((e) => [e.name, e.value ?? e.valueFrom]));

describe('PlatformChart', () => {
  const docs = Testing.synth(new PlatformChart(Testing.app(), 'platform', ctx)) as Doc[];

  test('snapshot', () => expect(objects(docs)).toMatchSnapshot());

  test('a PriorityClass per tier with the tier priority; the namespace enforces restricted', () => {
    for (const tier of catalog.tiers)
      expect(one(docs, 'PriorityClass', `lomash-wood-${tier.id}`).value).toBe(tier.policy.priority);
    expect(one(docs, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('a StorageClass per volume asset, tagging the EBS volumes and keeping them when the claim goes', () => {
    const sc = one(docs, 'StorageClass');
    expect(sc.parameters).toMatchObject({
      tagSpecification_1: 'dr:asset=redis-sessions',
      tagSpecification_2: 'dr:tier=tier-1',
      encrypted: 'true',
    });
    expect(sc).toMatchObject({
      provisioner: 'ebs.csi.aws.com',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  });
});

describe('SecretsChart', () => {
  const docs = Testing.synth(new SecretsChart(Testing.app(), 'secrets', ctx)) as Doc[];
  test('snapshot', () => expect(objects(docs)).toMatchSnapshot());
  test('the app-secrets ExternalSecret reads the Secrets Manager secret named by lib/names', () => {
    expect(one(docs, 'ExternalSecret').spec.dataFrom).toEqual([{ extract: { key: 'lomash-wood/app-secrets' } }]);
    expect(one(docs, 'SecretStore').spec.provider.aws).toEqual({ service: 'SecretsManager', region: 'eu-west-2' });
  });
});

describe('ServiceChart of order-payment-service', () => {
  const service = catalog.services.find((s) => s.id === 'order-payment-service')!;
  const docs = Testing.synth(new ServiceChart(Testing.app(), 'ops', ctx, service)) as Doc[];
  const spec = mechanism(plan.services.get(service.id)!, 'k8s-workload')!;

  test('snapshot', () => expect(objects(docs)).toMatchSnapshot());

  test('Deployment from its ECR repository with the configured tag, HPA at the plan minimum, PDB of one', () => {
    const pod = one(docs, 'Deployment').spec.template.spec;
    expect(pod.containers[0].image).toBe(
      '111111111111.dkr.ecr.eu-west-2.amazonaws.com/lomash-wood/order-payment-service:1.0.0',
    );
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: 'app-secrets' } }]);
    expect(one(docs, 'HorizontalPodAutoscaler').spec.minReplicas).toBe(spec.minReplicas);
    expect(one(docs, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('the pre-deploy backup is an Argo CD PreSync Job that backs up lomash_orders with the AWS names', () => {
    const job = one(docs, 'Job');
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    expect(
      one(docs, 'ServiceAccount', 'lomash-orders-pre-deploy-backup').metadata.annotations[
        'argocd.argoproj.io/sync-wave'
      ],
    ).toBe('-1');
    expect(job.spec.template.spec.serviceAccountName).toBe('lomash-orders-pre-deploy-backup');
    expect(envOf(job.spec.template.spec.containers[0])).toMatchObject({
      VAULT: 'lomash-wood-tier-1',
      RESOURCE_ARN: 'arn:aws:rds:eu-west-2:111111111111:db:lomash-wood-lomash-orders',
      BACKUP_ROLE_ARN: 'arn:aws:iam::111111111111:role/lomash-wood-lomash-orders-pre-deploy-backup-service',
      START_WINDOW_MINUTES: '60',
      COMPLETE_WINDOW_MINUTES: '120',
      DELETE_AFTER_DAYS: '35',
    });
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 7200 });
  });

  test('readiness asks <healthPath>/ready, liveness and startup <healthPath>/live: a dependency outage does not restart pods', () => {
    const app = one(docs, 'Deployment').spec.template.spec.containers[0];
    expect(service.healthPath).toBe('/health');
    expect([app.readinessProbe.httpGet, app.livenessProbe.httpGet, app.startupProbe.httpGet]).toEqual([
      { path: '/health/ready', port: 'http' },
      { path: '/health/live', port: 'http' },
      { path: '/health/live', port: 'http' },
    ]);
  });

  test.each([
    ['/health', '/health/ready', '/health/live'],
    ['/status/', '/status/ready', '/status/live'],
    ['/', '/ready', '/live'],
  ])('healthPaths(%s) → %s, %s', (healthPath, readiness, liveness) => {
    expect(healthPaths(healthPath)).toEqual({ readiness, liveness });
  });

  test('a service that owns no pre-deploy asset gets no Job', () => {
    const gateway = catalog.services.find((s) => s.id === 'api-gateway')!;
    expect(
      objects(Testing.synth(new ServiceChart(Testing.app(), 'gw', ctx, gateway)) as Doc[]).filter((o) =>
        o.startsWith('Job/'),
      ),
    ).toEqual([]);
  });
});

describe('RedisChart of redis-sessions', () => {
  const asset = catalog.assets.find((a) => a.id === 'redis-sessions')!;
  const docs = Testing.synth(new RedisChart(Testing.app(), 'sessions', ctx, asset)) as Doc[];

  test('snapshot: the objects and the generated redis.conf', () => {
    expect(objects(docs)).toMatchSnapshot();
    expect(one(docs, 'ConfigMap', 'redis-sessions-config').data['redis.conf']).toMatchSnapshot();
  });

  test('StatefulSet of primary + replicas on the tagging StorageClass; Sentinel and the metrics exporter beside each Redis', () => {
    const sts = one(docs, 'StatefulSet');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.template.spec.containers.map((c: Doc) => c.name)).toEqual(['redis', 'sentinel', 'redis-exporter']);
    expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('lomash-wood-redis-sessions');
    expect(one(docs, 'Service', 'redis-sessions-sentinel').spec.ports[0].port).toBe(26379);
  });

  test('the NetworkPolicy admits auth-service, its own pods and the shipping job only to Redis (metrics: monitoring.test.ts)', () => {
    const from = one(docs, 'NetworkPolicy', 'redis-sessions').spec.ingress[0].from as Doc[];
    expect(from).toHaveLength(3);
    expect(from[0]!.podSelector.matchExpressions[0]).toEqual({
      key: 'dr/service',
      operator: 'In',
      values: ['auth-service'],
    });
    expect(from[2]!.podSelector.matchLabels['dr/role']).toBe('rdb-shipping');
  });

  test('the monthly restore test runs on the first Monday (UTC) and checks the snapshot age the model gives', () => {
    const cron = one(docs, 'CronJob', 'redis-sessions-restore-test');
    expect(cron.spec).toMatchObject({ schedule: '0 5 1-7 * *', timeZone: 'Etc/UTC' });
    const shipping = mechanism(plan.assets.get(asset.id)!, 'redis-rdb-shipping')!;
    const fetch = envOf(cron.spec.jobTemplate.spec.template.spec.initContainers[0]);
    expect(fetch).toMatchObject({
      ISO_WEEKDAY: '1',
      MAX_AGE_SECONDS: String(shipping.intervalSeconds + shipping.deadlineSeconds),
    });
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBe(asset.modes.corruption.rtoSeconds);
  });

  test('the AUTH password comes from app-secrets through an ExternalSecret rendered into config includes', () => {
    const es = one(docs, 'ExternalSecret');
    expect(es.spec.data).toEqual([
      { secretKey: 'password', remoteRef: { key: 'lomash-wood/app-secrets', property: 'redis-sessions-password' } },
    ]);
    expect(Object.keys(es.spec.target.template.data).sort()).toEqual([
      'auth.conf',
      'password',
      'redis-exporter.json',
      'sentinel-auth.conf',
    ]);
  });
});

describe('RedisCacheChart of redis-product-cache', () => {
  const asset = catalog.assets.find((a) => a.id === 'redis-product-cache')!;
  const docs = Testing.synth(new RedisCacheChart(Testing.app(), 'cache', ctx, asset)) as Doc[];

  test('snapshot', () => {
    expect(objects(docs)).toMatchSnapshot();
    expect(one(docs, 'ConfigMap', 'redis-product-cache-config').data['redis.conf']).toMatchSnapshot();
  });

  test('the planned Deployment (no StatefulSet, no volume claim) and only product-service admitted', () => {
    expect(docs.some((d) => d.kind === 'StatefulSet')).toBe(false);
    const spec = mechanism(plan.assets.get(asset.id)!, 'k8s-workload')!;
    expect(one(docs, 'HorizontalPodAutoscaler').spec.minReplicas).toBe(spec.minReplicas);
    expect(one(docs, 'NetworkPolicy').spec.ingress[0].from).toEqual([
      { podSelector: { matchExpressions: [{ key: 'dr/service', operator: 'In', values: ['product-service'] }] } },
    ]);
  });
});

describe('pdbMaxUnavailable: at the HPA minimum a budget allows an eviction and keeps the tier minimum', () => {
  test.each([
    [2, 1, 1],
    [3, 2, 1],
    [4, 2, 2],
    [3, 1, 2],
    [2, 2, 1],
  ])('min %i, tier needs %i → maxUnavailable %i', (min, ready, expected) => {
    expect(pdbMaxUnavailable(min, ready)).toBe(expected);
  });
  test('one replica cannot have a budget that neither blocks nor allows all', () => {
    expect(() => pdbMaxUnavailable(1, 1)).toThrow(/`minReplicas` 1/);
  });
});

describe('synth fails with a message that names the field and the way out', () => {
  const withCatalog = (change: (c: Catalog) => Catalog) => () => buildCharts(planCatalog(change(catalog)));

  test('an image tag of latest (a service takes the environment tag, or its own)', () => {
    const latest = (c: Catalog) => ({
      ...c,
      environment: { ...c.environment, kubernetes: { ...c.environment.kubernetes, imageTag: 'latest' } },
      services: c.services.map((s, i) => (i === 0 ? { ...s, imageTag: 'latest' } : s)),
    });
    expect(withCatalog(latest)).toThrow(/'imageTag' latest is not a version/);
  });

  test('a tier priority above the user PriorityClass range', () => {
    const high = (c: Catalog) => ({
      ...c,
      tiers: c.tiers.map((t, i) => (i === 0 ? { ...t, policy: { ...t.policy, priority: 2_000_000_000 } } : t)),
    });
    expect(withCatalog(high)).toThrow(/tier-1: 'priority' \(2000000000\) must be at most 1000000000/);
  });

  test('a tier maxReplicas below the minimum the plan needs', () => {
    const low = (c: Catalog) => ({
      ...c,
      tiers: c.tiers.map((t) => (t.id === 'tier-3' ? { ...t, policy: { ...t.policy, maxReplicas: 1 } } : t)),
    });
    expect(withCatalog(low)).toThrow(/`maxReplicas` 1: a Deployment needs at least 2 replicas/);
  });

  test('a restore drill for a Redis whose plan ships no snapshots', () => {
    const p = plan.assets.get('redis-sessions')!;
    const unshipped: CatalogPlan = {
      ...plan,
      assets: new Map(plan.assets).set('redis-sessions', {
        ...p,
        mechanisms: p.mechanisms.filter((m) => m.id !== 'redis-rdb-shipping'),
      }),
    };
    expect(() => buildCharts(unshipped)).toThrow(
      /drill redis-restore restores a shipped snapshot, but the plan has no redis-rdb-shipping/,
    );
  });

  test('a Redis with so many pods that the start scripts could still be looking for the primary when liveness restarts them', () => {
    const p = plan.assets.get('redis-sessions')!;
    const many: CatalogPlan = {
      ...plan,
      assets: new Map(plan.assets).set('redis-sessions', {
        ...p,
        mechanisms: p.mechanisms.map((m) => (m.id === 'redis-sentinel' ? { ...m, replicas: 8 } : m)),
      }),
    };
    expect(() => buildCharts(many)).toThrow(
      /redis-sessions: the start scripts' search for the primary can take 31 s with 9 pods, but liveness restarts a container after 20 s/,
    );
  });
});
