/**
 * Artifacts from disk or memory: the stacks of a cloud assembly (regions from its manifest.json) and the documents of
 * the Kubernetes manifest files. Unreadable input throws an InputError with every problem located.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import {
  FILE_LIMITS,
  FileReadError,
  firstAliasOffset,
  parseJsonText,
  readTextFile,
  YAML_LIMITS,
  yamlLimitProblem,
} from '../catalog';
import { OVERLAY } from '../names';
import { isRecord } from './cfn';
import { InputError } from './errors';
import type { CfnResource, K8sObject, StackArtifact, SynthAnnotation } from './types';

function readJson(file: string, problems: string[]): unknown {
  try {
    return parseJsonText(readTextFile(file, FILE_LIMITS.assembly), file);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    problems.push(e.message);
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
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.template.json'))
      .sort()) {
      const file = join(dir, f);
      stacks.push(
        stackFromTemplate(f.replace(/\.template\.json$/, ''), file, readJson(file, problems), {
          region: null,
          account: null,
        }),
      );
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  if (stacks.length === 0) throw new InputError([`${dir}: no CloudFormation templates (expected *.template.json)`]);
  return stacks;
}

/**
 * The warnings a cloud assembly's manifest recorded (`aws:cdk:warning` metadata, by construct path): what the construct
 * tree held when it was synthesized, for checks that read annotations (DrTargets' adoption warnings).
 */
