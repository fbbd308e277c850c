/**
 * Reading a catalog file: YAML with positions, the schema, then the whole-catalog checks. All problems come back
 * together in one CatalogError, each located at file:line:column.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { CatalogError, subjectOf, type LocatedProblem, type Path, type Problem } from './problems';
import { build, check, type Checkable, type KnownIds } from './resolve';
import { catalogSchema, ENTRY_SCHEMAS, environmentSchema } from './schema';
import type { Catalog } from './types';

/**
 * The project the working directory is in: the nearest folder at or above it that holds a `dr-targets.yaml` or a
 * `cdk.json` (the repository root); the working directory itself when there is none.
 */
export function projectRoot(cwd: string = process.cwd()): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dr-targets.yaml')) || existsSync(join(dir, 'cdk.json'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/** A file of the project, as a path relative to the working directory (just `name` when run from the root). */
export function projectFile(name: string, cwd: string = process.cwd()): string {
  return relative(cwd, join(projectRoot(cwd), name)) || name;
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
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new CatalogError([
      {
        file,
        line: 1,
        column: 1,
        subject: 'catalog',
        field: '',
        path: [],
        message: `cannot read the catalog: ${reason}`,
      },
    ]);
  }
  return parseCatalog(text, file);
}

export function parseCatalog(text: string, file: string): Catalog {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new CatalogError(
      doc.errors.map((e) => ({
        file,
        ...locate(e.pos[0]),
        subject: 'catalog',
        field: '',
        path: [],
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const root: unknown = doc.toJS({ maxAliasCount: 1000 });
  const parsed = catalogSchema.safeParse(root, { reportInput: true });
  const problems: Problem[] = parsed.success
    ? check(parsed.data, knownIds(root))
    : [...parsed.error.issues.flatMap(toProblems), ...check(partial(root), knownIds(root))];
  if (problems.length > 0) {
    const located = problems.map((p) => place(p, doc, root, file, locate));
    throw new CatalogError(located.sort((a, b) => a.line - b.line || a.column - b.column));
  }
  return build(parsed.data!, file);
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
  const written = isScalar(node) && !p.atKey ? node.value : p.value;
  const message = p.atKey ? `unknown key; expected one of ${knownKeys(p.path)}` : p.message;
  return {
    ...p,
    ...(written !== undefined && !p.atKey ? { value: written } : {}),
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
