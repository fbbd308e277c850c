/**
 * The replacement gate sees every kind of state: KMS keys and ECR repositories beside the data stores, stacks matched
 * by name and Region, and Kubernetes StatefulSets whose claims a change would orphan or replace.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../bin/dr';
import { synthManifests } from '../../k8s/app';
import { parseCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import { check, manifestsFromMemory } from '../../lib/checker';
import { buildPosture, kubernetesReplacements, postureJson, replacements } from '../../lib/posture';
import { writeArtifacts } from '../checker/disk';
import { artifacts, catalog, primary, PRIMARY_STACK, type MutableArtifacts } from '../checker/fixture-app';
import { capture } from '../checker/io';

const KEY = { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'SYMMETRIC_DEFAULT' }, DeletionPolicy: 'Retain' };
const REPO = {
  Type: 'AWS::ECR::Repository',
  Properties: { RepositoryName: 'example-co/web' },
  DeletionPolicy: 'Retain',
};

function withKeyAndRepo(): MutableArtifacts {
  const a = artifacts();
  const stack = a.stacks.find((s) => s.name === PRIMARY_STACK)!;
  Object.assign(stack.resources, { DataKey: structuredClone(KEY), WebRepository: structuredClone(REPO) });
  return a;
}

describe('replacement gate: CloudFormation', () => {
  test('a KMS key a change drops and an ECR repository it replaces are reported like data stores', () => {
    const head = withKeyAndRepo();
    delete head.stacks.find((s) => s.name === PRIMARY_STACK)!.resources.DataKey;
    primary(head, 'WebRepository').RepositoryName = 'example-co/web-v2';
    const found = replacements(withKeyAndRepo().stacks, head.stacks).map((r) => `${r.logicalId} ${r.type} ${r.impact}`);
    expect(found).toEqual(['DataKey AWS::KMS::Key orphan', 'WebRepository AWS::ECR::Repository replace']);
  });

  test('a stack of the same name in another Region is a removed stack, with the Region change as the reason', () => {
    const head = artifacts();
    const moved = head.stacks.map((s) => (s.name === PRIMARY_STACK ? { ...s, region: 'us-east-1' } : s));
    const found = replacements(artifacts().stacks, moved).filter((r) => r.stack === PRIMARY_STACK);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((r) => `${r.impact}: ${r.reason}`))).toEqual(
      new Set(['stack-removed: the stack moves from eu-west-2 to us-east-1']),
    );
  });
});

describe('replacement gate: Kubernetes', () => {
  const shipped = readFileSync('dr-targets.yaml', 'utf8');
  // Each catalog's charts are built once: the files for `dr diff` and the objects for the gate come from the same run.
  const files = new Map<string, ReadonlyMap<string, string>>();
  const filesOf = (text: string) => {
    if (!files.has(text)) files.set(text, synthManifests(planCatalog(parseCatalog(text, 'dr-targets.yaml'))));
    return files.get(text)!;
  };
  const moved = shipped.replace('namespace: lomash-wood', 'namespace: shop');
  const manifests = (text: string) => manifestsFromMemory(filesOf(text));
  const base = manifests(shipped);

  test('the same manifests: nothing is reported', () => {
    expect(kubernetesReplacements(base, base)).toEqual([]);
  });

  test('a namespace change orphans the StatefulSet and its claims', () => {
    const head = manifests(moved);
    const found = kubernetesReplacements(base, head);
    expect(found.map((r) => [r.stack, r.logicalId, r.type, r.impact])).toEqual([
      ['kubernetes:lomash-wood', 'redis-sessions', 'StatefulSet', 'orphan'],
    ]);
    expect(found[0]!.claims).toEqual(['data-redis-sessions-0', 'data-redis-sessions-1', 'data-redis-sessions-2']);
    expect(found[0]!.reason).toMatch(/^namespace lomash-wood → shop: its claims stay in lomash-wood, unused/);
  });

  test('a storage-class change of a claim template replaces the StatefulSet', () => {
    const head = base.map((o) => structuredClone(o) as typeof o);
    const sts = head.find((o) => o.kind === 'StatefulSet')!;
    const spec = sts.doc.spec as { volumeClaimTemplates: { spec: { storageClassName: string } }[] };
    const before = spec.volumeClaimTemplates[0]!.spec.storageClassName;
    spec.volumeClaimTemplates[0]!.spec.storageClassName = 'io2';
    const found = kubernetesReplacements(base, head);
    expect(found.map((r) => `${r.logicalId} ${r.impact}: ${r.reason}`)).toEqual([
      `redis-sessions replace: volumeClaimTemplates are immutable: applying data.storageClassName ${before} → io2 deletes and recreates the StatefulSet`,
    ]);
  });

  test('a removed PersistentVolumeClaim is orphaned', () => {
    const claim = { kind: 'PersistentVolumeClaim', name: 'uploads', labels: {}, file: 'x.k8s.yaml', index: 0 };
    const doc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'uploads', namespace: 'shop' } };
    const found = kubernetesReplacements([{ ...claim, doc }], []);
    expect(found.map((r) => `${r.stack} ${r.logicalId} ${r.impact}`)).toEqual(['kubernetes:shop uploads orphan']);
  });

  describe('dr diff --base-k8s/--head-k8s', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dr-gate-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('a namespace change exits 1 naming the StatefulSet and its claims', async () => {
      const write = (side: string, text: string) => {
        const out = join(dir, side);
        mkdirSync(out);
        for (const [file, yaml] of filesOf(text)) writeFileSync(join(out, file), yaml);
        return out;
      };
      const cat = catalog();
      const posture = join(dir, 'p.json');
      writeFileSync(
        posture,
        postureJson(
          buildPosture({
            catalog: cat,
            assessments: check({ catalog: cat, artifacts: artifacts(), today: '2026-11-28' }).assessments,
            asOf: '2026-11-28',
          }),
        ),
      );
      const [b, h] = [write('base', shipped), write('head', moved)];
      const io = capture();
      await run(['diff', posture, posture, '--base-k8s', b, '--head-k8s', h], io);
      expect(io.code).toBe(1);
      expect(io.out_.join('\n')).toContain(
        '| kubernetes:lomash-wood | redis-sessions | StatefulSet | orphan: namespace lomash-wood → shop: its claims stay in lomash-wood, unused, and the new StatefulSet starts on new, empty ones. Claims: data-redis-sessions-0, data-redis-sessions-1, data-redis-sessions-2. |',
      );
      const half = capture();
      await run(['diff', posture, posture, '--base-k8s', b], half);
      expect([half.code, half.err_]).toEqual([2, ['--base-k8s and --head-k8s go together']]);
    });

    test('the gate with both cloud assemblies still reports a replaced key', async () => {
      const head = withKeyAndRepo();
      delete head.stacks.find((s) => s.name === PRIMARY_STACK)!.resources.DataKey;
      const baseOut = writeArtifacts(withKeyAndRepo(), join(dir, 'base')).cdkOut;
      const headOut = writeArtifacts(head, join(dir, 'head')).cdkOut;
      const cat = catalog();
      const p = join(dir, 'p.json');
      writeFileSync(
        p,
        postureJson(
          buildPosture({
            catalog: cat,
            assessments: check({ catalog: cat, artifacts: artifacts(), today: '2026-11-28' }).assessments,
            asOf: '2026-11-28',
          }),
        ),
      );
      const io = capture();
      await run(['diff', p, p, '--base-cdk-out', baseOut, '--head-cdk-out', headOut], io);
      expect(io.code).toBe(1);
      expect(io.out_.join('\n')).toContain(`| ${PRIMARY_STACK} | DataKey | AWS::KMS::Key | orphan |`);
    });
  });
});
