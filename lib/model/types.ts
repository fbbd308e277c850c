/**
 * The vocabulary of the DR model. Pure types: this folder imports nothing from CDK, cdk8s, the AWS SDK or the
 * filesystem, and nothing from the rest of the project. Everything else imports it.
 */
import type { FactId } from './facts';

/** The failure modes a target is written for. */
export const MODES = ['instance', 'az', 'region', 'corruption'] as const;
export type Mode = (typeof MODES)[number];

/**
 * How a figure is bounded.
 * - `worst`: a hard upper bound that follows from configuration and published behaviour.
 * - `sla`: a contractual bound (a percentile in an AWS SLA).
 * - `typical`: what the source calls typical; it meets a target but is not a guarantee.
 * - `unknown`: no published number; the figure cannot meet a target until evidence is recorded.
 */
export const BOUNDS = ['worst', 'sla', 'typical', 'unknown'] as const;
export type Bound = (typeof BOUNDS)[number];

/** Ordered from best to worst; `status` of a mode is the worse of its RPO and RTO statuses. */
export const STATUSES = ['n/a', 'met', 'accepted', 'unverified', 'gap'] as const;
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

/** Recorded measurement (a drill or a restore test) that turns an unknown figure into a known one. */
export interface Evidence {
  readonly asset: string;
  readonly mode: Mode;
  readonly field: 'rpo' | 'rto';
  readonly seconds: number;
  readonly date: string;
  readonly source: string;
}
