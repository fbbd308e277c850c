/** Catalog problems: collected, all reported at once, each with file:line:column, the entry, the field and the value. */

export type Path = readonly (string | number)[];

export interface Problem {
  /** Where in the document: keys and list indexes from the root. */
  readonly path: Path;
  /** What was expected, starting with "expected …" (or a sentence that says what is wrong). */
  readonly message: string;
  /** The offending value; absent for a missing key. */
  readonly value?: unknown;
  /** Point at the key itself rather than its value (unknown keys). */
  readonly atKey?: boolean;
}

export interface LocatedProblem extends Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** "asset orders_db", "service api-gateway", "tier tier-1", or "catalog". */
  readonly subject: string;
  /** The field inside the subject, e.g. "accept[0].expires". */
  readonly field: string;
}

/** Raised when a catalog has problems; carries all of them. Printed without a stack trace by the CLI. */
export class CatalogError extends Error {
  constructor(readonly problems: readonly LocatedProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'CatalogError';
  }
}

function showValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // JSON escapes control characters but not Unicode line separators or bidirectional controls: those too, so a
  // message never reorders or breaks the terminal line it is printed on.
  const json = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  const text = json.replace(
    /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function formatProblem(p: LocatedProblem): string {
  const got = 'value' in p && p.value !== undefined ? `got ${showValue(p.value)}; ` : '';
  const field = p.field ? `${p.field}: ` : '';
  return `${p.file}:${p.line}:${p.column}: ${p.subject}: ${field}${got}${p.message}`;
}

const SECTIONS: Readonly<Record<string, string>> = {
  tiers: 'tier',
  services: 'service',
  assets: 'asset',
  contacts: 'contact',
  drills: 'drill',
};

/** Splits a path into the entry it is about and the field inside it, using the entry's id where it has one. */
export function subjectOf(path: Path, root: unknown): { subject: string; field: string } {
  const [section, index, ...rest] = path;
  const noun = typeof section === 'string' ? SECTIONS[section] : undefined;
  if (noun && typeof index === 'number') {
    const list = (root as Record<string, unknown> | undefined)?.[section as string];
    const entry = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
    const id = typeof entry?.id === 'string' ? entry.id : `#${index + 1}`;
    return { subject: `${noun} ${id}`, field: fieldPath(rest) };
  }
  if (section === 'environment') return { subject: 'environment', field: fieldPath(path.slice(1)) };
  return { subject: 'catalog', field: fieldPath(path) };
}

function fieldPath(path: Path): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}
