/**
 * The join's indexes only narrow down what is tried; the predicates still decide. Each is checked against the scan it
 * replaced, on random artifacts drawn from small alphabets so that names, ARNs, tags and namespaces collide often.
 */
import fc from 'fast-check';
import { SelectionIndex, selectionsOf, type CandidateSource, type Selection } from '../../lib/checker/read-aws';
import { budgetLookup, type BudgetObject } from '../../lib/checker/policy/disruption-budget';
import { readPdb, selectsPods } from '../../lib/checker/readers/pdb';
import {
  selects,
  type Candidate,
  type SelectionReading,
  type Target,
} from '../../lib/checker/readers/backup-selection';
import { hpaFor, hpaLookup } from '../../lib/checker/readers/workload';
import type { K8sObject, StackArtifact } from '../../lib/checker/types';

const RUNS = { numRuns: 300 };

// ---- Backup selections ----

const STACKS: StackArtifact[] = [
  { name: 'Primary', file: 'Primary.template.json', region: 'eu-west-2', account: '1', resources: {}, outputs: {} },
  { name: 'Shard1', file: 'Shard1.template.json', region: 'eu-west-2', account: '1', resources: {}, outputs: {} },
  { name: 'Dr', file: 'Dr.template.json', region: 'eu-west-1', account: '1', resources: {}, outputs: {} },
  { name: 'Agnostic', file: 'Agnostic.template.json', region: null, account: null, resources: {}, outputs: {} },
];
const IDS = ['Db', 'Bucket', 'Other'];
const ARNS = [
  'arn:aws:rds:eu-west-2:1:db:orders',
  'arn:aws:s3:::media',
  'arn:aws:ec2:eu-west-2:1:volume/redis',
  'arn:aws:rds:eu-west-1:1:db:orders',
];
const PATTERNS = [
  ...ARNS,
  'arn:aws:rds:*:*:db:*',
  'arn:aws:ec2:*:*:volume/*',
  'arn:aws:s3:::med*',
  '*',
  'arn:aws:rds:eu-west-2:1:db:order',
  'arn:aws:*',
];
const TAG = fc.record({
  key: fc.constantFrom('dr:asset', 'dr:tier'),
  value: fc.constantFrom('orders', 'media', 'gold', 'me*'),
});

const target: fc.Arbitrary<Target> = fc.oneof(
  fc.record({ logicalIds: fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 2 }) }),
  fc.record({ pattern: fc.constantFrom(...PATTERNS) }),
);
const reading: fc.Arbitrary<SelectionReading> = fc.record({
  name: fc.constant('s'),
  plan: fc.constant(null),
  resources: fc.array(target, { maxLength: 3 }),
  notResources: fc.array(target, { maxLength: 1 }),
  anyTag: fc.array(TAG, { maxLength: 2 }),
  equals: fc.array(TAG, { maxLength: 1 }),
  notEquals: fc.array(TAG, { maxLength: 1 }),
  like: fc.array(TAG, { maxLength: 1 }),
  notLike: fc.array(TAG, { maxLength: 1 }),
});
const selection: fc.Arbitrary<Selection> = fc
  .record({ stack: fc.constantFrom(...STACKS), reading, id: fc.constantFrom('Sel1', 'Sel2') })
  .map(({ stack, reading: r, id }) => ({
    where: { stack: stack.name, file: stack.file, logicalId: id, type: 'AWS::Backup::BackupSelection' },
    stack,
    reading: r,
    rules: [],
  }));
const candidate: fc.Arbitrary<Candidate> = fc.record({
  logicalId: fc.constantFrom(null, ...IDS),
  arn: fc.constantFrom(...ARNS, 'arn:aws:s3:::other'),
  tags: fc.dictionary(fc.constantFrom('dr:asset', 'dr:tier'), fc.constantFrom('orders', 'media', 'gold', 'me*')),
});
const source: fc.Arbitrary<CandidateSource> = fc.record({
  stack: fc.constantFrom(null, ...STACKS.map((s) => s.name)),
  region: fc.constantFrom(null, 'eu-west-2', 'eu-west-1'),
});

/** The scan the index replaced (lib/checker/read-aws.ts before the index). */
function scan(c: Candidate, src: CandidateSource, selections: readonly Selection[]): Selection[] {
  return selections.filter(
    (s) =>
      selects(s.reading, s.stack.name === src.stack ? c : { ...c, logicalId: null }) &&
      (src.region === null || s.stack.region === null || s.stack.region === src.region),
  );
}

