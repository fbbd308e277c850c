/**
 * Reading a catalog file: YAML with positions, the schema, then the whole-catalog checks. All problems come back
 * together in one CatalogError, each located at file:line:column.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { catalogPathProblem, characterProblems } from './input-safety';
import { limitProblems } from './limits';
import { nameProblems } from './names-check';
import { CatalogError, subjectOf, type LocatedProblem, type Path, type Problem } from './problems';
import { projectFileOf, projectRootOf } from './project';
import { FILE_LIMITS, FileReadError, readTextFile } from './read-file';
import { build, check, type Checkable, type KnownIds } from './resolve';
import { firstAliasOffset, YAML_LIMITS, yamlLimitProblem } from './yaml-limits';
import { catalogSchema, ENTRY_SCHEMAS, environmentSchema } from './schema';
import type { Catalog } from './types';

export function projectRoot(cwd: string = process.cwd()): string {
  return projectRootOf(cwd);
}

export function projectFile(name: string, cwd: string = process.cwd()): string {
  return projectFileOf(name, cwd);
}

/**
 * Which catalog to read: `--targets FILE`, else `DR_TARGETS` (both relative to the working directory), else
 * `dr-targets.yaml` at the root of the project the working directory is in, from any folder of it.
 */
export function catalogPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.DR_TARGETS ?? projectFile('dr-targets.yaml');
}

export function loadCatalog(file: string): Catalog {
  let text: string;
  try {
    text = readTextFile(file, FILE_LIMITS.catalog);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new CatalogError([
      {
        file,
        line: 1,
        column: 1,
        subject: 'catalog',
        field: '',
        path: [],
        message: `cannot read the catalog: ${e.reason}`,
      },
    ]);
  }
  return parseCatalog(text, file);
}

/** A problem of the document as a whole, at an offset: the YAML itself, or a limit of what reading it may cost. */
function documentError(file: string, locate: (offset: number) => { line: number; column: number }) {
  return (offset: number, message: string): LocatedProblem => ({
    file,
    ...locate(offset),
    subject: 'catalog',
    field: '',
    path: [],
    message,
  });
}

export function parseCatalog(text: string, file: string): Catalog {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const at = documentError(file, locate);
  if (doc.errors.length > 0) {
    throw new CatalogError(
      doc.errors.map((e) =>
        at(
          e.pos[0],
          /call stack/i.test(e.message)
            ? `not valid YAML: expected values nested at most ${YAML_LIMITS.maxDepth} levels deep`
            : `not valid YAML: ${e.message.split('\n')[0]}`,
        ),
      ),
    );
  }
  const limit = yamlLimitProblem(doc);
  if (limit) throw new CatalogError([at(limit.offset, limit.message)]);
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (e) {
    // yaml's defence against alias bombs ("billion laughs") throws without a position.
    if (!(e instanceof ReferenceError)) throw e;
    throw new CatalogError([
      at(
        firstAliasOffset(doc),
        `expected at most ${YAML_LIMITS.maxAliasCount} alias expansions: the aliases here expand exponentially`,
      ),
    ]);
  }
  const parsed = catalogSchema.safeParse(root, { reportInput: true });
  const checkable = parsed.success ? parsed.data : partial(root);
  const problems: Problem[] = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(toProblems)),
    ...check(checkable, knownIds(root)),
    ...characterProblems(root),
    ...limitProblems(checkable),
    ...pathProblems(checkable, file),
  ];
  // Names are checked once every field they are made of is known to be sound: a bad id is reported once, as itself.
  const flagged = new Set(problems.map((p) => p.path.join('.')));
  problems.push(...nameProblems(checkable).filter((p) => !flagged.has(p.path.join('.'))));
  if (problems.length > 0) {
    const located = unique(problems).map((p) => place(p, doc, root, file, locate));
    throw new CatalogError(located.sort((a, b) => a.line - b.line || a.column - b.column));
  }
  return build(parsed.data!, file);
}

/** Files the catalog names (written by drills and audits, read by the checker) stay inside the project. */
function pathProblems(raw: Checkable, file: string): Problem[] {
  const own = (['drillLog', 'evidence'] as const).flatMap((key) => {
    const value = raw[key];
    const why = value === undefined ? undefined : catalogPathProblem(file, value);
    return why ? [{ path: [key], message: why, value }] : [];
  });
  // The team's manifests an overlay service names are read by the checker: the folder must be there.
  const manifests = raw.services.flatMap((s, i) => {
    const value = s?.deployment?.manifests;
    const folder = value === undefined ? undefined : resolve(dirname(file), value);
    const why =
      value === undefined
        ? undefined
        : (catalogPathProblem(file, value) ??
          (existsSync(folder!) && statSync(folder!).isDirectory()
            ? undefined
            : "expected the folder of the team's manifests, relative to the catalog: there is none"));
    return why ? [{ path: ['services', i, 'deployment', 'manifests'], message: why, value }] : [];
  });
  return [...own, ...manifests];
}

