/**
 * The placement file beside the catalog (`dr-targets.placement.yaml` for `dr-targets.yaml`): which stack of each side
 * holds each asset's resources. Synth reads it, places new assets and writes it back like a lock file; an entry never
 * changes. An entry whose asset left the catalog is refused, located, unless the `removeAssets` context flag names
 * it: dropping it deletes the asset's resources from its stacks. Problems are located like the catalog's
 * (lib/catalog/problems.ts `formatProblem`) and thrown together, before anything is written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { CatalogError, FILE_LIMITS, FileReadError, readTextFile, type LocatedProblem } from '../catalog';
import { shardOfStackName, shardStackName, type NamingContext, type Side } from '../names';
import type { CatalogPlan } from '../catalog-plan';
import { place, SIDES, type AssetPlacement, type PlaceOptions, type Placement } from './place';

/** The context flag that drops entries of assets removed from the catalog: `-c removeAssets=a,b`. */
export const REMOVE_ASSETS_FLAG = 'removeAssets';
const VERSION = 1;
const HEADER = [
  '# Which stack holds each asset\'s resources, per Region side (docs/aws.md, "Stack sharding"). Written by',
  '# `npm run synth` when assets appear, like a lock file: commit it. An entry never changes, because moving a data',
  '# store between stacks replaces it; an asset removed from the catalog is dropped only with -c removeAssets=<id>.',
];

/** A placement file's problems, located; `bin/app.ts` prints them and exits 2, as for the catalog. */
export class PlacementError extends CatalogError {
  constructor(problems: readonly LocatedProblem[]) {
    super(problems);
    this.name = 'PlacementError';
  }
}

/** The one place a catalog's placement file is named: `<catalog without .yaml/.yml>.placement.yaml`. */
export function placementPath(catalogFile: string): string {
  const m = /^(.*)\.(ya?ml)$/.exec(catalogFile);
  return m ? `${m[1]}.placement.${m[2]}` : `${catalogFile}.placement.yaml`;
}

/** `removeAssets` as `-c removeAssets=a,b` (a string) or a list in cdk.json. */
export function removeAssetsFrom(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

interface Entry {
  readonly placement: AssetPlacement;
  readonly line: number;
  readonly column: number;
}

export function formatPlacement(placement: Placement, naming: NamingContext): string {
  const ids = [...placement.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const key = (id: string) => (/^(null|true|false)$/.test(id) ? `"${id}"` : id);
  const lines = ids.map((id) => {
    const p = placement.get(id)!;
    return `  ${key(id)}: { primary: ${shardStackName(naming, 'primary', p.primary)}, dr: ${shardStackName(naming, 'dr', p.dr)} }`;
  });
  return [...HEADER, `version: ${VERSION}`, ids.length ? 'assets:' : 'assets: {}', ...lines, ''].join('\n');
}

/** Every entry of a placement file, or a PlacementError with every problem located. */
export function parsePlacement(text: string, file: string, naming: NamingContext): Map<string, Entry> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: LocatedProblem[] = [];
  const at = (node: Node | null | undefined) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line, column: col };
  };
  const problem = (node: Node | null | undefined, subject: string, field: string, message: string, value?: unknown) =>
    problems.push({ ...at(node), subject, field, path: [], message, ...(value !== undefined ? { value } : {}) });
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    problems.push({
      file,
      line,
      column: col,
      subject: 'placement',
      field: '',
      path: [],
      message: `not valid YAML: ${e.message.split('\n')[0]}`,
    });
  }
  if (problems.length > 0) throw new PlacementError(problems);
  const entries = new Map<string, Entry>();
  const root = doc.contents;
  if (!isMap(root)) {
    problem(root, 'placement', '', `expected a map with \`version: ${VERSION}\` and \`assets:\``);
    throw new PlacementError(problems);
  }
  for (const pair of root.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (name === 'version') {
      if (!isScalar(value) || value.value !== VERSION)
        problem(value, 'placement', 'version', `expected ${VERSION}`, isScalar(value) ? value.value : undefined);
    } else if (name === 'assets') {
      if (isMap(value)) readAssets(value.items, { entries, problem, naming, at });
      else if (!(isScalar(value) && value.value === null))
        problem(value, 'placement', 'assets', 'expected a map from asset id to { primary: STACK, dr: STACK }');
    } else {
      problem(pair.key as Node, 'placement', name, 'unknown key; expected one of version, assets');
    }
  }
  if (!root.items.some((p) => isScalar(p.key) && p.key.value === 'version'))
    problem(root, 'placement', 'version', `missing; expected ${VERSION}`);
  if (problems.length > 0) throw new PlacementError(problems.sort((a, b) => a.line - b.line || a.column - b.column));
  return entries;
}

interface Reader {
  readonly entries: Map<string, Entry>;
  readonly problem: (
    node: Node | null | undefined,
    subject: string,
    field: string,
    message: string,
    value?: unknown,
  ) => void;
  readonly naming: NamingContext;
  readonly at: (node: Node | null | undefined) => { readonly line: number; readonly column: number };
}

