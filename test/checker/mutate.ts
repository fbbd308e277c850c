/**
 * Mutating a copy of the app synthesized once for the suite (test/support/synthesized.ts): edit CloudFormation
 * resources or Kubernetes documents in the copy, then check it as `dr check` does. Never re-synthesizes the app.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { loadCatalog, type Catalog } from '../../lib/catalog';
import {
  check as checkArtifacts,
  fails,
  InputError,
  loadAnnotations,
  loadCloudAssembly,
  loadEvidence,
  loadTeamManifests,
  todayFrom,
  type K8sObject,
} from '../../lib/checker';
import { parseManifestText } from '../../lib/checker/load';
import { OVERLAY } from '../../lib/names';
import { cdkOut, distDir } from '../support/synthesized';

export const CATALOG = 'dr-targets.yaml';

export type Json = Record<string, unknown>;
export interface Copy {
  readonly dir: string;
  readonly cdkOut: string;
  readonly k8s: string;
  /** The DR site's manifests (a pilot light's standby cluster), beside `k8s` as synth writes them. */
  readonly k8sDr: string;
}

export function copy(): Copy {
  const dir = mkdtempSync(join(tmpdir(), 'dr-mutate-'));
  cpSync(cdkOut(), join(dir, 'cdk.out'), { recursive: true });
  cpSync(join(distDir(), 'k8s'), join(dir, 'k8s'), { recursive: true });
  cpSync(join(distDir(), 'k8s-dr'), join(dir, 'k8s-dr'), { recursive: true });
  writeFileSync(join(dir, 'evidence.json'), '[]');
  return { dir, cdkOut: join(dir, 'cdk.out'), k8s: join(dir, 'k8s'), k8sDr: join(dir, 'k8s-dr') };
}

/**
 * A fresh copy of the synthesized app for each test of the calling `describe` (removed after it), judged on the date
 * the suite's mutations are written for.
 */
export function freshCopies(set: (c: Copy) => void): void {
  let current: Copy | undefined;
  beforeAll(() => {
    process.env.DR_TODAY = '2026-11-28';
  });
  afterAll(() => {
    delete process.env.DR_TODAY;
  });
  beforeEach(() => set((current = copy())));
  afterEach(() => rmSync(current!.dir, { recursive: true, force: true }));
}

/** Edits the CloudFormation resources of every template for which `pick` says yes. */
export function editResources(
  c: Copy,
  pick: (r: Json, logicalId: string) => boolean,
  edit: (props: Json, r: Json) => void,
): number {
  let n = 0;
  for (const f of readdirSync(c.cdkOut).filter((x) => x.endsWith('.template.json'))) {
    const file = join(c.cdkOut, f);
    const t = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, Json> };
    for (const [id, r] of Object.entries(t.Resources)) {
      if (!pick(r, id)) continue;
      edit((r.Properties ??= {}) as Json, r);
      n++;
    }
    writeFileSync(file, JSON.stringify(t));
  }
  return n;
}

/** Removes the CloudFormation resources of every template for which `pick` says yes. */
export function removeResources(c: Copy, pick: (r: Json, logicalId: string) => boolean): number {
  let n = 0;
  for (const f of readdirSync(c.cdkOut).filter((x) => x.endsWith('.template.json'))) {
    const file = join(c.cdkOut, f);
    const t = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, Json> };
    for (const [id, r] of Object.entries(t.Resources)) {
      if (!pick(r, id)) continue;
      delete t.Resources[id];
      n++;
    }
    writeFileSync(file, JSON.stringify(t));
  }
  return n;
}

export const tagged = (asset: string) => (r: Json) =>
  ((r.Properties as Json | undefined)?.Tags as { Key: string; Value: string }[] | undefined)?.some(
    (t) => t.Key === 'dr:asset' && t.Value === asset,
  ) ?? false;
/** The asset's own DB instance (not its cross-Region read replica). */
export const database = (asset: string) => (r: Json) =>
  r.Type === 'AWS::RDS::DBInstance' &&
  tagged(asset)(r) &&
  (r.Properties as Json)?.SourceDBInstanceIdentifier === undefined;
/** The asset's cross-Region read replica. */
export const replica = (asset: string) => (r: Json) =>
  r.Type === 'AWS::RDS::DBInstance' &&
  tagged(asset)(r) &&
  (r.Properties as Json)?.SourceDBInstanceIdentifier !== undefined;

