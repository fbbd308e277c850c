/**
 * The synthesized dist/k8s as a whole (from global-setup): one file per chart, every document valid against the
 * Kubernetes 1.27 schemas of kubernetes-models 4.5, and the availability checks with a non-compliant case each.
 */
import { loadCatalog } from '../../lib/catalog';
import { k8sName } from '../../lib/names';
import { manifestFiles } from '../support/synthesized';
import { CHECKS } from './support/availability';
import { allDocs, containers, isServing, ofKind, podTemplate, selects, type Doc } from './support/docs';

const catalog = loadCatalog('dr-targets.yaml');
const docs = allDocs();

/**
 * Custom resources: no CRD schema is packaged with this project (the upstream CRDs are not an npm dependency here),
 * so these are NOT schema-checked; the chart tests assert their key fields instead (the Prometheus operator's:
 * monitoring.test.ts and below).
 */
const NOT_SCHEMA_CHECKED = [
  'external-secrets.io/v1 SecretStore',
  'external-secrets.io/v1 ExternalSecret',
  'cert-manager.io/v1 Certificate',
  'monitoring.coreos.com/v1 PrometheusRule',
  'monitoring.coreos.com/v1 PodMonitor',
];

type Model = new (data: unknown) => { validate(): void };

/** The kubernetes-models class for an apiVersion and kind, or undefined for a group it does not ship. */
function modelOf(apiVersion: string, kind: string): Model | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  try {
    // A dynamic require: the module path depends on the document.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`) as Record<
      string,
      Model
    >;
    return mod[kind];
  } catch {
    return undefined;
  }
}

describe('dist/k8s', () => {
  test("has one file per chart: platform, secrets, each in-cluster Redis asset, every catalog service, the experiments' access", () => {
    const expected = [
      'platform',
      'secrets',
      'fis-experiments',
      ...catalog.assets.filter((a) => a.kind === 'redis' || a.kind === 'redis-cache').map((a) => k8sName(a.id)),
      ...catalog.services.map((s) => k8sName(s.id)),
    ].map((c) => `${c}.k8s.yaml`);
    expect(manifestFiles().sort()).toEqual(expected.sort());
    expect(catalog.services).toHaveLength(11);
  });

  test('every document validates against the Kubernetes 1.27 schemas, except the listed custom resources', () => {
    const unchecked = new Set<string>();
    for (const { doc } of docs) {
      const Model = modelOf(doc.apiVersion, doc.kind);
      if (!Model) {
        unchecked.add(`${doc.apiVersion} ${doc.kind}`);
        continue;
      }
      expect(() => new Model(doc).validate()).not.toThrow();
    }
    expect([...unchecked].sort()).toEqual([...NOT_SCHEMA_CHECKED].sort());
  });

  test('the schema validation rejects a broken document (it is not vacuous)', () => {
    const deployment = structuredClone(
      ofKind(
        docs.map((d) => d.doc),
        'Deployment',
      )[0]!,
    );
    deployment.spec.template.spec.containers[0].image = 42;
    expect(() => new (modelOf('apps/v1', 'Deployment')!)(deployment).validate()).toThrow(/image/);
  });

  test('custom resources carry the fields their controllers require', () => {
    for (const { doc } of docs.filter((d) => d.doc.kind === 'ExternalSecret')) {
      expect(doc.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: 'aws-secrets-manager' });
      expect(doc.spec.target.name).toBe(doc.metadata.name);
      expect(doc.spec.data ?? doc.spec.dataFrom).toBeDefined();
    }
    for (const { doc } of docs.filter((d) => d.doc.kind === 'Certificate')) {
      expect(doc.spec.secretName).toBe(doc.metadata.name);
      expect(doc.spec.issuerRef.kind).toBe('ClusterIssuer');
      expect(doc.spec.dnsNames.length).toBeGreaterThan(0);
    }
    const rules = docs.filter((d) => d.doc.kind === 'PrometheusRule');
    expect(rules.map((d) => d.file)).toEqual(
      catalog.assets.filter((a) => a.kind === 'redis').map((a) => `${k8sName(a.id)}.k8s.yaml`),
    );
    for (const { doc } of rules) {
      expect(doc.metadata.labels).toEqual({ 'dr/asset': expect.any(String), 'dr/tier': expect.any(String) });
      for (const rule of doc.spec.groups.flatMap((g: Doc) => g.rules)) {
        expect(rule).toMatchObject({
          alert: expect.stringMatching(/^[A-Za-z]+$/),
          expr: expect.any(String),
          annotations: { summary: expect.any(String) },
        });
        expect(rule.labels.severity).toMatch(/^(warning|critical)$/);
        // Prometheus label names: no `/`, so the catalog join is dr_asset / dr_tier there.
        expect(Object.keys(rule.labels).every((k) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k))).toBe(true);
        expect(rule.labels.dr_asset).toBe(doc.metadata.labels['dr/asset']);
      }
    }
    // Each PodMonitor selects pods in its file that expose the port it scrapes.
    for (const { file, doc } of docs.filter((d) => d.doc.kind === 'PodMonitor')) {
      const pods = docs.filter(
        (d) => d.file === file && isServing(d.doc) && selects(doc.spec.selector, podTemplate(d.doc)!.metadata.labels),
      );
      expect(pods).toHaveLength(1);
      const ports = containers(pods[0]!.doc)
        .flatMap((c) => (c.ports ?? []) as Doc[])
        .map((p) => p.name);
      for (const endpoint of doc.spec.podMetricsEndpoints) expect(ports).toContain(endpoint.port);
    }
  });
});

