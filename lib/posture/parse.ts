/**
 * Reading a posture file back (for `dr diff`): every problem located as `file: path: expected …`. A version-1 posture
 * (before per-field bounds) is read too, and upgraded: both fields take the mode's one bound, no field is limited by a
 * named dependency, and the one acceptance applies to the fields it had a ceiling for.
 */
import { parseJsonText } from '../catalog';
import { MODES, STATUSES, type Mode, type Status } from '../model';
import {
  POSTURE_VERSION,
  REPORT_BOUNDS,
  type Posture,
  type PostureAcceptance,
  type PostureEntry,
  type PostureField,
  type PostureMode,
  type ReportBound,
} from './report';

export class PostureError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PostureError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const seconds = (v: unknown) => v === null || (typeof v === 'number' && v >= 0);

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly file: string) {}
  expect(ok: boolean, path: string, expected: string, got: unknown): boolean {
    if (!ok) this.problems.push(`${this.file}: ${path}: expected ${expected}, got ${JSON.stringify(got) ?? 'nothing'}`);
    return ok;
  }
  status(v: unknown, path: string): boolean {
    return this.expect(STATUSES.includes(v as Status), path, `one of ${STATUSES.join(', ')}`, v);
  }
  bound(v: unknown, path: string): boolean {
    return this.expect(REPORT_BOUNDS.includes(v as ReportBound), path, `one of ${REPORT_BOUNDS.join(', ')}`, v);
  }
}

export function parsePosture(text: string, file: string): Posture {
  let data: unknown;
  try {
    data = parseJsonText(text, file);
  } catch (e) {
    throw new PostureError([(e as Error).message]);
  }
  const r = new Reader(file);
  if (!r.expect(isObject(data), '(top)', 'a posture object', data)) throw new PostureError(r.problems);
  const p = data as Json;
  if (!r.expect(p.version === 1 || p.version === POSTURE_VERSION, 'version', `1 or ${POSTURE_VERSION}`, p.version)) {
    throw new PostureError(r.problems);
  }
  if (!r.expect(Array.isArray(p.entries), 'entries', 'a list', p.entries)) throw new PostureError(r.problems);
  if (p.version === POSTURE_VERSION) {
    r.expect(typeof p.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.asOf), 'asOf', 'an ISO date', p.asOf);
  }
  (p.entries as unknown[]).forEach((value, i) => {
    const at = `entries[${i}]`;
    if (!r.expect(isObject(value), at, 'an entry', value)) return;
    const e = value as Json;
    for (const key of ['id', 'kind', 'tier'] as const)
      r.expect(typeof e[key] === 'string', `${at}.${key}`, 'text', e[key]);
    r.expect(Array.isArray(e.dependsOn), `${at}.dependsOn`, 'a list', e.dependsOn);
    if (!r.expect(isObject(e.modes), `${at}.modes`, 'the four modes', e.modes)) return;
    for (const mode of MODES) {
      const mv = (e.modes as Json)[mode];
      const mp = `${at}.modes.${mode}`;
      if (!r.expect(isObject(mv), mp, 'a mode', mv)) continue;
      const m = mv as Json;
      const target = isObject(m.target) ? m.target : {};
      r.expect(seconds(target.rpoSeconds), `${mp}.target.rpoSeconds`, 'seconds or null', target.rpoSeconds);
      r.expect(seconds(target.rtoSeconds), `${mp}.target.rtoSeconds`, 'seconds or null', target.rtoSeconds);
      r.status(m.status, `${mp}.status`);
      if (p.version === 1) checkV1Mode(r, m, mp);
      else checkMode(r, m, mp);
    }
  });
  if (r.problems.length > 0) throw new PostureError(r.problems);
  return p.version === 1 ? upgradeV1(p) : (p as unknown as Posture);
}

const text = (v: unknown) => typeof v === 'string' && v.length > 0;
const isoDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const optionalSeconds = (v: unknown) => v === undefined || (typeof v === 'number' && v >= 0);
const listOf = (v: unknown, ok: (x: unknown) => boolean) => Array.isArray(v) && v.every(ok);

function checkAcceptance(r: Reader, value: unknown, at: string, v1: boolean): void {
  if (!r.expect(isObject(value), at, 'an acceptance', value)) return;
  const a = value as Json;
  r.expect(MODES.includes(a.mode as Mode), `${at}.mode`, `one of ${MODES.join(', ')}`, a.mode);
  for (const key of ['rpoSeconds', 'rtoSeconds'] as const) {
    const c = a[key];
    r.expect(
      c === undefined || c === 'unbounded' || (typeof c === 'number' && c >= 0),
      `${at}.${key}`,
      'seconds or "unbounded"',
      c,
    );
  }
  for (const key of ['reason', 'owner'] as const) r.expect(text(a[key]), `${at}.${key}`, 'text', a[key]);
  r.expect(isoDate(a.expires), `${at}.expires`, 'an ISO date', a.expires);
  r.expect(
    a.inheritedFrom === undefined || text(a.inheritedFrom),
    `${at}.inheritedFrom`,
    'an entry id',
    a.inheritedFrom,
  );
  if (!v1) {
    r.expect(
      listOf(a.fields, (f) => f === 'rpo' || f === 'rto'),
      `${at}.fields`,
      'a list of rpo, rto',
      a.fields,
    );
  }
}