/** Edits the Kubernetes documents for which `pick` says yes (the primary cluster's; the DR site's with `site: 'dr'`). */
export function editObjects(
  c: Copy,
  pick: (o: Json) => boolean,
  edit: (o: Json) => void,
  site: 'primary' | 'dr' = 'primary',
): number {
  let n = 0;
  const dir = site === 'dr' ? c.k8sDr : c.k8s;
  for (const f of readdirSync(dir)) {
    const file = join(dir, f);
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Json);
    const picked = docs.filter((d) => d && pick(d));
    picked.forEach(edit);
    n += picked.length;
    // A file with nothing edited stays as synth wrote it.
    if (picked.length > 0) writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'));
  }
  return n;
}

export const labels = (o: Json) => ((o.metadata as Json | undefined)?.labels ?? {}) as Record<string, string>;
export const podSpec = (o: Json) => ((o.spec as Json).template as Json).spec as Json;

/** A finding as `dr check --json` prints it. */
export interface PrintedFinding {
  readonly kind: string;
  readonly rule: string;
  readonly severity: string;
  readonly entry?: string;
  readonly mode?: string;
  readonly field?: string;
  readonly policy?: string;
  readonly where?: string;
  readonly mechanism?: string;
  readonly message: string;
}

/** The findings `dr check --json` prints for the copy, and its exit code (0, or 1 on a failing finding). */
export interface Checked {
  readonly code: number | undefined;
  /** The failing findings (unverified ones too with --strict). */
  readonly failing: PrintedFinding[];
  readonly findings: PrintedFinding[];
}

export const failingOf = (findings: PrintedFinding[], extra: readonly string[]) =>
  findings.filter((f) => f.severity === 'error' || (extra.includes('--strict') && f.severity === 'unverified'));

/** A suite's parsed catalog and manifest files, by name and text: a file no test edited is parsed once per suite. */
const parsedCatalogs = new Map<string, Catalog>();
const parsedFiles = new Map<string, readonly K8sObject[]>();

function catalogOf(file: string): Catalog {
  const text = readFileSync(file, 'utf8');
  let catalog = parsedCatalogs.get(text);
  if (catalog === undefined) parsedCatalogs.set(text, (catalog = loadCatalog(file)));
  return catalog;
}

/** The documents of a copy's manifest folder, as `dr check` reads them; each call gets its own objects. */
function manifestsIn(dir: string): K8sObject[] {
  if (!existsSync(dir)) return [];
  // loadManifests also reads the overlays' components; a copy has none (synth writes none for this catalog).
  if (existsSync(join(dir, OVERLAY.dir))) throw new Error(`${dir}: overlays are not read here; check with the CLI`);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => {
      const file = join(dir, f);
      const text = readFileSync(file, 'utf8');
      const key = `${f}\0${text}`;
      let objects = parsedFiles.get(key);
      if (objects === undefined) {
        const problems: string[] = [];
        objects = parseManifestText(file, text, problems);
        if (problems.length > 0) throw new InputError(problems);
        parsedFiles.set(key, objects);
      }
      return objects.map((o) => ({ ...o, doc: structuredClone(o.doc) }));
    });
}

/**
 * What `dr check --json` says of the copy, worked out as `checkOnDisk` does, without parsing again the catalog and the
 * manifest files the test did not change: a mutation test checks the same 8,000 lines of YAML each time.
 */
export async function check(c: Copy, ...extra: '--strict'[]): Promise<Checked> {
  const catalog = catalogOf(CATALOG);
  const result = checkArtifacts({
    catalog,
    artifacts: {
      stacks: loadCloudAssembly(c.cdkOut),
      manifests: [...manifestsIn(c.k8s), ...manifestsIn(c.k8sDr)],
      annotations: loadAnnotations(c.cdkOut),
      teamManifests: loadTeamManifests(catalog),
    },
    evidence: loadEvidence(join(c.dir, 'evidence.json'), true),
    today: todayFrom(),
  });
  const findings = JSON.parse(JSON.stringify(result.findings)) as PrintedFinding[];
  return {
    code: fails(result.findings, extra.includes('--strict')) ? 1 : 0,
    failing: failingOf(findings, extra),
    findings,
  };
}

export const named = (fs: { kind: string; entry?: string; mode?: string; field?: string }[]) =>
  fs.map((f) => `${f.kind} ${f.entry}.${f.mode}.${f.field}`);
