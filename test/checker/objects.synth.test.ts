/**
 * Synth hands the checker the cdk8s objects the manifest files are written from instead of parsing the files back
 * (lib/checker `manifestsFromObjects`). For the shipped app the objects are the files' documents and the check is the
 * same, result for result, as `dr check` reading dist/k8s; a value YAML would not give back as written sends its file
 * through the parser, so the checker reads what the files say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestTexts, manifestYaml, synthChartManifests } from '../../k8s/app';
import { loadCatalog } from '../../lib/catalog';
import {
  check,
  InputError,
  loadCloudAssembly,
  loadManifests,
  manifestsFromMemory,
  manifestsFromObjects,
  type CheckResult,
  type SynthesizedManifest,
} from '../../lib/checker';
import { buildPosture, postureJson } from '../../lib/posture';
import { planCatalog } from '../../lib/catalog-plan';
import { cdkOut, distDir, manifestFiles } from '../support/synthesized';

const write = (doc: unknown) => manifestYaml(doc);

describe('the shipped app: the objects path and the YAML path give the same check', () => {
  // Only the charts are synthesized here (a fraction of a second); templates and files are the suite's synth.
  const catalog = loadCatalog('dr-targets.yaml');
  const charts = synthChartManifests(planCatalog(catalog));
  const k8sDir = join(distDir(), 'k8s');
  const fromObjects = manifestsFromObjects(charts, write);
  const fromFiles = loadManifests(k8sDir);

  test('the charts give the files the suite synth wrote, byte for byte', () => {
    expect([...charts.keys()].sort()).toEqual(manifestFiles().sort());
    for (const [file, yaml] of manifestTexts(charts)) expect(yaml).toBe(readFileSync(join(k8sDir, file), 'utf8'));
  });

  test('every file is read from its objects (nothing falls back to parsing), and they are the documents of the files', () => {
    const written = new Set([...charts.values()].flatMap((c) => c.objects));
    expect(fromObjects.filter((o) => !written.has(o.doc))).toEqual([]);
    expect(fromObjects.length).toBeGreaterThan(50);
    expect(fromObjects).toStrictEqual(fromFiles);
  });

  test('the check over the synthesized templates is identical: entries, findings, controls and the posture', () => {
    const stacks = loadCloudAssembly(cdkOut());
    const run = (manifests: typeof fromFiles): CheckResult =>
      check({ catalog, artifacts: { stacks, manifests }, evidence: [], today: '2026-11-28' });
    const a = run(fromObjects);
    const b = run(fromFiles);
    expect(a.findings).toStrictEqual(b.findings);
    expect(a.entries).toStrictEqual(b.entries);
    expect(a.recoveryPointControls).toStrictEqual(b.recoveryPointControls);
    const posture = (r: CheckResult) =>
      postureJson(buildPosture({ catalog, assessments: r.assessments, asOf: '2026-11-28' }));
    expect(posture(a)).toBe(posture(b));
    expect(a.findings.length).toBeGreaterThan(0);
  });
});

describe('manifestsFromObjects on its own', () => {
  const configMap = (data: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', labels: { 'dr/asset': 'cache', n: '1' } },
    data,
  });
  const files = (...objects: unknown[]): ReadonlyMap<string, SynthesizedManifest> =>
    new Map([['a.k8s.yaml', { objects, yaml: manifestYaml(...objects) }]]);
  const viaYaml = (m: ReadonlyMap<string, SynthesizedManifest>) =>
    manifestsFromMemory(new Map([...m].map(([f, x]) => [f, x.yaml] as const)));

  test('plain JSON is read as it is, without a copy, and equals what the YAML reads back', () => {
    const cm = configMap({
      port: '6379',
      ratio: '0.5',
      on: 'true',
      empty: '',
      text: 'line one\nline two\n',
      list: [1, 2.5, true, null, '-p'],
    });
    const m = files(cm, { ...cm, metadata: { name: 'd' } });
    const read = manifestsFromObjects(m, write);
    expect(read[0]!.doc).toBe(cm);
    expect(read).toStrictEqual(viaYaml(m));
    expect(read.map((o) => [o.file, o.index, o.kind, o.name, o.labels])).toEqual([
      ['a.k8s.yaml', 0, 'ConfigMap', 'c', { 'dr/asset': 'cache', n: '1' }],
      ['a.k8s.yaml', 1, 'ConfigMap', 'd', {}],
    ]);
  });

  test('a string the YAML 1.1 writer leaves plain and a YAML 1.2 reader takes for a number: the file is read from its text', () => {
    const m = files(configMap({ mode: '0o17' }));
    expect(m.get('a.k8s.yaml')!.yaml).toContain('mode: 0o17');
    const read = manifestsFromObjects(m, write);
    expect(read).toStrictEqual(viaYaml(m));
    // What the file says, not the object it was written from.
    expect((read[0]!.doc.data as Record<string, unknown>).mode).toBe(15);
  });

  test('values that are not JSON (undefined in a list, a class instance) send the file through the parser', () => {
    for (const odd of [[1, undefined, 2], new Date(0)]) {
      const m = files(configMap({ odd }));
      const read = manifestsFromObjects(m, write);
      expect(read).toStrictEqual(viaYaml(m));
      expect(read[0]!.doc).not.toBe(m.get('a.k8s.yaml')!.objects[0]);
    }
  });

  test('a document that is no Kubernetes object is reported as the YAML path reports it', () => {
    const m = files(configMap({}), { metadata: { name: 'no-kind' } });
    const problems = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InputError ? e.problems : [String(e)];
      }
      return [];
    };
    expect(problems(() => manifestsFromObjects(m, write))).toEqual([
      'a.k8s.yaml: document 2 is not a Kubernetes object (no kind)',
    ]);
    expect(problems(() => manifestsFromObjects(m, write))).toEqual(problems(() => viaYaml(m)));
  });

  test('files in name order, as manifestsFromMemory reads them', () => {
    const cm = configMap({});
    const m: ReadonlyMap<string, SynthesizedManifest> = new Map([
      ['b.k8s.yaml', { objects: [cm], yaml: manifestYaml(cm) }],
      ['a.k8s.yaml', { objects: [cm], yaml: manifestYaml(cm) }],
    ]);
    expect(manifestsFromObjects(m, write).map((o) => o.file)).toEqual(['a.k8s.yaml', 'b.k8s.yaml']);
  });
});