function checkMode(r: Reader, m: Json, mp: string): void {
  for (const f of ['rpo', 'rto'] as const) {
    const value = m[f];
    if (!r.expect(isObject(value), `${mp}.${f}`, 'a field', value)) continue;
    const field = value as Json;
    const at = `${mp}.${f}`;
    r.expect(seconds(field.seconds), `${at}.seconds`, 'seconds or null', field.seconds);
    r.expect(optionalSeconds(field.atLeastSeconds), `${at}.atLeastSeconds`, 'seconds', field.atLeastSeconds);
    r.expect(optionalSeconds(field.overheadSeconds), `${at}.overheadSeconds`, 'seconds', field.overheadSeconds);
    r.bound(field.bound, `${at}.bound`);
    r.status(field.status, `${at}.status`);
    r.expect(listOf(field.limitedBy, text), `${at}.limitedBy`, 'a list of entry ids', field.limitedBy);
    const ev = field.evidence;
    if (ev !== undefined && r.expect(isObject(ev), `${at}.evidence`, 'a measurement', ev)) {
      const e = ev as Json;
      r.expect(isoDate(e.date), `${at}.evidence.date`, 'an ISO date', e.date);
      r.expect(text(e.source), `${at}.evidence.source`, 'text', e.source);
      r.expect(
        e.validUntil === undefined || isoDate(e.validUntil),
        `${at}.evidence.validUntil`,
        'an ISO date',
        e.validUntil,
      );
    }
  }
  checkMechanisms(r, m.mechanisms, `${mp}.mechanisms`);
  if (r.expect(Array.isArray(m.acceptances), `${mp}.acceptances`, 'a list', m.acceptances)) {
    (m.acceptances as unknown[]).forEach((a, i) => checkAcceptance(r, a, `${mp}.acceptances[${i}]`, false));
  }
}

function checkMechanisms(r: Reader, v: unknown, at: string): void {
  r.expect(
    listOf(v, (x) => isObject(x) && text(x.id) && listOf(x.facts, text)),
    at,
    'a list of { id, facts }',
    v,
  );
}

function checkV1Mode(r: Reader, m: Json, mp: string): void {
  const achieved = isObject(m.achieved) ? m.achieved : {};
  r.expect(seconds(achieved.rpoSeconds), `${mp}.achieved.rpoSeconds`, 'seconds or null', achieved.rpoSeconds);
  r.expect(seconds(achieved.rtoSeconds), `${mp}.achieved.rtoSeconds`, 'seconds or null', achieved.rtoSeconds);
  r.expect(
    ['n/a', 'worst', 'sla', 'typical', 'unknown', 'none'].includes(achieved.bound as string),
    `${mp}.achieved.bound`,
    'one of n/a, worst, sla, typical, unknown, none',
    achieved.bound,
  );
  checkMechanisms(r, achieved.mechanisms, `${mp}.achieved.mechanisms`);
  for (const s of ['rpoStatus', 'rtoStatus'] as const) r.status(m[s], `${mp}.${s}`);
  if (m.acceptance !== undefined) checkAcceptance(r, m.acceptance, `${mp}.acceptance`, true);
}

/** A version-1 posture in version 2's shape (its `asOf` is unknown: written as the empty string). */
function upgradeV1(p: Json): Posture {
  const entries = (p.entries as Json[]).map((e): PostureEntry => {
    const modes = Object.fromEntries(
      MODES.map((mode) => {
        const m = (e.modes as Json)[mode] as Json;
        const achieved = m.achieved as Json;
        const field = (f: 'rpo' | 'rto'): PostureField => {
          const status = m[`${f}Status`] as Status;
          if (status === 'n/a') return { seconds: null, bound: 'n/a', status, limitedBy: [] };
          const value = achieved[`${f}Seconds`] as number | null;
          // The mode's one bound was the weaker field's: a known figure under an unknown or absent one was at least
          // typical, and typical is the weaker reading.
          const shared = achieved.bound as ReportBound;
          const bound = value !== null && ['unknown', 'none', 'n/a'].includes(shared) ? 'typical' : shared;
          return { seconds: value, bound, status, limitedBy: [] };
        };
        const a = m.acceptance as (Json & Omit<PostureAcceptance, 'fields'>) | undefined;
        const acceptances: PostureAcceptance[] = a
          ? [
              {
                ...(a as Omit<PostureAcceptance, 'fields'>),
                fields: (['rpo', 'rto'] as const).filter((f) => a[`${f}Seconds`] !== undefined),
              },
            ]
          : [];
        const mode_: PostureMode = {
          target: m.target as PostureMode['target'],
          rpo: field('rpo'),
          rto: field('rto'),
          status: m.status as Status,
          mechanisms: achieved.mechanisms as PostureMode['mechanisms'],
          acceptances,
        };
        return [mode, mode_];
      }),
    ) as Record<Mode, PostureMode>;
    return {
      id: e.id as string,
      kind: e.kind as string,
      tier: e.tier as string,
      dependsOn: e.dependsOn as string[],
      modes,
    };
  });
  return { version: POSTURE_VERSION, asOf: '', entries };
}
