/**
 * `dr diff`: what changed between two postures, per entry, mode and field.
 * - A regression: a field's status moving up the order (met < expected < accepted < unverified < gap), a figure or
 *   its bound getting worse, a mechanism or an entry disappearing, a new entry with a gap.
 * - An acceptance: one added, its ceiling raised or its expiry pushed back, or a target loosened. Not a regression
 *   and not a silent pass: a decision for a reviewer (`dr diff` exits 3 when these are all there is).
 * - Improvements and other changes are listed too. A new entry is shown mode by mode, with its figures.
 */
import { figureText, humanDuration } from '../catalog';
import { MODES, STATUSES, type Mode, type Status } from '../model';
import { REPORT_BOUNDS, type Posture, type PostureAcceptance, type PostureField, type PostureMode } from './report';

export type ChangeKind = 'regression' | 'acceptance' | 'improvement' | 'change';

export interface PostureChange {
  readonly kind: ChangeKind;
  readonly entry: string;
  readonly mode?: Mode;
  readonly what: string;
}

const rank = (s: Status) => STATUSES.indexOf(s);
const secs = (v: number | null) => (v === null ? 'n/a' : humanDuration(v));
const FIELDS = ['rpo', 'rto'] as const;

/** "30m typical vs target 15m": a field with its bound, against its target. */
function shown(f: PostureField, target: number | null): string {
  if (f.status === 'n/a') return 'n/a';
  return `${figureText(f.seconds, f.bound, f.atLeastSeconds)} vs target ${secs(target)}`;
}

type Ceiling = number | 'unbounded' | undefined;
/** How much an acceptance lets through: nothing < a number < unbounded. */
function ceilingRank(c: Ceiling): number {
  return c === undefined ? -1 : c === 'unbounded' ? Number.POSITIVE_INFINITY : c;
}
const showCeiling = (c: Ceiling) => (c === undefined ? 'none' : c === 'unbounded' ? 'unbounded' : humanDuration(c));
const acceptanceKey = (a: PostureAcceptance) => `${a.inheritedFrom ?? ''}\u0000${a.reason.trim()}`;

function describeAcceptance(a: PostureAcceptance): string {
  const ceilings = FIELDS.filter((f) => a[`${f}Seconds`] !== undefined).map(
    (f) => `${f.toUpperCase()} ≤ ${showCeiling(a[`${f}Seconds`])}`,
  );
  const from = a.inheritedFrom ? `, from ${a.inheritedFrom}` : '';
  return `${ceilings.join(', ')} (owner ${a.owner}, expires ${a.expires}${from}): ${a.reason.trim()}`;
}

/**
 * A figure worse than another: a higher value (unknown highest; between two unknowns, the higher known lower bound),
 * else a weaker bound.
 */
function worse(b: PostureField, h: PostureField): boolean | undefined {
  const value = (f: PostureField) => f.seconds ?? Number.POSITIVE_INFINITY;
  if (value(h) !== value(b)) return value(h) > value(b);
  if (h.seconds === null && b.seconds === null) {
    const [x, y] = [b.atLeastSeconds ?? 0, h.atLeastSeconds ?? 0];
    if (x !== y) return y > x;
  }
  if (h.bound !== b.bound) return REPORT_BOUNDS.indexOf(h.bound) > REPORT_BOUNDS.indexOf(b.bound);
  return undefined;
}

function acceptanceChanges(b: PostureMode, h: PostureMode, add: (kind: ChangeKind, what: string) => void): void {
  const before = new Map(b.acceptances.map((a) => [acceptanceKey(a), a] as const));
  const after = new Map(h.acceptances.map((a) => [acceptanceKey(a), a] as const));
  for (const [key, a] of after) {
    const was = before.get(key);
    if (!was) {
      add('acceptance', `acceptance added: ${describeAcceptance(a)}`);
      continue;
    }
    for (const f of FIELDS) {
      const [x, y] = [ceilingRank(was[`${f}Seconds`]), ceilingRank(a[`${f}Seconds`])];
      const what = `acceptance ceiling ${f.toUpperCase()} ${showCeiling(was[`${f}Seconds`])} → ${showCeiling(a[`${f}Seconds`])}`;
      if (y > x) add('acceptance', `${what} (raised)`);
      if (y < x) add('improvement', `${what} (lowered)`);
    }
    if (a.expires > was.expires) add('acceptance', `acceptance expiry pushed back ${was.expires} → ${a.expires}`);
    if (a.expires < was.expires) add('change', `acceptance expiry brought forward ${was.expires} → ${a.expires}`);
  }
  for (const [key, a] of before) {
    if (!after.has(key)) add('change', `acceptance no longer used (owner ${a.owner}): ${a.reason.trim()}`);
  }
}