function readAssets(
  items: readonly { key: unknown; value: unknown }[],
  { entries, problem, naming, at }: Reader,
): void {
  for (const pair of items) {
    const keyNode = pair.key as Node;
    const id = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as Node | null;
    const subject = `asset ${id}`;
    if (!isMap(value)) {
      problem(value ?? keyNode, subject, '', 'expected { primary: STACK, dr: STACK }');
      continue;
    }
    const shards: Partial<Record<Side, number>> = {};
    for (const field of value.items) {
      const side = isScalar(field.key) ? String(field.key.value) : '';
      const stack = field.value as Node | null;
      if (!(SIDES as readonly string[]).includes(side)) {
        problem(field.key as Node, subject, side, 'unknown key; expected one of primary, dr');
        continue;
      }
      const name = isScalar(stack) ? stack.value : undefined;
      const shard = typeof name === 'string' ? shardOfStackName(naming, side as Side, name) : undefined;
      if (shard === undefined) {
        const base = shardStackName(naming, side as Side, 0);
        problem(
          stack,
          subject,
          side,
          `expected a stack of the ${side === 'primary' ? 'primary' : 'DR'} Region: ${base} or ${base}Shard<n> (n ≥ 1)`,
          name,
        );
      } else {
        shards[side as Side] = shard;
      }
    }
    for (const side of SIDES)
      if (!value.items.some((f) => isScalar(f.key) && f.key.value === side))
        problem(value, subject, side, 'missing; expected a stack name');
    if (shards.primary !== undefined && shards.dr !== undefined) {
      const { line, column } = at(keyNode);
      entries.set(id, { placement: { primary: shards.primary, dr: shards.dr }, line, column });
    }
  }
}

export interface ResolvedPlacement {
  readonly file: string;
  readonly placement: Placement;
  /** The file's new text. */
  readonly text: string;
  /** Whether `text` differs from what the file holds (or the file does not exist). */
  readonly changed: boolean;
  /** Assets whose entries `removeAssets` dropped. */
  readonly dropped: readonly string[];
}

export interface ResolveOptions extends PlaceOptions {
  /** @default placementPath(catalog.file) */
  readonly file?: string;
  /** Asset ids whose entries may be dropped (the `removeAssets` flag). */
  readonly remove?: readonly string[];
}

/** Reads the catalog's placement file (none is an empty placement), checks it against the catalog and places new assets. */
export function resolvePlacement(plan: CatalogPlan, options: ResolveOptions = {}): ResolvedPlacement {
  const { catalog } = plan;
  const file = options.file ?? placementPath(catalog.file);
  const text = existsSync(file) ? readPlacementFile(file) : undefined;
  const entries = text === undefined ? new Map<string, Entry>() : parsePlacement(text, file, catalog.naming);
  const where = (e: Entry | undefined) => ({ file, line: e?.line ?? 1, column: e?.column ?? 1 });
  const inCatalog = new Set(catalog.assets.map((a) => a.id));
  const remove = new Set(options.remove ?? []);
  const problems: LocatedProblem[] = [];
  for (const id of remove) {
    const e = entries.get(id);
    const message = !e
      ? `\`${REMOVE_ASSETS_FLAG}\` names it, but the placement file has no entry for it`
      : inCatalog.has(id)
        ? `\`${REMOVE_ASSETS_FLAG}\` names it, but it is still in the catalog ${catalog.file}: remove it from the catalog first`
        : undefined;
    if (message) problems.push({ ...where(e), subject: `asset ${id}`, field: '', path: [], message });
  }
  const previous = new Map<string, AssetPlacement>();
  const dropped: string[] = [];
  for (const [id, e] of entries) {
    if (inCatalog.has(id)) previous.set(id, e.placement);
    else if (remove.has(id)) dropped.push(id);
    else {
      const stacks = SIDES.map((side) => shardStackName(catalog.naming, side, e.placement[side])).join(' and ');
      problems.push({
        ...where(e),
        subject: `asset ${id}`,
        field: '',
        path: [],
        message:
          `no longer in the catalog ${catalog.file}: dropping it would delete its resources from ${stacks} (its data stores are ` +
          `retained by CloudFormation but left unmanaged: no backups, replication or alarms). Put it back in the catalog, or drop it ` +
          `on purpose with \`-c ${REMOVE_ASSETS_FLAG}=${id}\``,
      });
    }
  }
  if (problems.length > 0) throw new PlacementError(problems.sort((a, b) => a.line - b.line || a.column - b.column));
  const placement = place(plan, previous, options);
  const next = formatPlacement(placement, catalog.naming);
  return { file, placement, text: next, changed: next !== text, dropped };
}

/** The placement file's text; a file that cannot be read (a FIFO, a device, too large) is a located error. */
function readPlacementFile(file: string): string {
  try {
    return readTextFile(file, FILE_LIMITS.placement);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new PlacementError([
      { file, line: 1, column: 1, subject: 'placement', field: '', path: [], message: `cannot read it: ${e.reason}` },
    ]);
  }
}

/** Writes the placement to `file` (default: beside the catalog) when that file does not hold it yet; returns whether it did. */
export function writePlacement(resolved: ResolvedPlacement, file: string = resolved.file): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === resolved.text) return false;
  writeFileSync(file, resolved.text);
  return true;
}
