/**
 * The DR posture as data (`dist/dr-posture.json`, documented in docs/posture.md): per entry and failure mode, the
 * target, and per field (RPO, RTO) what the artifacts achieve, with its bound, its status and the dependencies that
 * limit it. Deterministic: a fixed order, and the one date it depends on (`asOf`, the day acceptances and evidence are
 * judged on) is written in it, so the same inputs on the same date give the same bytes.
 */
import type { Catalog } from '../catalog';
import {
  MODES,
  type AchievedField,
  type Assessment,
  type FactId,
  type Mode,
  type Status,
  type UsedAcceptance,
} from '../model';

/** Version 2 (round 3): per-field bounds, statuses and limits, `expected`, `measured`, `asOf`. */
export const POSTURE_VERSION = 2;

/** A figure's bound (strongest first), then `unknown`, `none` (no protection); `n/a` where the field does not apply. */
export const REPORT_BOUNDS = ['n/a', 'worst', 'sla', 'measured', 'typical', 'unknown', 'none'] as const;
export type ReportBound = (typeof REPORT_BOUNDS)[number];

export interface PostureField {
  /** Null where not applicable, unknown or unprotected (`bound` says which). */
  readonly seconds: number | null;
  /** For an unknown figure: what it is proven to be at least. */
  readonly atLeastSeconds?: number;
  readonly bound: ReportBound;
  readonly status: Status;
  /** For a service: the dependencies whose figure gives this field its status (empty when its own does). */
  readonly limitedBy: readonly string[];
  /** Declared recovery time (detect, decide, repoint; or the time corruption goes unnoticed) included in `seconds`. */
  readonly overheadSeconds?: number;
  /** The measurement `seconds` comes from, when it is measured. */
  readonly evidence?: { readonly date: string; readonly source: string; readonly validUntil?: string };
}

/** An acceptance in use: the catalog's ceilings, the fields it turned into `accepted`, and where it is written. */
export type PostureAcceptance = UsedAcceptance;

export interface PostureMode {
  readonly target: { readonly rpoSeconds: number | null; readonly rtoSeconds: number | null };
  readonly rpo: PostureField;
  readonly rto: PostureField;
  /** The worse of the two fields' statuses. */
  readonly status: Status;
  readonly mechanisms: readonly { readonly id: string; readonly facts: readonly FactId[] }[];
  /** The acceptances that turned a shortfall into `accepted`. */
  readonly acceptances: readonly PostureAcceptance[];
}

export interface PostureEntry {
  readonly id: string;
  /** An asset kind, or `service`. */
  readonly kind: string;
  readonly tier: string;
  readonly dependsOn: readonly string[];
  readonly modes: Readonly<Record<Mode, PostureMode>>;
}

export interface Posture {
  readonly version: number;
  /** The date acceptances and evidence were judged on (DR_TODAY, else the day of the synth). */
  readonly asOf: string;
  readonly entries: readonly PostureEntry[];
}

export function boundOf(field: AchievedField): ReportBound {
  return field.kind === 'figure' ? field.figure.bound : field.kind;
}

function postureField(field: AchievedField, status: Status): PostureField {
  if (status === 'n/a') return { seconds: null, bound: 'n/a', status, limitedBy: [] };
  const f = field.kind === 'figure' ? field.figure : undefined;
  return {
    seconds: f?.seconds ?? null,
    ...(f && f.seconds === null && f.atLeast ? { atLeastSeconds: f.atLeast } : {}),
    bound: boundOf(field),
    status,
    limitedBy: [...(field.limitedBy ?? [])],
    ...(f?.overhead ? { overheadSeconds: f.overhead } : {}),
    ...(field.evidence ? { evidence: { ...field.evidence } } : {}),
  };
}

function acceptanceOf(a: UsedAcceptance): PostureAcceptance {
  // A fixed key order, whatever order the catalog wrote them in.
  return {
    mode: a.mode,
    ...(a.rpoSeconds !== undefined ? { rpoSeconds: a.rpoSeconds } : {}),
    ...(a.rtoSeconds !== undefined ? { rtoSeconds: a.rtoSeconds } : {}),
    reason: a.reason,
    owner: a.owner,
    expires: a.expires,
    fields: [...a.fields].sort(),
    ...(a.inheritedFrom ? { inheritedFrom: a.inheritedFrom } : {}),
  };
}

function postureMode(m: Assessment[Mode]): PostureMode {
  return {
    target: { rpoSeconds: m.target.rpoSeconds, rtoSeconds: m.target.rtoSeconds },
    rpo: postureField(m.rpo, m.rpoStatus),
    rto: postureField(m.rto, m.rtoStatus),
    status: m.status,
    mechanisms: [...m.mechanisms]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((x) => ({ id: x.id, facts: [...x.facts].sort() })),
    acceptances: m.acceptances.map(acceptanceOf),
  };
}

export interface PostureInput {
  readonly catalog: Catalog;
  /** Assessment per asset id and per service id (services already bounded by their dependencies). */
  readonly assessments: ReadonlyMap<string, Assessment>;
  /** The date acceptances and evidence were judged on. */
  readonly asOf: string;
}

/** Services first, then assets, each in catalog order. */
export function buildPosture({ catalog, assessments, asOf }: PostureInput): Posture {
  const entries: PostureEntry[] = [];
  const add = (id: string, kind: string, tier: string, dependsOn: readonly string[]) => {
    const a = assessments.get(id);
    if (!a) return;
    const modes = Object.fromEntries(MODES.map((m) => [m, postureMode(a[m])])) as Record<Mode, PostureMode>;
    entries.push({ id, kind, tier, dependsOn, modes });
  };
  for (const s of catalog.services) add(s.id, 'service', s.tier, [...new Set([...s.owns, ...s.dependsOn])]);
  for (const a of catalog.assets) add(a.id, a.kind, a.tier, a.rebuildFrom ? [a.rebuildFrom] : []);
  return { version: POSTURE_VERSION, asOf, entries };
}

export function postureJson(p: Posture): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
