/**
 * An ARC Region switch plan (ARC-1..18) as the path of one entry out of a Region loss: the steps of the activation
 * workflow into the DR Region that run before and up to the one that brings the entry back. Its bound: sequential
 * steps add, a parallel step takes its longest child (ARC-3); a step with a timeout is bounded by it only if it
 * succeeds (a failed step pauses the run for an operator, ARC-4), so such a bound is `typical`; a step whose work AWS
 * publishes no duration for and that may run for hours (a restore, RDS-21) is `unknown`. The approval step's wait is
 * the tier's declared `decide`, added with the rest of the recovery overhead and counted once (docs/model.md).
 */
import { automatic, figure, known, naField, none, noneField, sum, unique, unknown, weakerBound } from '../figure';
import type { FactId } from '../facts';
import type { Bound, Figure, ModeOutcomes, Outcome } from '../types';
import { findSpec, type MechanismModule, type MechanismSpec, type SpecOf, type SwitchStep } from './spec';

export type { SwitchStep } from './spec';

type Switch = SpecOf<'region-switch'>;

/** The weakest bound of known figures (worst < sla < measured < typical). */
function weakest(figures: readonly Figure[]): Exclude<Bound, 'unknown'> {
  return figures.reduce<Bound>((b, f) => weakerBound(b, f.bound), 'worst') as Exclude<Bound, 'unknown'>;
}

/** 5400 → "1h 30m", 3600 → "1h", 90 → "1m 30s". */
function human(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '0s';
}

/** What one step contributes, on its own. */
export function stepFigure(step: SwitchStep): Figure {
  switch (step.work) {
    case 'approval':
      // Its wait is the tier's `decide`, which the model adds once with the rest of the declared overhead.
      return known(0, 'worst', ['ARC-5'], `${step.name}: a person approves (the tier's declared decide, counted once)`);
    case 'restore':
      return unknown(
        ['RDS-21', 'RDS-15', 'ARC-4'],
        `${step.name}: a restore; RDS publishes no restore time ("can take up to a few hours")`,
      );
    case 'parallel':
      return longest(step);
    default:
      if (step.timeoutSeconds === null)
        return unknown(['ARC-3'], `${step.name}: no timeout, and its bound is not in this template`);
      return known(
        step.timeoutSeconds,
        'typical',
        [
          'ARC-2',
          'ARC-4',
          ...(step.work === 'scale' ? (['ARC-7'] as const) : []),
          ...(step.work === 'promote' ? (['ARC-8'] as const) : []),
        ],
        `${step.name} ≤ ${human(step.timeoutSeconds)} (its timeout, if it succeeds)`,
      );
  }
}

/** A parallel step lasts as long as its longest child (ARC-3): unknown if any child is. */
function longest(step: SwitchStep): Figure {
  const children = (step.steps ?? []).map(stepFigure);
  const facts = unique<FactId>(['ARC-3', ...children.flatMap((c) => c.facts)]);
  if (children.length === 0) return known(0, 'worst', facts, `${step.name}: no steps`);
  const unknowns = children.filter((c) => c.seconds === null);
  if (unknowns.length > 0) {
    return automatic(
      unknown(
        facts,
        `${step.name}: as long as its longest step; ${unknowns.map((u) => u.note).join('; ')}`,
        Math.max(0, ...unknowns.map((u) => u.atLeast ?? 0)),
      ),
    );
  }
  const top = children.reduce((a, b) => (b.seconds! > a.seconds! ? b : a));
  return known(top.seconds!, weakest(children), facts, `${step.name}: as long as its longest step, ${top.note}`);
}

/**
 * An entry's path through the plan: every top-level step before the one that serves it, then the serving step (named
 * with the parallel step that holds it, if any). The posture's bound and `dr audit`'s measurement both follow it.
 */
export function switchRoute(
  steps: readonly SwitchStep[],
  serving: string,
): { readonly step: SwitchStep; readonly parent?: string }[] | undefined {
  for (const [index, s] of steps.entries()) {
    const before = steps.slice(0, index).map((step) => ({ step }));
    if (s.name === serving) return [...before, { step: s }];
    const child = s.steps?.find((c) => c.name === serving);
    if (child) return [...before, { step: child, parent: s.name }];
  }
  return undefined;
}

/**
 * From the start of the run until the serving step is done: every top-level step before it, then the step itself (its
 * own duration, also inside a parallel step). Sequential parts add; unknown if any is; the note names the step that
 * dominates the bound, so a plan slower than a target says why.
 */
