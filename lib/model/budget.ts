/**
 * The SLA budget cross-check (docs/model.md, "SLA budget"): one incident lasting an entry's RTO, per failure mode,
 * against the monthly error budget of the SLA the entry serves. Over half the budget is a warning, over all of it an
 * error the catalog may accept (`accept: [{ mode, slaBudget }]`) like any gap. Pure arithmetic, no facts: the SLA and
 * the RTO are the catalog's, the month is a convention.
 */
import type { AchievedField } from './assess';
import { PROVING_BOUNDS, type Acceptance } from './types';

/** The month error budgets are counted in: 30.4375 days (365.25 / 12), so 99.9 % leaves 43.8 minutes. */
export const BUDGET_MONTH_SECONDS = 30.4375 * 86400;

/** Seconds of downtime a month the SLA allows, to a tenth of a second (99.95 % → 1314.9 s, 21.9 min). */
export function errorBudgetSeconds(slaPercent: number): number {
  return Math.round(BUDGET_MONTH_SECONDS * (100 - slaPercent) * 0.1) / 10;
}

/** `over-half`: one incident uses more than half the month's budget; `over`: more than all of it. */
export type BudgetStatus = 'within' | 'over-half' | 'over' | 'accepted';

export interface BudgetCheck {
  readonly slaPercent: number;
  readonly budgetSeconds: number;
  /** The length of the one incident: the RTO. */
  readonly incidentSeconds: number;
  /**
   * `target`: the catalog's RTO; `achieved`: a proven (worst, SLA or measured) achieved RTO under the target;
   * `unaffected`: the failure cannot touch the entry (its RTO is n/a), so there is no incident.
   */
  readonly basis: 'target' | 'achieved' | 'unaffected';
  /** incident / budget, to three decimals. */
  readonly share: number;
  readonly status: BudgetStatus;
  /** The acceptance that turned `over` (or `over-half`) into `accepted`. */
  readonly acceptance?: Acceptance;
}

/** Whether an acceptance's `slaBudget` ceiling covers an incident of this length. */
export function coversBudget(a: Acceptance, incidentSeconds: number): boolean {
  const c = a.slaBudgetSeconds;
  return c !== undefined && (c === 'unbounded' || incidentSeconds <= c);
}

/**
 * One mode of one entry. The incident lasts the target RTO, unless the artifacts prove a shorter one (a worst, SLA or
 * measured achieved RTO): a mechanism can answer the finding, a typical or unknown figure cannot.
 */
export function judgeBudget(
  targetRtoSeconds: number,
  achieved: AchievedField,
  slaPercent: number,
  acceptances: readonly Acceptance[],
): BudgetCheck {
  const proven =
    achieved.kind === 'figure' &&
    achieved.figure.seconds !== null &&
    PROVING_BOUNDS.includes(achieved.figure.bound) &&
    achieved.figure.seconds < targetRtoSeconds
      ? achieved.figure.seconds
      : undefined;
  const budgetSeconds = errorBudgetSeconds(slaPercent);
  if (achieved.kind === 'n/a') {
    return { slaPercent, budgetSeconds, incidentSeconds: 0, basis: 'unaffected', share: 0, status: 'within' };
  }
  const incidentSeconds = proven ?? targetRtoSeconds;
  const ratio = budgetSeconds === 0 ? Number.POSITIVE_INFINITY : incidentSeconds / budgetSeconds;
  const raw: BudgetStatus = ratio > 1 ? 'over' : ratio > 0.5 ? 'over-half' : 'within';
  const acceptance = raw === 'within' ? undefined : acceptances.find((a) => coversBudget(a, incidentSeconds));
  return {
    slaPercent,
    budgetSeconds,
    incidentSeconds,
    basis: proven === undefined ? 'target' : 'achieved',
    share: Number.isFinite(ratio) ? Math.round(ratio * 1000) / 1000 : 999,
    status: acceptance ? 'accepted' : raw,
    ...(acceptance ? { acceptance } : {}),
  };
}
