/**
 * `workload: overlay`: the charts write only the DR parts of a Deployment the team ships (HPA, PodDisruptionBudget, and
 * a kustomize component whose strategic-merge patch sets the probe timings, zone spread, tolerations, priority class
 * and `dr/*` labels), and the checker grades the team's Deployment with that patch applied exactly as it grades a
 * managed one. A probe the team's container lacks is a DR-OVERLAY finding, and the model grades the service without it.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { main } from '../../bin/entry';
import { manifestYaml, synthChartManifests } from '../../k8s/app';
import { parseCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import {
  check,
  InputError,
  loadManifests,
  loadTeamManifests,
  manifestsFromObjects,
  type K8sObject,
} from '../../lib/checker';
import { strategicMerge } from '../../lib/checker/strategic-merge';
import { OVERLAY } from '../../lib/names';
import { baseDoc } from '../constructs/support';

const SCRATCH = resolve('node_modules/.cache/dr-overlay-test');
/** A folder that exists (the catalog requires it); the in-memory cases hand the team's objects over themselves. */
const TEAM_DIR = 'examples/existing-app/k8s';
const TODAY = '2026-12-07';

/** The catalog with `web` as an overlay service whose Deployment is in `team/`. */
function overlayDoc(deployment: Record<string, unknown> = { manifests: TEAM_DIR }) {
  const doc = baseDoc();
  Object.assign(doc.services[0]!, { workload: 'overlay', deployment });
  return doc;
}

function chartsOf(doc: ReturnType<typeof baseDoc>, file = 'test-targets.yaml') {
  const catalog = parseCatalog(stringify(doc), file);
  const charts = synthChartManifests(planCatalog(catalog));
  return { catalog, charts, objects: manifestsFromObjects(charts, (d) => manifestYaml(d)) };
}

/** A Deployment as a team writes it: its own labels, a fixed replica count, its own probe timings, no DR settings. */
function teamDeployment(container: Record<string, unknown> = {}, sidecars: Record<string, unknown>[] = []): K8sObject {
  const labels = { app: 'web' };
  const doc = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'registry.example/web:3.1.0',
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 30, failureThreshold: 10 },
              livenessProbe: { httpGet: { path: '/live', port: 8080 } },
              startupProbe: { httpGet: { path: '/live', port: 8080 } },
              ...container,
            },
            ...sidecars,
          ],
        },
      },
    },
  };
  return { file: 'team/web.yaml', index: 0, kind: 'Deployment', name: 'web', labels, doc };
}

const workloadOf = (result: ReturnType<typeof check>, id = 'web') =>
  result.entries
    .get(id)!
    .groups.flatMap((g) => g.mechanisms)
    .find((m) => m.id === 'k8s-workload');

