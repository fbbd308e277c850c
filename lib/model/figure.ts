/**
 * Building and comparing figures and outcomes. A sum is as weak as its weakest part; an unknown part makes the sum
 * unknown, keeping the known parts as a lower bound.
 */
import { factValue, type FactId } from './facts';
import { BOUNDS, type Bound, type Figure, type ModeOutcomes, type Outcome } from './types';

export function known(
  seconds: number,
  bound: Exclude<Bound, 'unknown'>,
  facts: readonly FactId[],
  note?: string,
): Figure {
  return note === undefined ? { seconds, bound, facts } : { seconds, bound, facts, note };
}

export function unknown(facts: readonly FactId[], note: string, atLeast?: number): Figure {
  return atLeast === undefined || atLeast <= 0
    ? { seconds: null, bound: 'unknown', facts, note }
    : { seconds: null, bound: 'unknown', facts, note, atLeast };
}

/**
 * A figure that rests on a schedule: it allows one missed run (the run after it succeeds), and keeps what it would be
 * if every run succeeded as `singleRun`, for alarms and audits that should fire after the first miss.
 */
export function scheduled(figure: Figure, singleRun: number, singleRunNote: string): Figure {
  return { ...figure, singleRun, singleRunNote };
}

/**
 * What a live check holds the account to: the figure when every scheduled run succeeds (alarms, audits and Backup Audit
 * Manager controls fire after the first missed run), else the figure. Null for an unknown figure.
 */
export function singleRunSeconds(f: Figure): number | null {
  return f.seconds === null ? null : (f.singleRun ?? f.seconds);
}

/** An unknown recovery time on a path that needs no person: a failover or a rescheduled pod. */
export function automatic(figure: Figure): Figure {
  return { ...figure, automatic: true };
}

/** A figure read straight off the facts table. */
export function fromFact(
  id: FactId,
  bound: Exclude<Bound, 'unknown'>,
  extraFacts: readonly FactId[] = [],
  note?: string,
): Figure {
  return known(factValue(id), bound, [id, ...extraFacts], note);
}

/** The weaker of two bounds: worst < sla < measured < typical < unknown. */
export function weakerBound(a: Bound, b: Bound): Bound {
  return BOUNDS.indexOf(a) >= BOUNDS.indexOf(b) ? a : b;
}

/** Sum of figures: unknown if any part is unknown (known parts become `atLeast`), else the weakest bound. */
export function sum(parts: readonly Figure[], note?: string): Figure {
  const facts = unique(parts.flatMap((p) => p.facts));
  const knownTotal = parts.reduce((t, p) => t + (p.seconds ?? p.atLeast ?? 0), 0);
  const notes =
    note ??
    parts
      .map((p) => p.note)
      .filter((n): n is string => !!n)
      .join('; ');
  // A part without a single-run figure is the same either way: the sum keeps one only if some part has one.
  const singleRun = parts.some((p) => p.singleRun !== undefined)
    ? { singleRun: parts.reduce((t, p) => t + (p.singleRun ?? p.seconds ?? p.atLeast ?? 0), 0) }
    : {};
  if (parts.some((p) => p.seconds === null)) {
    const sumUnknown = { ...unknown(facts, notes, knownTotal), ...singleRun };
    return parts.every((p) => p.seconds !== null || p.automatic) ? automatic(sumUnknown) : sumUnknown;
  }
  const bound = parts.reduce<Bound>((b, p) => weakerBound(b, p.bound), 'worst');
  return { seconds: knownTotal, bound, facts, ...(notes ? { note: notes } : {}), ...singleRun };
}

/**
 * Orders figures best first: known values by seconds (then by the stronger bound), then unknown ones (a higher lower
 * bound is worse). Used both to pick the best recovery path and to find the weakest link.
 */
export function compareFigures(a: Figure, b: Figure): number {
  if (a.seconds !== null && b.seconds !== null) {
    return a.seconds - b.seconds || BOUNDS.indexOf(a.bound) - BOUNDS.indexOf(b.bound);
  }
  if (a.seconds !== null) return -1;
  if (b.seconds !== null) return 1;
  return Number(!a.automatic) - Number(!b.automatic) || (a.atLeast ?? 0) - (b.atLeast ?? 0);
}

/** One field of an outcome: a figure, no protection, or not applicable. */
export type Field = Outcome['rpo'];

/** Rank of a field for ordering: figures first, then none, then n/a (callers decide what n/a means). */
export function compareFields(a: Field, b: Field): number {
  if (a.kind === 'figure' && b.kind === 'figure') return compareFigures(a.figure, b.figure);
  const rank = (f: Field): number => (f.kind === 'figure' ? 0 : f.kind === 'none' ? 1 : 2);
  return rank(a) - rank(b);
}

// ---- Outcome builders, so mechanism modules read as tables ----

export function figure(f: Figure): Field {
  return { kind: 'figure', figure: f };
}

export function noneField(reason: string, facts: readonly FactId[]): Field {
  return { kind: 'none', reason, facts };
}

export function naField(reason: string, facts: readonly FactId[]): Field {
  return { kind: 'n/a', reason, facts };
}

/** Recovers both data and service. `rpo` null: the mechanism keeps no data (stateless). */
export function protects(rpo: Figure | null, rto: Figure): Outcome {
  return { rpo: rpo === null ? naField('keeps no data', []) : figure(rpo), rto: figure(rto) };
}

/** Keeps the data safe but cannot bring the service back by itself. */
export function dataOnly(rpo: Figure, reason: string, facts: readonly FactId[]): Outcome {
  return { rpo: figure(rpo), rto: noneField(reason, facts) };
}

export function none(reason: string, facts: readonly FactId[]): Outcome {
  return { rpo: noneField(reason, facts), rto: noneField(reason, facts) };
}

export function notApplicable(reason: string, facts: readonly FactId[]): Outcome {
  return { rpo: naField(reason, facts), rto: naField(reason, facts) };
}

/** The same outcome for every mode. */
export function everyMode(outcome: Outcome): ModeOutcomes {
  return { instance: outcome, az: outcome, region: outcome, corruption: outcome };
}

export function allNone(reason: string, facts: readonly FactId[]): ModeOutcomes {
  return everyMode(none(reason, facts));
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
