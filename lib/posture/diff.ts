/**
 * `dr diff`: what changed between two postures, per entry and mode. A regression is a status moving up the order
 * (met < accepted < unverified < gap), an achieved figure or bound getting worse, a mechanism or an entry
 * disappearing, an acceptance added or its ceiling raised. Improvements are listed too.
 */
import { humanDuration } from '../catalog';
import { MODES, STATUSES, type Mode, type Status } from '../model';
import { REPORT_BOUNDS, type Posture, type PostureEntry, type PostureMode } from './report';

export type ChangeKind = 'regression' | 'improvement' | 'change';

export interface PostureChange {
  readonly kind: ChangeKind;
  readonly entry: string;
  readonly mode?: Mode;
  readonly what: string;
}

const rank = (s: Status) => STATUSES.indexOf(s);
const secs = (v: number | null) => (v === null ? 'unknown' : humanDuration(v));

type Ceiling = number | 'unbounded' | undefined;
/** How much an acceptance lets through: nothing < a number < unbounded. */
function ceilingRank(c: Ceiling): number {
  return c === undefined ? -1 : c === 'unbounded' ? Number.POSITIVE_INFINITY : c;
}

function modeChanges(entry: string, mode: Mode, b: PostureMode, h: PostureMode): PostureChange[] {
  const out: PostureChange[] = [];
  const add = (kind: ChangeKind, what: string) => out.push({ kind, entry, mode, what });
  if (b.status !== h.status)
    add(rank(h.status) > rank(b.status) ? 'regression' : 'improvement', `status ${b.status} → ${h.status}`);
  for (const field of ['rpo', 'rto'] as const) {
    const key = field === 'rpo' ? 'rpoSeconds' : 'rtoSeconds';
    if (b.target[key] !== h.target[key])
      add('change', `target ${field.toUpperCase()} ${secs(b.target[key])} → ${secs(h.target[key])}`);
    const applies = b[`${field}Status`] !== 'n/a' && h[`${field}Status`] !== 'n/a';
    const [x, y] = [b.achieved[key], h.achieved[key]];
    if (!applies || x === y) continue;
    const worse = (y ?? Number.POSITIVE_INFINITY) > (x ?? Number.POSITIVE_INFINITY);
    add(worse ? 'regression' : 'improvement', `achieved ${field.toUpperCase()} ${secs(x)} → ${secs(y)}`);
  }
  if (b.achieved.bound !== h.achieved.bound && b.achieved.bound !== 'n/a' && h.achieved.bound !== 'n/a') {
    const worse = REPORT_BOUNDS.indexOf(h.achieved.bound) > REPORT_BOUNDS.indexOf(b.achieved.bound);
    add(worse ? 'regression' : 'improvement', `bound ${b.achieved.bound} → ${h.achieved.bound}`);
  }
  const ids = (m: PostureMode) => new Set(m.achieved.mechanisms.map((x) => x.id));
  const [bi, hi] = [ids(b), ids(h)];
  for (const id of [...bi].filter((x) => !hi.has(x)).sort()) add('regression', `mechanism ${id} disappeared`);
  for (const id of [...hi].filter((x) => !bi.has(x)).sort()) add('improvement', `mechanism ${id} added`);
  const [ba, ha] = [b.acceptance, h.acceptance];
  if (!ba && ha) add('regression', `acceptance added (owner ${ha.owner}, expires ${ha.expires})`);
  else if (ba && !ha) add('change', 'acceptance no longer used');
  else if (ba && ha) {
    for (const key of ['rpoSeconds', 'rtoSeconds'] as const) {
      const [x, y] = [ceilingRank(ba[key]), ceilingRank(ha[key])];
      const show = (c: Ceiling) => (c === undefined ? 'none' : c === 'unbounded' ? 'unbounded' : humanDuration(c));
      if (y > x)
        add(
          'regression',
          `acceptance ceiling ${key === 'rpoSeconds' ? 'RPO' : 'RTO'} raised ${show(ba[key])} → ${show(ha[key])}`,
        );
      if (y < x)
        add(
          'improvement',
          `acceptance ceiling ${key === 'rpoSeconds' ? 'RPO' : 'RTO'} lowered ${show(ba[key])} → ${show(ha[key])}`,
        );
    }
    if (ba.expires !== ha.expires) add('change', `acceptance expiry ${ba.expires} → ${ha.expires}`);
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
  for (const h of head.entries.filter((e: PostureEntry) => !baseIds.has(e.id)))
    out.push({ kind: 'change', entry: h.id, what: `entry added (${h.kind}, ${h.tier})` });
  return out;
}