/** The same problem found by two checks (a control character in an id that is also malformed) is reported once. */
function unique(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join('.')}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The entries of a broken document that pass the schema on their own, in their places. */
function partial(root: unknown): Checkable {
  const doc = (typeof root === 'object' && root !== null ? root : {}) as Record<string, unknown>;
  const list = <S extends keyof typeof ENTRY_SCHEMAS>(section: S) => {
    const items = Array.isArray(doc[section]) ? (doc[section] as unknown[]) : [];
    return items.map((item) => {
      const r = ENTRY_SCHEMAS[section].safeParse(item);
      return r.success ? (r.data as z.output<(typeof ENTRY_SCHEMAS)[S]>) : undefined;
    });
  };
  const environment = environmentSchema.safeParse(doc.environment);
  return {
    ...(typeof doc.company === 'string' ? { company: doc.company } : {}),
    ...(typeof doc.drillLog === 'string' ? { drillLog: doc.drillLog } : {}),
    ...(typeof doc.evidence === 'string' ? { evidence: doc.evidence } : {}),
    ...(environment.success ? { environment: environment.data } : {}),
    tiers: list('tiers'),
    services: list('services'),
    assets: list('assets'),
    contacts: list('contacts'),
    drills: list('drills'),
  };
}

function knownIds(root: unknown): KnownIds {
  const doc = (typeof root === 'object' && root !== null ? root : {}) as Record<string, unknown>;
  const ids = (section: string) =>
    new Set(
      (Array.isArray(doc[section]) ? (doc[section] as unknown[]) : []).flatMap((e) =>
        typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string'
          ? [(e as { id: string }).id]
          : [],
      ),
    );
  return { tiers: ids('tiers'), services: ids('services'), assets: ids('assets'), contacts: ids('contacts') };
}

function toProblems(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown key', atKey: true }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: `missing; ${issue.message}` }];
      return [{ path, message: issue.message, value: issue.input }];
    case 'invalid_union':
      return [{ path, message: issue.message, value: issue.input }];
    default:
      return [
        {
          path,
          message: issue.message,
          ...('input' in issue && issue.input !== undefined ? { value: issue.input } : {}),
        },
      ];
  }
}

/** Finds the node a problem is about (or its nearest existing parent) and the text the user wrote there. */
function place(
  p: Problem,
  doc: Document,
  root: unknown,
  file: string,
  locate: (offset: number) => { line: number; column: number },
): LocatedProblem {
  let path: Path = p.path;
  let node: unknown = doc.getIn(path, true);
  if (p.atKey && path.length > 0) {
    const parent = doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent)
      ? parent.items.find((i) => isScalar(i.key) && i.key.value === path[path.length - 1])
      : undefined;
    node = pair?.key;
  }
  while (node === undefined && path.length > 0) {
    path = path.slice(0, -1);
    node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  const { subject, field } = subjectOf(p.path, root);
  // The document itself is never quoted back: a file that is not a catalog at all may be anything.
  const written = p.path.length === 0 ? undefined : isScalar(node) && !p.atKey ? node.value : p.value;
  const message = p.atKey ? `unknown key; expected one of ${knownKeys(p.path)}` : p.message;
  return {
    ...p,
    ...(written !== undefined && !p.atKey ? { value: written } : { value: undefined }),
    message,
    file,
    ...locate(range?.[0] ?? 0),
    subject,
    field,
  };
}

/** The keys a strict object at this path accepts, read from the schema itself. */
function knownKeys(path: Path): string {
  let schema: z.ZodType | undefined = catalogSchema;
  for (const key of path.slice(0, -1)) schema = childSchema(schema, key);
  const shape = objectShape(schema);
  return shape ? Object.keys(shape).join(', ') : 'the documented keys';
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema as
    { def?: { type?: string; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] } } | undefined;
  while (s?.def && ['optional', 'default', 'pipe', 'nullable'].includes(s.def.type ?? '')) {
    s = (s.def.innerType ?? s.def.in) as typeof s;
  }
  return s as z.ZodType | undefined;
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  const s = unwrap(schema) as
    { def?: { type?: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[] } } | undefined;
  if (s?.def?.type === 'object') return s.def.shape;
  if (s?.def?.type === 'union') return objectShape(s.def.options?.[0]);
  return undefined;
}

function childSchema(schema: z.ZodType | undefined, key: string | number): z.ZodType | undefined {
  const s = unwrap(schema) as { def?: { type?: string; element?: z.ZodType; valueType?: z.ZodType } } | undefined;
  if (typeof key === 'number') return s?.def?.element;
  if (s?.def?.type === 'record') return s.def.valueType;
  return objectShape(schema)?.[key];
}
