/**
 * DR-MIN-REPLICAS and DR-PDB on the hand-written workload snippets (test/fixtures/checker/policy/workloads*.k8s.yaml)
 * against the fixture catalog's tier gold (minReplicas 2), and the PodDisruptionBudget reader's arithmetic.
 */
import { fails } from '../../../lib/checker';
import { allowedEvictions, readPdb, selectsPods } from '../../../lib/checker/readers/pdb';
import { mostEvictions } from '../../../lib/checker/policy/disruption-budget';
import type { K8sObject } from '../../../lib/checker';
import { k8s } from '../helpers';
import { k8sSnippet, ofRule, run } from './snippets';

type Json = Record<string, unknown>;
const spec = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.name === name)!.doc.spec as Json;
const lines = (objects: K8sObject[], rule: string) => ofRule(run({ manifests: objects }), rule).map((f) => f.message);

describe('DR-MIN-REPLICAS: a workload keeps at least its tier policy minReplicas', () => {
  test('compliant: web with HPA minimum 2, the cache with a fixed 3 replicas', () => {
    expect(lines(k8sSnippet('workloads.k8s.yaml'), 'DR-MIN-REPLICAS')).toEqual([]);
  });

  test('non-compliant: web with HPA minimum 1 is an error naming the service, the policy, the value and the fix', () => {
    const r = run({ manifests: k8sSnippet('workloads-weak.k8s.yaml') });
    const found = ofRule(r, 'DR-MIN-REPLICAS');
    expect(found.map((f) => [f.entry, f.severity, f.policy])).toEqual([['web', 'error', 'gold policy minReplicas 2']]);
    expect(found[0]!.message).toBe(
      'web: Deployment web keeps as few as 1 replica(s) (HorizontalPodAutoscaler web: minReplicas 1); gold policy minReplicas 2 requires at least 2',
    );
    expect(found[0]!.fix).toMatch(/^set spec\.minReplicas of HorizontalPodAutoscaler web to 2 or more/);
    expect(found[0]!.where).toBe('workloads-weak.k8s.yaml: HorizontalPodAutoscaler/web');
    expect(fails(r.findings, false)).toBe(true);
  });

  test('non-compliant: without an HPA the fixed replicas count, and no replicas means one pod (K8S-3)', () => {
    const objects = k8sSnippet('workloads.k8s.yaml');
    delete spec(objects, 'Deployment', 'cache').replicas;
    expect(lines(objects, 'DR-MIN-REPLICAS')).toEqual([
      'cache: Deployment cache keeps as few as 1 replica(s) (no HPA, replicas 1); gold policy minReplicas 2 requires at least 2',
    ]);
  });
});

