/**
 * The vocabulary of the DR model. Pure types: this folder imports nothing from CDK, cdk8s, the AWS SDK or the
 * filesystem, and nothing from the rest of the project. Everything else imports it.
 */
import type { FactId } from './facts';

/** The failure modes a target is written for. */
export const MODES = ['instance', 'az', 'region', 'corruption'] as const;
export type Mode = (typeof MODES)[number];

/**
 * How a figure is bounded, strongest first.
 * - `worst`: a hard upper bound that follows from configuration and published behaviour.
 * - `sla`: a contractual bound (a percentile in an AWS SLA).
 * - `measured`: a recorded measurement (a drill, a restore test) within its validity; the worst one counts.
 * - `typical`: what the source calls typical; it is no guarantee, so a field it meets is `expected`, not `met`.
 * - `unknown`: no published number; the figure cannot meet a target until evidence is recorded.
 */
export const BOUNDS = ['worst', 'sla', 'measured', 'typical', 'unknown'] as const;
export type Bound = (typeof BOUNDS)[number];

/** Bounds under which a figure at or under its target is `met`; a `typical` one is only `expected`. */
export const PROVING_BOUNDS: readonly Bound[] = ['worst', 'sla', 'measured'];

/**
 * Ordered from best to worst; `status` of a mode is the worse of its RPO and RTO statuses.
 * - `met`: a worst, SLA or measured figure at or under the target.
 * - `expected`: only a typical figure is at or under the target.
 * - `accepted`: a shortfall the catalog accepts with a dated, owned reason.
 * - `unverified`: no published figure, and nothing proves it misses the target.
 * - `gap`: the figure (or its proven lower bound) is over the target, or nothing protects.
 */
export const STATUSES = ['n/a', 'met', 'expected', 'accepted', 'unverified', 'gap'] as const;
export type Status = (typeof STATUSES)[number];

/** A recovery figure in seconds. `seconds` is null exactly when `bound` is `unknown`. */
export interface Figure {
  readonly seconds: number | null;
  readonly bound: Bound;
  /** Row ids of docs/dr-facts.md the figure rests on. */
  readonly facts: readonly FactId[];
  /** For an unknown figure: a proven lower bound (a known part of an unknown sum). */
  readonly atLeast?: number;
  /** Why the figure is what it is, in a sentence a reviewer can check against the facts. */
  readonly note?: string;
  /**
   * For an unknown RTO: recovery happens without a person (a failover, a rescheduled pod). Among unknown figures an
   * automatic path ranks before a manual one (a restore, a promotion, a cutover).
   */
  readonly automatic?: boolean;
  /**
   * For a schedule-based figure: what it is when every scheduled run succeeds (the figure itself allows one missed
   * run). Alarms and audit limits hold the account to this, so they fire after the first missed run. For an unknown
   * figure it is the single-run part of `atLeast`.
   */
  readonly singleRun?: number;
  /** What `singleRun` is, in words: "schedule interval plus completion window". */
  readonly singleRunNote?: string;
  /** Declared recovery time outside any mechanism (detect, decide, repoint) already added to this figure. */
  readonly overhead?: number;
}

/** One field (RPO or RTO) of what a mechanism does for one failure mode. */
export type FieldOutcome =
  /** The mechanism recovers this much (RPO) or this fast (RTO). */
  | { readonly kind: 'figure'; readonly figure: Figure }
  /** No protection for this field; the model falls through to another mechanism. */
  | { readonly kind: 'none'; readonly reason: string; readonly facts: readonly FactId[] }
  /** Not applicable: the failure cannot affect it (a Regional managed service and one zone), or no data is kept. */
  | { readonly kind: 'n/a'; readonly reason: string; readonly facts: readonly FactId[] };

/** What one mechanism does for one failure mode: data (RPO) and service (RTO) separately. */
export interface Outcome {
  readonly rpo: FieldOutcome;
  readonly rto: FieldOutcome;
}

export type ModeOutcomes = Readonly<Record<Mode, Outcome>>;

/** A target per mode, in seconds. `rpoSeconds` null: no data to lose (stateless or rebuildable). */
export interface ModeTarget {
  readonly rpoSeconds: number | null;
  readonly rtoSeconds: number;
}

export interface Acceptance {
  readonly mode: Mode;
  /**
   * Ceilings per field: an achieved figure worse than its ceiling is a gap again. `unbounded` accepts no protection at
   * all for that field. A field without a ceiling is not accepted.
   */
  readonly rpoSeconds?: number | 'unbounded';
  readonly rtoSeconds?: number | 'unbounded';
  readonly reason: string;
  readonly owner: string;
  /** ISO date (YYYY-MM-DD). Judged against today only for findings, never for statuses. */
  readonly expires: string;
}

/** Vault lock modes (BKP-15). */
export type LockMode = 'governance' | 'compliance';

/**
 * What a recovery spends outside any mechanism, as the catalog declares it per tier (`policy.recovery`): noticing
 * the failure, deciding to recover, and repointing clients once the data is back. Added once to Region and corruption
 * RTOs; corruption RPOs add the time corruption goes unnoticed.
 */
export interface RecoveryOverhead {
  /** An outage in one Region (instance, zone): what a manual recovery adds to a measured restore time. */
  readonly outage: { readonly detectSeconds: number; readonly decideSeconds: number; readonly repointSeconds: number };
  readonly region: { readonly detectSeconds: number; readonly decideSeconds: number; readonly repointSeconds: number };
  readonly corruption: {
    readonly detectSeconds: number;
    readonly decideSeconds: number;
    readonly repointSeconds: number;
    /** How long corruption can go unnoticed: what a restore to the moment before it loses on top of its precision. */
    readonly unnoticedSeconds: number;
    /** How it is noticed, in the team's words (shown with the figure). */
    readonly noticedBy?: string;
  };
}

/**
 * A recorded measurement (a drill, a restore test) within its validity. It replaces any figure of its entry, mode and
 * field that is not a `worst` bound, with the bound `measured`.
 */
export interface Evidence {
  readonly asset: string;
  readonly mode: Mode;
  readonly field: 'rpo' | 'rto';
  readonly seconds: number;
  readonly date: string;
  readonly source: string;
  /** The last day it counts (the tier's evidence validity after `date`). */
  readonly validUntil?: string;
}