describe('the charts of an overlay service', () => {
  const { charts } = chartsOf(overlayDoc());

  test('web.k8s.yaml holds its HPA, PodDisruptionBudget and NetworkPolicy: the Deployment, Service and account are the team’s', () => {
    expect(charts.get('web.k8s.yaml')!.objects.map((o) => (o as { kind: string }).kind)).toEqual([
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
    ]);
  });

  test('a kustomize component patches the Deployment by name with the plan’s settings and no image or handler', () => {
    const [component] = charts.get(`${OVERLAY.dir}/web/${OVERLAY.kustomization}`)!.objects as Record<string, any>[];
    expect(component).toMatchObject({ kind: 'Component', patches: [{ path: OVERLAY.patch, target: { name: 'web' } }] });
    const [patch] = charts.get(`${OVERLAY.dir}/web/${OVERLAY.patch}`)!.objects as Record<string, any>[];
    const pod = patch!.spec.template.spec;
    // No namespace: kustomize gives a targeted patch its target's.
    expect(patch!.metadata).toEqual({ name: 'web', labels: { 'dr/service': 'web', 'dr/tier': 'gold' } });
    expect(patch!.spec.replicas).toBeNull(); // the HPA owns the count
    expect(pod.priorityClassName).toBe('acme-test-gold');
    expect(pod.containers).toEqual([expect.objectContaining({ name: 'web' })]);
    expect(pod.containers[0].image).toBeUndefined();
    expect(pod.containers[0].readinessProbe.httpGet).toBeUndefined();
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone' });
    expect(pod.tolerations.map((t: { key: string }) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
    // Written without YAML anchors, as the charts' files are.
    expect(charts.get(`${OVERLAY.dir}/web/${OVERLAY.patch}`)!.yaml).not.toMatch(/[&*]a\d/);
  });

  test('deployment.name and container name the team’s objects', () => {
    const { charts: named } = chartsOf(overlayDoc({ name: 'storefront', container: 'app' }));
    const [patch] = named.get(`${OVERLAY.dir}/web/${OVERLAY.patch}`)!.objects as Record<string, any>[];
    expect(patch!.metadata.name).toBe('storefront');
    expect(patch!.spec.template.spec.containers[0].name).toBe('app');
    const [hpa] = named.get('web.k8s.yaml')!.objects as Record<string, any>[];
    expect(hpa!.spec.scaleTargetRef.name).toBe('storefront');
  });
});

describe('the checker reads the overlay and the team’s Deployment', () => {
  const managed = chartsOf(baseDoc());
  const overlay = chartsOf(overlayDoc());
  const run = (c: typeof overlay, teamManifests: K8sObject[]) =>
    check({ catalog: c.catalog, artifacts: { stacks: [], manifests: c.objects, teamManifests }, today: TODAY });

  test('graded the same as the managed Deployment: the same workload read back, the same assessment, no finding of its own', () => {
    const a = run(managed, []);
    const b = run(overlay, [teamDeployment()]);
    expect(workloadOf(b)).toEqual(workloadOf(a));
    expect(b.assessments.get('web')).toEqual(a.assessments.get('web'));
    const findings = (r: typeof a) => r.findings.filter((f) => f.entry === 'web').map(({ where: _where, ...f }) => f);
    expect(findings(b)).toEqual(findings(a));
    // They point at both files the cluster's Deployment comes from.
    expect(b.findings.find((f) => f.entry === 'web')!.where).toBe(
      `team/web.yaml + ${OVERLAY.dir}/web/${OVERLAY.patch}: Deployment/web`,
    );
  });

  test('the component is not an object of the cluster: without the patch nothing implements the service', () => {
    const unpatched = check({
      catalog: overlay.catalog,
      artifacts: {
        stacks: [],
        manifests: overlay.objects.filter((o) => !o.file.startsWith(`${OVERLAY.dir}/`)),
        teamManifests: [teamDeployment()],
      },
      today: TODAY,
    });
    expect(workloadOf(unpatched)).toBeUndefined();
    expect(unpatched.findings.map((f) => f.rule)).toContain('DR-UNIMPLEMENTED');
  });

  test('a readiness probe missing from the team’s container is a DR-OVERLAY finding, and the model grades it missing', () => {
    const result = run(overlay, [teamDeployment({ readinessProbe: undefined })]);
    const overlayFindings = result.findings.filter((f) => f.rule === 'DR-OVERLAY');
    expect(overlayFindings).toHaveLength(1);
    expect(overlayFindings[0]).toMatchObject({ entry: 'web', severity: 'error' });
    expect(overlayFindings[0]!.message).toBe(
      "service web: container web of the team's Deployment web (team/web.yaml) has no readinessProbe; the overlay sets only its timings",
    );
    expect(workloadOf(result)).toMatchObject({ readiness: null });
    expect(result.assessments.get('web')!.instance.rto).toMatchObject({ kind: 'none' });
  });

  test('a sidecar without the probes the plan times is a finding too: the pod counts as probed only if every container is', () => {
    const proxy = {
      name: 'proxy',
      image: 'registry.example/proxy:1.0.0',
      readinessProbe: { tcpSocket: { port: 15000 } },
    };
    const result = run(overlay, [teamDeployment({}, [proxy])]);
    expect(result.findings.filter((f) => f.rule === 'DR-OVERLAY').map((f) => f.message)).toEqual([
      "service web: container proxy of the team's Deployment web (team/web.yaml) has no livenessProbe; without one on every container the pod has none",
      "service web: container proxy of the team's Deployment web (team/web.yaml) has no startupProbe; without one on every container the pod has none",
    ]);
    // Its readiness probe counts, with the API's default timings (period 10 s, timeout 1 s): the slower of the two.
    expect(workloadOf(result)).toMatchObject({
      readiness: { periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      liveness: null,
      startup: null,
    });
  });

  test('the team’s own tolerations, which the patch replaces, are a warning naming them', () => {
    const base = teamDeployment();
    const dedicated = { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' };
    const withOwn = structuredClone(base) as any;
    withOwn.doc.spec.template.spec.tolerations = [dedicated];
    const result = run(overlay, [withOwn]);
    expect(
      result.findings.filter((f) => f.rule === 'DR-OVERLAY-TOLERATIONS').map((f) => [f.severity, f.message]),
    ).toEqual([
      [
        'warning',
        "service web: the overlay's patch replaces the tolerations of the team's Deployment web (team/web.yaml); its own are dropped: dedicated=web:NoSchedule",
      ],
    ]);
    // The cluster's pods carry the patch's tolerations only: the node-loss seconds are the plan's.
    expect(workloadOf(result)).toEqual(workloadOf(run(overlay, [base])));
    // Tolerations the patch repeats (in any key order) are not dropped.
    const [patch] = overlay.charts.get(`${OVERLAY.dir}/web/${OVERLAY.patch}`)!.objects as Record<string, any>[];
    const same = structuredClone(base) as any;
    same.doc.spec.template.spec.tolerations = patch!.spec.template.spec.tolerations.map((t: object) =>
      Object.fromEntries(Object.entries(t).reverse()),
    );
    expect(run(overlay, [same]).findings.filter((f) => f.rule === 'DR-OVERLAY-TOLERATIONS')).toEqual([]);
  });

  test('a team Deployment the folder does not hold, or a container it does not have, is a DR-OVERLAY finding', () => {
    const missing = run(overlay, []).findings.filter((f) => f.rule === 'DR-OVERLAY');
    expect(missing.map((f) => f.message)).toEqual([
      `service web: workload overlay patches the team's Deployment web, which ${TEAM_DIR} does not hold`,
    ]);
    const renamed = chartsOf(overlayDoc({ manifests: TEAM_DIR, container: 'app' }));
    const noContainer = run(renamed, [teamDeployment()]).findings.filter((f) => f.rule === 'DR-OVERLAY');
    expect(noContainer.map((f) => f.message)).toEqual([
      "service web: the team's Deployment web (team/web.yaml) has no container app for the overlay to patch",
    ]);
  });

  test('a team Deployment in another namespace than the charts’ is a DR-OVERLAY finding; one without is placed in it', () => {
    const elsewhere = teamDeployment();
    const moved = { ...elsewhere, doc: { ...elsewhere.doc, metadata: { name: 'web', namespace: 'storefront' } } };
    expect(
      run(overlay, [moved])
        .findings.filter((f) => f.rule === 'DR-OVERLAY')
        .map((f) => f.message),
    ).toEqual([
      "service web: the team's Deployment web (team/web.yaml) is in namespace storefront; its HPA and PodDisruptionBudget are in shop",
    ]);
    const unset = { ...elsewhere, doc: { ...elsewhere.doc, metadata: { name: 'web' } } };
    const result = run(overlay, [unset]);
    expect(result.findings.filter((f) => f.rule === 'DR-OVERLAY')).toEqual([]);
    expect(workloadOf(result)).toEqual(workloadOf(run(overlay, [teamDeployment()])));
  });

  test('without deployment.manifests the finding says where to point it', () => {
    const none = chartsOf(overlayDoc({}));
    const messages = run(none, []).findings.filter((f) => f.rule === 'DR-OVERLAY');
    expect(messages.map((f) => f.message)).toEqual([
      "service web: workload overlay patches the team's Deployment web, and no deployment.manifests folder is given to read it from",
    ]);
  });
});

describe('from disk', () => {
  const dir = join(SCRATCH, 'app');
  beforeAll(() => {
    rmSync(SCRATCH, { recursive: true, force: true });
    mkdirSync(join(dir, 'team'), { recursive: true });
  });
  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  test('dist/k8s/overlays/<service>/ and the team folder are read; the check is the one from memory', () => {
    const c = chartsOf(overlayDoc({ manifests: 'team' }), join(dir, 'catalog.yaml'));
    const k8sDir = join(dir, 'k8s');
    for (const [file, m] of c.charts) {
      mkdirSync(join(k8sDir, file, '..'), { recursive: true });
      writeFileSync(join(k8sDir, file), m.yaml);
    }
    writeFileSync(join(dir, 'team', 'web.yaml'), stringify(teamDeployment().doc));
    const manifests = loadManifests(k8sDir);
    expect(manifests.filter((o) => o.file.startsWith(`${OVERLAY.dir}/`)).map((o) => `${o.file} ${o.kind}`)).toEqual([
      `${OVERLAY.dir}/web/${OVERLAY.patch} Deployment`,
      `${OVERLAY.dir}/web/${OVERLAY.kustomization} Component`,
    ]);
    const team = loadTeamManifests(c.catalog);
    expect(team.map((o) => `${o.file} ${o.kind}/${o.name}`)).toEqual(['team/web.yaml Deployment/web']);
    const fromDisk = check({
      catalog: c.catalog,
      artifacts: { stacks: [], manifests, teamManifests: team },
      today: TODAY,
    });
    const fromMemory = check({
      catalog: c.catalog,
      artifacts: { stacks: [], manifests: c.objects, teamManifests: [teamDeployment()] },
      today: TODAY,
    });
    expect(fromDisk.assessments).toEqual(fromMemory.assessments);
    expect(workloadOf(fromDisk)).toEqual(workloadOf(fromMemory));
  });

  test('a folder that went away after validation is an input error naming it', () => {
    mkdirSync(join(dir, 'gone'));
    const c = chartsOf(overlayDoc({ manifests: 'gone' }), join(dir, 'catalog.yaml'));
    rmSync(join(dir, 'gone'), { recursive: true });
    expect(() => loadTeamManifests(c.catalog)).toThrow(InputError);
    expect(() => loadTeamManifests(c.catalog)).toThrow(/gone: no such directory \(a service's deployment\.manifests/);
  });

  test('a team file that is not valid YAML stops synth before it writes anything, located (exit 2)', () => {
    const app = join(SCRATCH, 'bad');
    mkdirSync(join(app, 'team'), { recursive: true });
    writeFileSync(join(app, 'catalog.yaml'), stringify(overlayDoc({ manifests: 'team' })));
    writeFileSync(join(app, 'team', 'web.yaml'), 'kind: Deployment\nmetadata: { name: web\n');
    let stderr = '';
    const code = main({
      catalogFile: join(app, 'catalog.yaml'),
      outdir: join(app, 'cdk.out'),
      distDir: join(app, 'dist'),
      validation: false,
      stderr: (t) => void (stderr += t),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/team\/web\.yaml:\d+:\d+: not valid YAML/);
    expect(stderr).not.toMatch(/internal error|^\s+at /m);
    expect([existsSync(join(app, 'cdk.out')), existsSync(join(app, 'dist'))]).toEqual([false, false]);
  });
});

describe('strategic merge, as kustomize applies the patch', () => {
  test('maps merge, null removes, containers merge by name, lists without a merge key are replaced', () => {
    const base = parse(`
spec:
  replicas: 2
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: web:1, readinessProbe: { httpGet: { path: /ready }, periodSeconds: 30 } }
        - { name: proxy, image: proxy:1 }
      tolerations: [{ key: dedicated, effect: NoSchedule }]
`) as unknown;
    const patch = parse(`
spec:
  replicas: null
  template:
    metadata: { labels: { dr/service: web } }
    spec:
      containers:
        - { name: web, readinessProbe: { periodSeconds: 5 } }
      tolerations: [{ key: node.kubernetes.io/unreachable, effect: NoExecute }]
`) as unknown;
    expect(strategicMerge(base, patch)).toEqual(
      parse(`
spec:
  template:
    metadata: { labels: { app: web, dr/service: web } }
    spec:
      containers:
        - { name: web, image: web:1, readinessProbe: { httpGet: { path: /ready }, periodSeconds: 5 } }
        - { name: proxy, image: proxy:1 }
      tolerations: [{ key: node.kubernetes.io/unreachable, effect: NoExecute }]
`),
    );
    // Neither input is changed.
    expect((base as any).spec.replicas).toBe(2);
  });
});