export function completion(steps: readonly SwitchStep[], serving: string): Figure | undefined {
  const route = switchRoute(steps, serving);
  if (!route) return undefined;
  const parts = route.map((r) => ({
    s: r.step,
    f: stepFigure(r.step),
    label: r.parent ? `${r.parent} › ${r.step.name}` : r.step.name,
  }));
  const servingStep = route.at(-1)!.step;
  const path = parts.map((p) => p.label).join(' → ');
  const figures = parts.map((p) => p.f);
  const facts = unique<FactId>(['ARC-18', ...figures.flatMap((f) => f.facts)]);
  if (figures.every((f) => f.seconds !== null)) {
    const total = figures.reduce((t, f) => t + f.seconds!, 0);
    const dominant = parts.reduce((a, b) => (b.f.seconds! > a.f.seconds! ? b : a));
    return known(
      total,
      weakest(figures),
      facts,
      `Region switch plan ${path}: ${human(total)} if every step succeeds within its timeout (ARC-4), dominated by ${dominant.s.name} (${human(dominant.f.seconds!)})`,
    );
  }
  // The route ends with the serving step's name: its own note does not repeat it.
  const open = parts
    .filter((p) => p.f.seconds === null)
    .map((p) => (p.s === servingStep ? (p.f.note ?? '').replace(`${servingStep.name}: `, '') : p.f.note));
  return automatic(unknown(facts, `Region switch plan ${path}: ${open.join('; ')}`));
}

/** Route 53 moves clients once the DR target is healthy: checks × interval, then the record's TTL (OTH-8). */
export function trafficFigure(t: NonNullable<Switch['traffic']>): Figure {
  const seconds = t.requestIntervalSeconds * t.failureThreshold + t.ttlSeconds;
  return known(
    seconds,
    'typical',
    ['OTH-5', 'OTH-8', 'R53-1', 'R53-2', 'MECH-27'],
    `Route 53 failover once the DR target is healthy: ${t.failureThreshold} checks × ${t.requestIntervalSeconds} s plus a ${t.ttlSeconds} s TTL`,
  );
}

/** Why the path cannot bring the entry back, or undefined when it can. */
function missing(spec: Switch, set: readonly MechanismSpec[]): { reason: string; facts: FactId[] } | undefined {
  switch (spec.path) {
    case 'redeploy':
      if (spec.clusters === false)
        return {
          reason: "the EKS step does not name two clusters, each with an access entry for the plan's role",
          facts: ['ARC-6'],
        };
      // A service (it has a `traffic` field) runs its own image from its replicated ECR repository and is reached
      // through the entry point's DNS; an internal workload (a cache) needs neither.
      if (spec.traffic === undefined) return undefined;
      if (!findSpec(set, 'ecr-replication'))
        return { reason: 'the images are not replicated to the DR Region', facts: ['OTH-9'] };
      if (spec.traffic === null)
        return {
          reason: 'nothing moves clients to the DR Region: no Route 53 failover records with health checks',
          facts: ['R53-2', 'MECH-27'],
        };
      return undefined;
    case 'restore':
      if (spec.network === false)
        return {
          reason: "nothing to restore into: the restore step's DB subnet group is not in the DR Region",
          facts: ['RDS-42'],
        };
      if (!findSpec(set, 'rds-backup-replication') && !findSpec(set, 'backup-copy'))
        return { reason: 'no copy of the data in the DR Region to restore', facts: ['MECH-4', 'MECH-11'] };
      return undefined;
    case 'promote':
      if (!findSpec(set, 'rds-read-replica'))
        return { reason: 'no read replica in the DR Region to promote', facts: ['MECH-5'] };
      return undefined;
    case 'start': {
      const shipping = findSpec(set, 'redis-rdb-shipping');
      if (!shipping || shipping.replication === null)
        return { reason: 'no snapshot shipped to the DR Region to start from', facts: ['MECH-20'] };
      return undefined;
    }
  }
}

export const regionSwitch: MechanismModule<'region-switch'> = {
  id: 'region-switch',
  title: 'ARC Region switch plan (pilot light in the DR Region)',
  row: 'ARC-1',
  // The plan is one per catalog (a fixed monthly price, ARC-16), not a per-entry choice of the planner.
  cost: () => 0,
  achieve: (spec, _ctx, set): ModeOutcomes => {
    const notAPath = none('a Region switch is the path for a Region loss only', ['ARC-1']);
    const region = (): Outcome => {
      const gap = missing(spec, set);
      if (gap) return none(gap.reason, gap.facts);
      const done = completion(spec.steps, spec.serving);
      if (!done) return none(`the plan has no step ${spec.serving}`, ['ARC-18']);
      const rto = spec.path === 'redeploy' && spec.traffic ? sum([done, trafficFigure(spec.traffic)]) : done;
      // A service keeps no data; for an asset the plan moves none either: the data mechanisms' figures are its RPO.
      return {
        rpo:
          spec.path === 'redeploy'
            ? naField('a workload keeps no data; its state lives in the assets it depends on', ['MECH-24'])
            : noneField('the plan moves no data: the copy it restores or promotes gives the RPO', ['ARC-1']),
        rto: figure(rto.seconds === null ? automatic(rto) : rto),
      };
    };
    return { instance: notAPath, az: notAPath, region: region(), corruption: notAPath };
  },
};