export function loadAnnotations(dir: string): SynthAnnotation[] {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return [];
  const problems: string[] = [];
  const manifest = readJson(file, problems);
  if (problems.length > 0) throw new InputError(problems);
  const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const out = Object.values(artifacts).flatMap((artifact) => {
    if (!isRecord(artifact)) return [];
    // Inline in the manifest, or (CDK ≥ 2.2xx) in the stack's own metadata file beside it.
    const extra =
      typeof artifact.additionalMetadataFile === 'string' && existsSync(join(dir, artifact.additionalMetadataFile))
        ? readJson(join(dir, artifact.additionalMetadataFile), problems)
        : undefined;
    const metadata = { ...(isRecord(artifact.metadata) ? artifact.metadata : {}), ...(isRecord(extra) ? extra : {}) };
    return Object.entries(metadata).flatMap(([path, entries]) =>
      (Array.isArray(entries) ? entries : []).flatMap((e: unknown) =>
        isRecord(e) && e.type === 'aws:cdk:warning' && typeof e.data === 'string' ? [{ path, message: e.data }] : [],
      ),
    );
  });
  if (problems.length > 0) throw new InputError(problems);
  return out;
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
      problems.push(
        `${file}:${line}:${col}: not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      );
    }
    if (doc.errors.length > 0) return;
    // A manifest folder is input too: the catalog's limits on depth, size and aliases hold here as well.
    const at = (offset: number) => {
      const { line, col } = lines.linePos(offset);
      return `${file}:${line}:${col}`;
    };
    const limit = yamlLimitProblem(doc);
    if (limit) {
      problems.push(`${at(limit.offset)}: ${limit.message}`);
      return;
    }
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
    } catch {
      problems.push(
        `${at(firstAliasOffset(doc))}: expected at most ${YAML_LIMITS.maxAliasCount} alias expansions in a document`,
      );
      return;
    }
    out.push(...k8sObject(file, index, js, problems));
  });
  return out;
}

/** One document of a manifest file as the checker reads it; nothing for an empty document. */
function k8sObject(file: string, index: number, js: unknown, problems: string[]): K8sObject[] {
  if (js === null || js === undefined) return [];
  if (!isRecord(js) || typeof js.kind !== 'string') {
    problems.push(`${file}: document ${index + 1} is not a Kubernetes object (no kind)`);
    return [];
  }
  const metadata = isRecord(js.metadata) ? js.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  return [
    {
      file: basename(file),
      index,
      kind: js.kind,
      name: typeof metadata.name === 'string' ? metadata.name : '',
      labels: Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string')) as Record<
        string,
        string
      >,
      doc: js,
    },
  ];
}

/** An overlay component's objects keep their path (`overlays/<service>/<file>`), which tells them from the charts'. */
function keepOverlayPath(file: string, objects: K8sObject[]): K8sObject[] {
  return file.startsWith(`${OVERLAY.dir}/`) ? objects.map((o) => ({ ...o, file })) : objects;
}

/** The YAML files of a folder, by name. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && statSync(join(dir, f)).isFile())
    .sort();
}

/**
 * The charts' files of a folder (e.g. dist/k8s), and the overlays' components in `overlays/<service>/`, whose objects
 * keep that path in their `file` (the checker applies them to the team's Deployments, never as objects of their own).
 */
export function loadManifests(dir: string): K8sObject[] {
  requireDir(dir, 'the Kubernetes manifests, e.g. dist/k8s');
  const problems: string[] = [];
  const overlays = join(dir, OVERLAY.dir);
  const components = existsSync(overlays)
    ? readdirSync(overlays)
        .filter((d) => statSync(join(overlays, d)).isDirectory())
        .sort()
        .flatMap((d) => yamlFiles(join(overlays, d)).map((f) => `${OVERLAY.dir}/${d}/${f}`))
    : [];
  const objects = [...yamlFiles(dir), ...components].flatMap((f) => {
    try {
      const read = parseManifestText(join(dir, f), readTextFile(join(dir, f), FILE_LIMITS.manifest), problems);
      return keepOverlayPath(f, read);
    } catch (e) {
      if (!(e instanceof FileReadError)) throw e;
      problems.push(e.message);
      return [];
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

/** In-memory manifests (file name → YAML), as the synth entry hands them over. */
export function manifestsFromMemory(files: ReadonlyMap<string, string>): K8sObject[] {
  const problems: string[] = [];
  const objects = [...files]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([f, text]) => keepOverlayPath(f, parseManifestText(f, text, problems)));
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

/** A manifest file synthesized in this process: the documents it was written from, and its text. */
export interface SynthesizedManifest {
  readonly objects: readonly unknown[];
  readonly yaml: string;
}

/**
 * In-memory manifests as the objects their files were written from (file name → objects and text), read without
 * parsing the text back: the same objects `manifestsFromMemory` reads from the text. `write` is the files' writer (one
 * document → YAML). A file holding a value that its text would not give back as written — not JSON (undefined, a
 * class instance), or a scalar the writer leaves plain that a YAML 1.2 reader takes for something else (cdk8s writes
 * YAML 1.1, where `0o17` is a string; read as 1.2 it is the integer 15) — is parsed from its text instead, so the
 * checker always reads what the files say.
 */
export function manifestsFromObjects(
  files: ReadonlyMap<string, SynthesizedManifest>,
  write: (doc: unknown) => string,
): K8sObject[] {
  const problems: string[] = [];
  const readsBack = yamlFidelity(write);
  const objects = [...files]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([f, m]) =>
      keepOverlayPath(
        f,
        m.objects.length > 0 && m.objects.every(readsBack)
          ? m.objects.flatMap((doc, index) => k8sObject(f, index, doc, problems))
          : parseManifestText(f, m.yaml, problems),
      ),
    );
  if (problems.length > 0) throw new InputError(problems);
  return objects;
}

/**
 * Strings whose reading back is checked (once per distinct string) rather than assumed: those a YAML 1.2 core-schema
 * reader may resolve to something other than a string when written plain (null, booleans, integers, floats, the
 * empty scalar; cdk8s's YAML 1.1 writer leaves some of them plain), and those with a character other than printable
 * ASCII (line breaks, tabs, other scripts: block scalars, escapes, and the line breaks YAML 1.1 has beyond 1.2).
 * What is left is printable ASCII, which the writer quotes by the same indicator rules its reader parses by.
 */
const CHECKED_STRING = /^(?:[-+.0-9~]|$)|^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$|[^\x20-\x7e]/;

/** Whether a document, written by `write` and read back as `parseManifestText` reads, is the same JSON value. */
function yamlFidelity(write: (doc: unknown) => string): (doc: unknown) => boolean {
  const readBack = (doc: unknown): unknown => {
    const docs = parseAllDocuments(write(doc));
    const list = Array.isArray(docs) ? docs : [docs];
    return list.length === 1 && list[0]!.errors.length === 0 ? list[0]!.toJS() : undefined;
  };
  const v = (back: unknown): unknown => (isRecord(back) ? back.v : undefined);
  const memo = (cache: Map<string, boolean>, key: string, test: () => boolean): boolean => {
    let ok = cache.get(key);
    if (ok === undefined) cache.set(key, (ok = test()));
    return ok;
  };
  // Decided once per distinct scalar: a manifest repeats its ports, quantities and flags many times.
  const strings = new Map<string, boolean>();
  const keys = new Map<string, boolean>();
  const numbers = new Map<string, boolean>();
  const isPlainObject = (o: object) => {
    const proto: unknown = Object.getPrototypeOf(o);
    return proto === Object.prototype || proto === null;
  };
  const key = (k: string): boolean =>
    !CHECKED_STRING.test(k) ||
    memo(keys, k, () => {
      const back = readBack({ [k]: 0 });
      return isRecord(back) && Object.keys(back).length === 1 && Object.keys(back)[0] === k;
    });
  const value = (x: unknown): boolean => {
    switch (typeof x) {
      case 'string':
        return !CHECKED_STRING.test(x) || memo(strings, x, () => v(readBack({ v: x })) === x);
      case 'number':
        return (
          (Number.isSafeInteger(x) && !Object.is(x, -0)) ||
          memo(numbers, Object.is(x, -0) ? '-0' : String(x), () => Object.is(v(readBack({ v: x })), x))
        );
      case 'boolean':
        return true;
      case 'object':
        if (x === null) return true;
        if (Array.isArray(x)) {
          // By index: a hole would be written as null.
          for (let i = 0; i < x.length; i++) if (!(i in x) || !value(x[i])) return false;
          return true;
        }
        return isPlainObject(x) && Object.entries(x).every(([k, y]) => key(k) && value(y));
      default:
        // undefined (written as null), bigint, symbol, function.
        return false;
    }
  };
  return (doc) => isRecord(doc) && value(doc);
}
