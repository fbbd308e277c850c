/**
 * The DR posture as data (`dist/dr-posture.json`, documented in docs/dr-posture.md's header and README): per entry
 * and failure mode, the target, what the artifacts achieve, and the statuses. Deterministic: no timestamps, a fixed
 * order, so the same inputs give the same bytes and a PR diff shows only real changes.
 */
import type { Catalog } from '../catalog';
import {
  MODES,
  type Acceptance,
  type AchievedField,
  type Assessment,
  type FactId,
  type Mode,
  type Status,
} from '../model';

export const POSTURE_VERSION = 1;

/** A figure's bound, `none` (no protection) or `n/a`; for a mode, the weaker of its applicable fields. */
export const REPORT_BOUNDS = ['n/a', 'worst', 'sla', 'typical', 'unknown', 'none'] as const;
export type ReportBound = (typeof REPORT_BOUNDS)[number];

export interface PostureMode {
  readonly target: { readonly rpoSeconds: number | null; readonly rtoSeconds: number | null };
  readonly achieved: {
    /** Null where not applicable, unknown or unprotected (`bound` says which). */
    readonly rpoSeconds: number | null;
    readonly rtoSeconds: number | null;
    readonly bound: ReportBound;
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
  readonly entries: readonly PostureEntry[];
}

function boundOf(field: AchievedField): ReportBound {
  return field.kind === 'figure' ? field.figure.bound : field.kind;
}

function seconds(field: AchievedField, status: Status): number | null {
  return status === 'n/a' || field.kind !== 'figure' ? null : field.figure.seconds;
}

export function modeBound(m: Pick<Assessment[Mode], 'rpo' | 'rto' | 'rpoStatus' | 'rtoStatus'>): ReportBound {
  const applicable = [
    ...(m.rpoStatus === 'n/a' ? [] : [boundOf(m.rpo)]),
    ...(m.rtoStatus === 'n/a' ? [] : [boundOf(m.rto)]),
  ];
  return applicable.reduce<ReportBound>((a, b) => (REPORT_BOUNDS.indexOf(b) > REPORT_BOUNDS.indexOf(a) ? b : a), 'n/a');
}

function acceptanceOf(a: Assessment[Mode]['acceptance']): PostureMode['acceptance'] {
  if (!a) return undefined;
  // A fixed key order, whatever order the catalog wrote them in.
  return {
    mode: a.mode,
    ...(a.rpoSeconds !== undefined ? { rpoSeconds: a.rpoSeconds } : {}),
    ...(a.rtoSeconds !== undefined ? { rtoSeconds: a.rtoSeconds } : {}),
    reason: a.reason,
    owner: a.owner,
    expires: a.expires,
    ...(a.inheritedFrom ? { inheritedFrom: a.inheritedFrom } : {}),
  };
}

function postureMode(m: Assessment[Mode]): PostureMode {
  const acceptance = acceptanceOf(m.acceptance);
  return {
    target: { rpoSeconds: m.target.rpoSeconds, rtoSeconds: m.target.rtoSeconds },
    achieved: {
      rpoSeconds: seconds(m.rpo, m.rpoStatus),
      rtoSeconds: seconds(m.rto, m.rtoStatus),
      bound: modeBound(m),
      mechanisms: [...m.mechanisms]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((x) => ({ id: x.id, facts: [...x.facts].sort() })),
    },
    rpoStatus: m.rpoStatus,
    rtoStatus: m.rtoStatus,
    status: m.status,
    ...(acceptance ? { acceptance } : {}),
  };
}

export interface PostureInput {
  readonly catalog: Catalog;
  /** Assessment per asset id and per service id (services already bounded by their dependencies). */
  readonly assessments: ReadonlyMap<string, Assessment>;
}

/** Services first, then assets, each in catalog order. */
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
  return { version: POSTURE_VERSION, entries };
}

export function postureJson(p: Posture): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