describe('DR-PDB: one budget per planned Deployment, never blocking every eviction at the HPA minimum, never allowing too many', () => {
  test('compliant: maxUnavailable 1 at minimum 2, and minAvailable 50% of 3 (rounded up to 2) with a matchExpressions selector', () => {
    expect(lines(k8sSnippet('workloads.k8s.yaml'), 'DR-PDB')).toEqual([]);
  });

  test('non-compliant: web at minimum 1 cannot have a useful budget; the cache budget lets 3 of 4 go; another namespace does not count', () => {
    const found = ofRule(run({ manifests: k8sSnippet('workloads-weak.k8s.yaml') }), 'DR-PDB');
    expect(found.map((f) => [f.entry, f.severity, f.where])).toEqual([
      ['cache', 'error', 'workloads-weak.k8s.yaml: PodDisruptionBudget/cache'],
      ['web', 'error', 'workloads-weak.k8s.yaml: PodDisruptionBudget/web'],
    ]);
    const [cache, web] = found;
    expect(cache!.message).toBe(
      'cache: Deployment cache is guarded by PodDisruptionBudget cache (maxUnavailable 3), which allows 3 evictions at the HPA minimum 4, leaving 1 ready, ' +
        "fewer than the tier's 2; gold policy minReplicas 2: a PodDisruptionBudget allowing 1 to 2 evictions at the HPA minimum 4 is required",
    );
    expect(cache!.fix).toBe(
      'give Deployment cache one policy/v1 PodDisruptionBudget with its selector and maxUnavailable 2',
    );
    expect(web!.message).toMatch(
      /keeps 1 replica at its HPA minimum, so PodDisruptionBudget web \(maxUnavailable 1\) either blocks every eviction or allows all of them/,
    );
    expect(web!.fix).toMatch(/^raise the HPA minReplicas to at least 2/);
  });

  const cases: [string, (o: K8sObject[]) => void, RegExp][] = [
    [
      'removed',
      (o) =>
        o.splice(
          o.findIndex((x) => x.kind === 'PodDisruptionBudget' && x.name === 'web'),
          1,
        ),
      /has no PodDisruptionBudget selecting its pods/,
    ],
    [
      'selecting other pods',
      (o) =>
        void ((spec(o, 'PodDisruptionBudget', 'web').selector as Json).matchLabels = {
          'app.kubernetes.io/name': 'api',
        }),
      /has no PodDisruptionBudget selecting its pods/,
    ],
    [
      'maxUnavailable 0',
      (o) => void (spec(o, 'PodDisruptionBudget', 'web').maxUnavailable = 0),
      /allows no eviction at the HPA minimum 2: a node drain never finishes/,
    ],
    [
      'minAvailable 100%',
      (o) => {
        const s = spec(o, 'PodDisruptionBudget', 'web');
        delete s.maxUnavailable;
        s.minAvailable = '100%';
      },
      /\(minAvailable 100%\), which allows no eviction/,
    ],
    [
      'maxUnavailable 100%',
      (o) => void (spec(o, 'PodDisruptionBudget', 'web').maxUnavailable = '100%'),
      /allows evicting all 2 pods at the HPA minimum at once/,
    ],
    [
      'neither minAvailable nor maxUnavailable',
      (o) => void delete spec(o, 'PodDisruptionBudget', 'web').maxUnavailable,
      /\(neither minAvailable nor maxUnavailable\), which allows evicting all 2 pods/,
    ],
    [
      'a second budget over the same pods',
      (o) => o.push({ ...o.find((x) => x.kind === 'PodDisruptionBudget' && x.name === 'web')!, name: 'web-extra' }),
      /has 2 PodDisruptionBudgets selecting its pods \(web, web-extra\): the Eviction API refuses/,
    ],
    [
      'both minAvailable and maxUnavailable',
      (o) => void (spec(o, 'PodDisruptionBudget', 'web').minAvailable = 1),
      /minAvailable and maxUnavailable are both set/,
    ],
    [
      'a value that is no count or percentage',
      (o) => void (spec(o, 'PodDisruptionBudget', 'web').maxUnavailable = 'one'),
      /maxUnavailable "one" is neither a non-negative integer nor a percentage/,
    ],
  ];
  test.each(cases)('non-compliant: web budget %s', (_name, edit, message) => {
    const objects = k8sSnippet('workloads.k8s.yaml');
    edit(objects);
    const found = lines(objects, 'DR-PDB');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^web: Deployment web /);
    expect(found[0]).toMatch(message);
  });
});

describe('the PodDisruptionBudget reader', () => {
  const budget = (s: Json) =>
    readPdb(
      k8s(
        'PodDisruptionBudget',
        'b',
        {},
        { apiVersion: 'policy/v1', spec: { selector: { matchLabels: { app: 'a' } }, ...s } },
      ),
    );

  test('percentages round up, as the disruption controller does', () => {
    expect(allowedEvictions(budget({ maxUnavailable: '25%' }), 3)).toBe(1); // ceil(0.75) unavailable
    expect(allowedEvictions(budget({ minAvailable: '50%' }), 3)).toBe(1); // ceil(1.5) = 2 must stay
    expect(allowedEvictions(budget({ minAvailable: '34%' }), 3)).toBe(1); // ceil(1.02) = 2 must stay
    expect(allowedEvictions(budget({ maxUnavailable: 5 }), 3)).toBe(3);
    expect(allowedEvictions(budget({ minAvailable: 5 }), 3)).toBe(0);
  });

  test('selectors: matchLabels and matchExpressions ANDed; an empty selector selects every pod, none selects none (K8S-5)', () => {
    const b = budget({
      selector: {
        matchLabels: { app: 'a' },
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['x'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      },
    });
    expect([
      selectsPods(b, { app: 'a' }),
      selectsPods(b, { app: 'a', tier: 'x' }),
      selectsPods(b, { app: 'a', canary: 'y' }),
    ]).toEqual([true, false, false]);
    expect(selectsPods(budget({ selector: {} }), { any: 'pod' })).toBe(true);
    expect(
      selectsPods(readPdb(k8s('PodDisruptionBudget', 'b', {}, { spec: { maxUnavailable: 1 } })), { app: 'a' }),
    ).toBe(false);
  });

  test('the most evictions the tier allows: at least one, never all, the tier minimum kept where it can be', () => {
    expect([2, 3, 4, 5].map((n) => mostEvictions(n, 2))).toEqual([1, 1, 2, 3]);
    expect([2, 3, 4].map((n) => mostEvictions(n, 3))).toEqual([1, 1, 1]);
  });
});