test('selectionsOf through the index picks exactly the selections a scan of all of them picks, in order', () => {
  fc.assert(
    fc.property(
      fc.array(selection, { maxLength: 12 }),
      fc.array(fc.tuple(candidate, source), { minLength: 1, maxLength: 6 }),
      (selections, candidates) => {
        const index = new SelectionIndex(selections);
        for (const [c, src] of candidates) expect(selectionsOf(c, src, index)).toEqual(scan(c, src, selections));
      },
    ),
    RUNS,
  );
});

test('control: the generated cases do select something, through every kind of target', () => {
  const hits = { logicalId: 0, pattern: 0, tagsOnly: 0 };
  fc.assert(
    fc.property(selection, candidate, source, (s, c, src) => {
      if (scan(c, src, [s]).length === 0) return;
      if (s.reading.resources.length === 0) hits.tagsOnly++;
      else if (s.reading.resources.some((t) => 'pattern' in t)) hits.pattern++;
      else hits.logicalId++;
    }),
    // A statistical check of the generator, not a property: a fixed seed keeps it from failing on an unlucky draw.
    { numRuns: 2000, seed: 20261207 },
  );
  expect(hits.logicalId).toBeGreaterThan(0);
  expect(hits.pattern).toBeGreaterThan(0);
  expect(hits.tagsOnly).toBeGreaterThan(0);
});

// ---- HPAs ----

const NAMESPACE = fc.constantFrom<unknown>(undefined, 'shop', 'other', 7);
const k8s = (kind: string, name: string, namespace: unknown, spec: Record<string, unknown> = {}): K8sObject => ({
  file: 'a.k8s.yaml',
  index: 0,
  kind,
  name,
  labels: {},
  doc: { kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, spec },
});
const hpa = fc
  .record({
    name: fc.constantFrom('h1', 'h2'),
    namespace: NAMESPACE,
    kind: fc.constantFrom<unknown>('Deployment', 'StatefulSet', 3),
    target: fc.constantFrom<unknown>('web', 'api', undefined),
  })
  .map((h) =>
    k8s('HorizontalPodAutoscaler', h.name, h.namespace, { scaleTargetRef: { kind: h.kind, name: h.target } }),
  );
const controller = fc
  .record({
    kind: fc.constantFrom('Deployment', 'StatefulSet'),
    name: fc.constantFrom('web', 'api'),
    namespace: NAMESPACE,
  })
  .map((c) => k8s(c.kind, c.name, c.namespace));

test('hpaLookup finds the HPA hpaFor finds, for every controller', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(hpa, controller), { maxLength: 10 }), (objects) => {
      const lookup = hpaLookup(objects);
      for (const c of objects.filter((o) => o.kind !== 'HorizontalPodAutoscaler'))
        expect(lookup(c)).toBe(hpaFor(c, objects));
    }),
    RUNS,
  );
});

// ---- PodDisruptionBudgets ----

const LABELS = fc.dictionary(fc.constantFrom('app', 'tier', 'constructor'), fc.constantFrom('web', 'api', 'gold'), {
  maxKeys: 2,
});
const budget: fc.Arbitrary<BudgetObject> = fc
  .record({
    namespace: fc.constantFrom<unknown>(undefined, 'shop', 'other'),
    selector: fc.option(
      fc.record({
        matchLabels: LABELS,
        matchExpressions: fc.array(
          fc.record({
            key: fc.constantFrom('app', 'tier'),
            operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
            values: fc.constant(['web']),
          }),
          { maxLength: 1 },
        ),
      }),
      { nil: undefined },
    ),
  })
  .map((b) => {
    const o = k8s('PodDisruptionBudget', 'pdb', b.namespace, b.selector === undefined ? {} : { selector: b.selector });
    return { o, pdb: readPdb(o) };
  });

test('budgetLookup gives the budgets a scan gives: same namespace, selecting the pods, in manifest order', () => {
  fc.assert(
    fc.property(
      fc.array(budget, { maxLength: 10 }),
      fc.array(fc.tuple(fc.constantFrom(null, 'shop', 'other'), LABELS), { minLength: 1, maxLength: 4 }),
      (budgets, workloads) => {
        const lookup = budgetLookup(budgets);
        for (const [namespace, pod] of workloads) {
          expect(lookup(namespace, pod)).toEqual(
            budgets.filter((b) => b.pdb.namespace === namespace && selectsPods(b.pdb, pod)),
          );
        }
      },
    ),
    RUNS,
  );
});