const all = docs.map((d) => d.doc);
/** The Redis pods' own policy (the namespace's default-deny and the job policies are other NetworkPolicies). */
const redisPolicy = (d: Doc[]) => ofKind(d, 'NetworkPolicy').find((p) => p.metadata.name === 'redis-sessions')!;
/** Mutations that each make exactly one check fail, so no check passes vacuously. */
const NONCOMPLIANT: Record<string, (docs: Doc[]) => void> = {
  'K8S-AV-1': (d) => delete containers(ofKind(d, 'Deployment')[0]!)[0]!.resources.requests.cpu,
  'K8S-AV-2': (d) => delete podTemplate(ofKind(d, 'StatefulSet')[0]!)!.spec.containers[1].livenessProbe,
  'K8S-AV-3': (d) => (podTemplate(ofKind(d, 'Deployment')[0]!)!.spec.containers[0].image = 'redis:latest'),
  'K8S-AV-4': (d) => (ofKind(d, 'Deployment')[0]!.spec.replicas = 3),
  'K8S-AV-5': (d) =>
    (ofKind(d, 'PodDisruptionBudget')[0]!.spec = {
      ...ofKind(d, 'PodDisruptionBudget')[0]!.spec,
      maxUnavailable: '100%',
    }),
  'K8S-AV-6': (d) => (podTemplate(ofKind(d, 'CronJob')[0]!)!.spec.securityContext.runAsNonRoot = false),
  'K8S-AV-7': (d) =>
    (podTemplate(ofKind(d, 'Deployment')[0]!)!.spec.topologySpreadConstraints[0].nodeTaintsPolicy = 'Ignore'),
  'K8S-AV-8': (d) => delete podTemplate(ofKind(d, 'Deployment')[0]!)!.spec.tolerations[1].effect,
  'K8S-AV-9': (d) => (podTemplate(ofKind(d, 'StatefulSet')[0]!)!.spec.priorityClassName = 'nobody'),
  'K8S-AV-10': (d) => (podTemplate(ofKind(d, 'Job')[0]!)!.spec.serviceAccountName = 'default'),
  'K8S-AV-11': (d) => (ofKind(d, 'ConfigMap')[0]!.data['redis.conf'] += 'requirepass hunter2\n'),
  'K8S-AV-12': (d) => d.splice(d.indexOf(redisPolicy(d)), 1),
  'K8S-AV-13': (d) => (ofKind(d, 'Service')[0]!.spec.selector = { 'app.kubernetes.io/name': 'nothing' }),
  'K8S-AV-14': (d) => redisPolicy(d).spec.ingress[0].ports.push({ protocol: 'TCP', port: 9121 }),
  'K8S-AV-15': (d) => {
    const app = containers(d.find((x) => x.kind === 'Deployment' && x.metadata.name === 'order-payment-service')!)[0]!;
    app.livenessProbe = { ...app.livenessProbe, httpGet: app.readinessProbe.httpGet };
  },
};

describe.each(CHECKS.map((c) => [c.id, c] as const))('%s', (id, check) => {
  test(`Compliance: ${check.title}`, () => {
    expect(check.check(all)).toEqual([]);
  });
  test('Noncompliance: a mutated copy of the manifests is reported', () => {
    const copy = structuredClone(all);
    NONCOMPLIANT[id]!(copy);
    expect(check.check(copy).length).toBeGreaterThan(0);
  });
});

/** The checks see the metrics exporter sidecar of each Redis: a mutation of that container alone is reported. */
const exporterOf = (workload: string) => (d: Doc[]) =>
  containers(d.find((x) => podTemplate(x) && x.metadata.name === workload)!).find((c) => c.name === 'redis-exporter')!;
const SIDECAR: readonly [string, (exporter: Doc) => void][] = [
  ['K8S-AV-1', (c) => delete c.resources.limits.memory],
  ['K8S-AV-2', (c) => delete c.livenessProbe],
  ['K8S-AV-3', (c) => (c.image = 'oliver006/redis_exporter:latest')],
  ['K8S-AV-6', (c) => (c.securityContext.allowPrivilegeEscalation = true)],
  ['K8S-AV-11', (c) => (c.env = [{ name: 'REDIS_PASSWORD', value: 'hunter2' }])],
  ['K8S-AV-14', (c) => (c.ports = [])],
  [
    'K8S-AV-15',
    (c) => (c.livenessProbe = { ...c.livenessProbe, tcpSocket: undefined, httpGet: c.readinessProbe.httpGet }),
  ],
];
describe.each(['redis-sessions', 'redis-product-cache'])('the exporter sidecar of %s', (workload) => {
  test.each(SIDECAR)('%s reports it when it alone is non-compliant', (id, mutate) => {
    const copy = structuredClone(all);
    mutate(exporterOf(workload)(copy));
    const findings = CHECKS.find((c) => c.id === id)!.check(copy);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(new RegExp(`^(StatefulSet|Deployment)/${workload} `));
  });
});

test('every check has a non-compliant case', () => {
  expect(Object.keys(NONCOMPLIANT).sort()).toEqual(CHECKS.map((c) => c.id).sort());
});
