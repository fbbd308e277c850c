/**
 * The standby cluster's manifests (the DR site of a pilot light): the same charts with the DR Region's values — images
 * from the replicated repositories, secrets from the replicas, Auto Mode's EBS driver, the restored databases'
 * endpoints — every workload idle at the pilot-light scale with the marker that says so, the HPA still at the plan's
 * minimum, Redis seeded from the newest shipped snapshot, and no jobs (they run where the data is written).
 */
import { loadCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import { synthChartManifests, synthDrChartManifests } from '../../k8s/app';

const plan = planCatalog(loadCatalog('dr-targets.yaml'));
const dr = synthDrChartManifests(plan)!;
const primary = synthChartManifests(plan);
type Obj = {
  kind: string;
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec?: any;
  [k: string]: any;
};
const objects = (charts: typeof dr, file: string) => charts.get(file)!.objects as Obj[];
const find = (charts: typeof dr, file: string, kind: string) => objects(charts, file).find((o) => o.kind === kind)!;

test('the same files as the primary cluster’s but the experiments’ access, every object labelled dr/site: dr', () => {
  // Fault-injection experiments run in the primary cluster only.
  expect(primary.has('fis-experiments.k8s.yaml')).toBe(true);
  expect([...dr.keys()].sort()).toEqual([...primary.keys()].filter((f) => f !== 'fis-experiments.k8s.yaml').sort());
  for (const [file, chart] of dr) {
    for (const o of chart.objects as Obj[])
      expect([file, o.kind, o.metadata.labels?.['dr/site']]).toEqual([file, o.kind, 'dr']);
  }
  // The primary's manifests carry no site label: their bytes are as before.
  expect(primary.get('api-gateway.k8s.yaml')!.yaml).not.toMatch(/dr\/site/);
});

test('a service idles at 0 replicas with the pilot-light marker; its HPA keeps the plan’s minimum; its image is the DR Region’s', () => {
  const deployment = find(dr, 'auth-service.k8s.yaml', 'Deployment');
  expect(deployment.spec.replicas).toBe(0);
  expect(deployment.metadata.annotations).toEqual({ 'dr/pilot-light-replicas': '0' });
  expect(find(dr, 'auth-service.k8s.yaml', 'HorizontalPodAutoscaler').spec.minReplicas).toBe(
    find(primary, 'auth-service.k8s.yaml', 'HorizontalPodAutoscaler').spec.minReplicas,
  );
  const container = deployment.spec.template.spec.containers[0];
  expect(container.image).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com/lomash-wood/auth-service:1.0.0');
  expect(container.envFrom).toContainEqual({ configMapRef: { name: 'dr-database-endpoints', optional: true } });
  // The primary's Deployment has no replicas (its HPA owns them) and no marker.
  expect(find(primary, 'auth-service.k8s.yaml', 'Deployment').spec.replicas).toBeUndefined();
});

test('the secret store reads the DR Region’s replicas; StorageClasses use Auto Mode’s EBS driver (EKS-3)', () => {
  expect(find(dr, 'secrets.k8s.yaml', 'SecretStore').spec.provider.aws.region).toBe('eu-west-1');
  expect(find(dr, 'platform.k8s.yaml', 'StorageClass').provisioner).toBe('ebs.csi.eks.amazonaws.com');
  expect(find(primary, 'platform.k8s.yaml', 'StorageClass').provisioner).toBe('ebs.csi.aws.com');
  expect(find(dr, 'platform.k8s.yaml', 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe(
    'v1.35',
  );
});

test('Redis idles at 0 and, scaled up, starts from the newest snapshot shipped to the DR Region; no jobs there', () => {
  const sts = find(dr, 'redis-sessions.k8s.yaml', 'StatefulSet');
  expect(sts.spec.replicas).toBe(0);
  expect(sts.metadata.annotations).toEqual({ 'dr/pilot-light-replicas': '0' });
  const [seed] = sts.spec.template.spec.initContainers;
  expect(seed.name).toBe('seed');
  expect(seed.env).toEqual(
    expect.arrayContaining([
      { name: 'SNAPSHOT_BUCKET', value: 'lomash-wood-redis-snapshots-111111111111-eu-west-1' },
      { name: 'SNAPSHOT_PREFIX', value: 'redis-sessions/' },
    ]),
  );
  expect(seed.command[2]).toMatch(/not starting empty/);
  expect(objects(dr, 'redis-sessions.k8s.yaml').map((o) => o.kind)).not.toEqual(expect.arrayContaining(['CronJob']));
  expect(objects(dr, 'order-payment-service.k8s.yaml').map((o) => o.kind)).not.toContain('Job');
  expect(objects(primary, 'order-payment-service.k8s.yaml').map((o) => o.kind)).toContain('Job');
});

test('a cache idles at 0 too', () => {
  const cache = find(dr, 'redis-product-cache.k8s.yaml', 'Deployment');
  expect([cache.spec.replicas, cache.metadata.annotations['dr/pilot-light-replicas']]).toEqual([0, '0']);
});
