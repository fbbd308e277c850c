/**
 * The DR posture as data: per entry and failure mode, the target, what is achieved, and the statuses. Deterministic:
 * no timestamps, fixed order, so the same inputs give the same bytes and a PR diff shows only real changes.
 */
import type { Catalog } from '../catalog';
import { MODES, STATUSES, type Acceptance, type AchievedField, type Assessment, type FactId, type Mode, type Status } from '../model';

export const POSTURE_VERSION = 1;

/** How a field is bounded in the report: a figure's bound, or why there is none. */
export type ReportBound = 'worst' | 'sla' | 'typical' | 'unknown' | 'none' | 'n/a';

export interface PostureMode {
  readonly target: { readonly rpoSeconds: number | null; readonly rtoSeconds: number | null };
  readonly achieved: {
    readonly rpoSeconds: number | null;
    readonly rtoSeconds: number | null;
    /** The weaker of the two fields' bounds. */
    readonly bound: ReportBound;
    readonly rpoBound: ReportBound;
    readonly rtoBound: ReportBound;
    /** For unknown figures: the known part (a lower bound). */
    readonly rpoAtLeastSeconds?: number;
    readonly rtoAtLeastSeconds?: number;
    /** Why: the figure's note, or the reason nothing protects. */
    readonly rpoNote?: string;
    readonly rtoNote?: string;
    /** For a service: the asset that bounds the field. */
    readonly rpoLimitedBy?: string;
    readonly rtoLimitedBy?: string;
    readonly mechanisms: readonly { readonly id: string; readonly facts: readonly FactId[] }[];
  };
  readonly rpoStatus: Status;
  readonly rtoStatus: Status;
  readonly status: Status;
  readonly acceptance?: Acceptance & { readonly inheritedFrom?: string };
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
  readonly company: string;
  readonly profile: string;
  readonly summary: Readonly<Record<Status, number>>;
  readonly entries: readonly PostureEntry[];
}

const BOUND_ORDER: readonly ReportBound[] = ['n/a', 'worst', 'sla', 'typical', 'unknown', 'none'];

function boundOf(field: AchievedField): ReportBound {
  return field.kind === 'figure' ? field.figure.bound : field.kind;
}

function describe(field: AchievedField) {
  const seconds = field.kind === 'figure' ? field.figure.seconds : null;
  const atLeast = field.kind === 'figure' ? field.figure.atLeast : undefined;
  const note = field.kind === 'figure' ? field.figure.note : field.reason || undefined;
  return { seconds, bound: boundOf(field), atLeast, note, limitedBy: field.limitedBy };
}

function postureMode(m: Assessment[Mode]): PostureMode {
  const rpo = describe(m.rpo);
  const rto = describe(m.rto);
  const bound = BOUND_ORDER.indexOf(rpo.bound) >= BOUND_ORDER.indexOf(rto.bound) ? rpo.bound : rto.bound;
  return {
    target: { rpoSeconds: m.target.rpoSeconds, rtoSeconds: m.target.rtoSeconds },
    achieved: {
      rpoSeconds: rpo.seconds,
      rtoSeconds: rto.seconds,
      bound,
      rpoBound: rpo.bound,
      rtoBound: rto.bound,
      ...(rpo.atLeast !== undefined ? { rpoAtLeastSeconds: rpo.atLeast } : {}),
      ...(rto.atLeast !== undefined ? { rtoAtLeastSeconds: rto.atLeast } : {}),
      ...(rpo.note ? { rpoNote: rpo.note } : {}),
      ...(rto.note ? { rtoNote: rto.note } : {}),
      ...(rpo.limitedBy ? { rpoLimitedBy: rpo.limitedBy } : {}),
      ...(rto.limitedBy ? { rtoLimitedBy: rto.limitedBy } : {}),
      mechanisms: [...m.mechanisms].sort((a, b) => a.id.localeCompare(b.id)).map((x) => ({ id: x.id, facts: [...x.facts].sort() })),
    },
    rpoStatus: m.rpoStatus,
    rtoStatus: m.rtoStatus,
    status: m.status,
    ...(m.acceptance ? { acceptance: m.acceptance } : {}),
  };
}

export interface PostureInput {
  readonly catalog: Catalog;
  /** Assessment per asset id and per service id (services already bounded by their dependencies). */
  readonly assessments: ReadonlyMap<string, Assessment>;
}

export function buildPosture({ catalog, assessments }: PostureInput): Posture {
  const entries: PostureEntry[] = [];
  const add = (id: string, kind: string, tier: string, dependsOn: readonly string[]) => {
    const a = assessments.get(id);
    if (!a) return;
    const modes = Object.fromEntries(MODES.map((m) => [m, postureMode(a[m])])) as Record<Mode, PostureMode>;
    entries.push({ id, kind, tier, dependsOn, modes });
  };
  for (const s of catalog.services) add(s.id, 'service', s.tier, [...new Set([...s.owns, ...s.dependsOn])]);
  for (const a of catalog.assets) add(a.id, a.kind, a.tier, a.rebuildFrom ? [a.rebuildFrom] : []);
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const e of entries) for (const m of MODES) summary[e.modes[m].status] += 1;
  return { version: POSTURE_VERSION, company: catalog.company, profile: catalog.profile, summary, entries };
}

export function postureJson(p: Posture): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