function modeChanges(entry: string, mode: Mode, b: PostureMode, h: PostureMode): PostureChange[] {
  const out: PostureChange[] = [];
  const add = (kind: ChangeKind, what: string) => out.push({ kind, entry, mode, what });
  for (const f of FIELDS) {
    const key = f === 'rpo' ? 'rpoSeconds' : 'rtoSeconds';
    const [x, y] = [b[f], h[f]];
    const name = f.toUpperCase();
    const [tb, th] = [b.target[key], h.target[key]];
    if (tb !== th) {
      // A looser target (or none) accepts less protection: a decision for the owners, like an acceptance.
      const looser = th === null || (tb !== null && th > tb);
      add(looser ? 'acceptance' : 'change', `target ${name} ${secs(tb)} → ${secs(th)}${looser ? ' (loosened)' : ''}`);
    }
    if (x.status !== y.status) {
      add(
        rank(y.status) > rank(x.status) ? 'regression' : 'improvement',
        `${name} ${x.status} → ${y.status}: ${shown(x, b.target[key])} → ${shown(y, h.target[key])}`,
      );
      continue;
    }
    if (x.status === 'n/a') continue;
    const w = worse(x, y);
    if (w !== undefined) {
      add(
        w ? 'regression' : 'improvement',
        `${name} ${figureText(x.seconds, x.bound, x.atLeastSeconds)} → ${figureText(y.seconds, y.bound, y.atLeastSeconds)} (still ${y.status})`,
      );
    }
    const [ob, oh] = [x.overheadSeconds ?? 0, y.overheadSeconds ?? 0];
    if (ob !== oh) add('change', `${name} declared recovery time included ${secs(ob)} → ${secs(oh)}`);
    const [lb, lh] = [x.limitedBy.join(', '), y.limitedBy.join(', ')];
    if (lb !== lh) add('change', `${name} limited by ${lb || 'its own figure'} → ${lh || 'its own figure'}`);
  }
  const ids = (m: PostureMode) => new Set(m.mechanisms.map((x) => x.id));
  const [bi, hi] = [ids(b), ids(h)];
  for (const id of [...bi].filter((x) => !hi.has(x)).sort()) add('regression', `mechanism ${id} disappeared`);
  for (const id of [...hi].filter((x) => !bi.has(x)).sort()) add('improvement', `mechanism ${id} added`);
  acceptanceChanges(b, h, add);
  return out;
}

/** A new entry, mode by mode: its statuses and figures; a gap in it is a regression, its acceptances are decisions. */
function newEntryChanges(
  entry: string,
  kind: string,
  tier: string,
  modes: Readonly<Record<Mode, PostureMode>>,
): PostureChange[] {
  const out: PostureChange[] = [{ kind: 'change', entry, what: `entry added (${kind}, ${tier})` }];
  for (const mode of MODES) {
    const m = modes[mode];
    if (m.status === 'n/a') continue;
    const fields = FIELDS.filter((f) => m[f].status !== 'n/a').map(
      (f) => `${f.toUpperCase()} ${m[f].status}: ${shown(m[f], m.target[f === 'rpo' ? 'rpoSeconds' : 'rtoSeconds'])}`,
    );
    out.push({ kind: m.status === 'gap' ? 'regression' : 'change', entry, mode, what: `new: ${fields.join('; ')}` });
    for (const a of m.acceptances) {
      out.push({ kind: 'acceptance', entry, mode, what: `acceptance added: ${describeAcceptance(a)}` });
    }
  }
  return out;
}

export function diffPostures(base: Posture, head: Posture): PostureChange[] {
  const out: PostureChange[] = [];
  const headById = new Map(head.entries.map((e) => [e.id, e] as const));
  const baseIds = new Set(base.entries.map((e) => e.id));
  for (const b of base.entries) {
    const h = headById.get(b.id);
    if (!h) {
      out.push({ kind: 'regression', entry: b.id, what: `entry disappeared (${b.kind}, ${b.tier})` });
      continue;
    }
    if (b.tier !== h.tier) out.push({ kind: 'change', entry: b.id, what: `tier ${b.tier} → ${h.tier}` });
    for (const mode of MODES) out.push(...modeChanges(b.id, mode, b.modes[mode], h.modes[mode]));
  }
  for (const h of head.entries.filter((e) => !baseIds.has(e.id))) {
    out.push(...newEntryChanges(h.id, h.kind, h.tier, h.modes));
  }
  return out;
}
