/**
 * Artifacts from disk or memory: the stacks of a cloud assembly (regions from its manifest.json) and the documents of
 * the Kubernetes manifest files. Unreadable input throws an InputError with every problem located.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { isRecord } from './cfn';
import { InputError } from './errors';
import type { CfnResource, K8sObject, StackArtifact } from './types';

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${file}: not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
}

function requireDir(dir: string, what: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError([`${dir}: no such directory (${what})`]);
}

/** One stack from its template JSON. */
export function stackFromTemplate(
  name: string,
  file: string,
  template: unknown,
  env: { readonly region: string | null; readonly account: string | null },
): StackArtifact {
  const t = isRecord(template) ? template : {};
  const resources = isRecord(t.Resources) ? (t.Resources as Record<string, CfnResource>) : {};
  const outputs = isRecord(t.Outputs) ? (t.Outputs as Record<string, { Value?: unknown }>) : {};
  return { name, file, resources, outputs, ...env };
}

function environmentOf(text: unknown): { region: string | null; account: string | null } {
  const m = typeof text === 'string' ? /^aws:\/\/([^/]+)\/(.+)$/.exec(text) : null;
  const known = (v: string | undefined) => (v && !v.startsWith('unknown-') ? v : null);
  return { account: known(m?.[1]), region: known(m?.[2]) };
}

export function loadCloudAssembly(dir: string): StackArtifact[] {
  requireDir(dir, 'the cloud assembly, e.g. cdk.out');
  const problems: string[] = [];
  const manifestFile = join(dir, 'manifest.json');
  const stacks: StackArtifact[] = [];
  if (existsSync(manifestFile)) {
    const manifest = readJson(manifestFile, problems);
    const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
    for (const [name, artifact] of Object.entries(artifacts).sort(([a], [b]) => a.localeCompare(b))) {
      if (!isRecord(artifact) || artifact.type !== 'aws:cloudformation:stack') continue;
      const templateFile = isRecord(artifact.properties) ? artifact.properties.templateFile : undefined;
      if (typeof templateFile !== 'string') continue;
      const file = join(dir, templateFile);
      if (!existsSync(file)) {
        problems.push(`${manifestFile}: stack ${name} names ${templateFile}, which does not exist`);
        continue;
      }
      stacks.push(stackFromTemplate(name, file, readJson(file, problems), environmentOf(artifact.environment)));
    }
  } else {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.template.json')).sort()) {
      const file = join(dir, f);
      stacks.push(stackFromTemplate(f.replace(/\.template\.json$/, ''), file, readJson(file, problems), { region: null, account: null }));
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  if (stacks.length === 0) throw new InputError([`${dir}: no CloudFormation templates (expected *.template.json)`]);
  return stacks;
}

/** The documents of one manifest file; YAML errors are located as file:line:column. */
export function parseManifestText(file: string, text: string, problems: string[]): K8sObject[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const out: K8sObject[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    for (const e of doc.errors) {
      const { line, col } = lines.linePos(e.pos[0]);
      problems.push(`${file}:${line}:${col}: not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    if (doc.errors.length > 0) return;
    const js: unknown = doc.toJS();
    if (js === null || js === undefined) return;
    if (!isRecord(js) || typeof js.kind !== 'string') {
      problems.push(`${file}: document ${index + 1} is not a Kubernetes object (no kind)`);
      return;
    }
    const metadata = isRecord(js.metadata) ? js.metadata : {};
    const labels = isRecord(metadata.labels) ? metadata.labels : {};
    out.push({
      file: basename(file),
      index,
      kind: js.kind,
      name: typeof metadata.name === 'string' ? metadata.name : '',
      labels: Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      doc: js,
    });
  });
  return out;
}

export function loadManifests(dir: string): K8sObject[] {
  requireDir(dir, 'the Kubernetes manifests, e.g. dist/k8s');
  const problems: string[] = [];
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const objects = files.flatMap((f) => parseManifestText(join(dir, f), readFileSync(join(dir, f), 'utf8'), problems));
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

/** In-memory manifests (file name → YAML), as the synth entry hands them over. */
export function manifestsFromMemory(files: ReadonlyMap<string, string>): K8sObject[] {
  const problems: string[] = [];
  const objects = [...files].sort(([a], [b]) => a.localeCompare(b)).flatMap(([f, text]) => parseManifestText(f, text, problems));
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}
