/**
 * `plan`: the least costly set of mechanisms that makes every mode met; where no set can, the set that comes closest
 * (unverified before gap), and the gap is named. Ties in cost go to the first set in a fixed enumeration order, so
 * the same target always gives the same plan.
 *
 * Per mode and field the requirement is "meet the target" when some remaining candidate can, else "be as good as the
 * best remaining candidate"; tightening a target only narrows a requirement, and property tests check that the plan
 * never gets cheaper when a target tightens and is never weaker than the best set.
 */
import {
  achievedFields,
  assess,
  fieldStatus,
  outcomesOf,
  type Assessment,
  type FieldName,
  type Outcomes,
  type Target,
} from './assess';
import { compareFields, type Field } from './figure';
import { costOf, type MechanismSpec, type ModelContext } from './mechanisms';
import { kindModule, type AssetKind, type PlanPolicy } from './kinds';
import { clearOfContinuous } from './kinds/kind';
import { MODES, type Mode } from './types';

export interface PlanRequest {
  readonly target: Target;
  readonly kind: AssetKind | 'service';
  readonly policy: PlanPolicy;
  readonly ctx: ModelContext;
}

export interface Shortfall {
  readonly mode: Mode;
  readonly field: 'rpo' | 'rto';
  /** `gap` when nothing reaches the target, `unverified` when the best figure is not published. */
  readonly status: 'gap' | 'unverified';
  readonly reason: string;
}

export interface Plan {
  readonly id: string;
  readonly kind: AssetKind | 'service';
  readonly mechanisms: readonly MechanismSpec[];
  readonly cost: number;
  readonly assessment: Assessment;
  /** What even the best set cannot meet: the named gaps and the unverified figures. */
  readonly shortfalls: readonly Shortfall[];
}

const FIELDS = ['rpo', 'rto'] as const;

function* product(groups: readonly (readonly (readonly MechanismSpec[])[])[]): Generator<MechanismSpec[]> {
  if (groups.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = groups;
  for (const option of first!) for (const tail of product(rest)) yield [...option, ...tail];
}

/** Policy constraints that are not about a target: required mechanisms, immutable copies, retention. */
export function satisfiesPolicy(set: readonly MechanismSpec[], req: PlanRequest): boolean {
  if (!req.policy.requires.every((id) => set.some((m) => m.id === id))) return false;
  if (set.some((m) => req.policy.excludes?.includes(m.id))) return false;
  const resourceType = kindModule(req.kind).backupResourceType;
  if (resourceType === null) return true;
  const vaulted = set.filter(
    (m): m is Extract<MechanismSpec, { id: 'backup-snapshot' | 'backup-continuous' }> =>
      m.id === 'backup-snapshot' || m.id === 'backup-continuous',
  );
  if (req.policy.immutableBackups && !vaulted.some((m) => m.vaultLock !== null)) return false;
  if (req.policy.offsiteCopy && !set.some((m) => m.id === 'backup-copy' && m.vaultLock !== null)) return false;
  const longest = Math.max(
    0,
    ...vaulted.map((m) => m.retentionDays),
    ...set.map((m) => (m.id === 'rds-automated-backups' ? m.retentionDays : 0)),
  );
  return longest >= req.policy.retentionDays || (resourceType !== 'RDS' && vaulted.length === 0);
}

/**
 * Whether AWS Backup runs every copy of the set as planned: a copy follows a snapshot rule, and a snapshot rule kept no
 * longer than the continuous rule of its plan, with a run inside that rule's start window, may be passed over for it
 * (BKP-26) — and its copy with it. Such a set is not offered.
 */
export function copiesRun(set: readonly MechanismSpec[], window: PlanPolicy['backupWindow']): boolean {
  const continuous = set.find((m) => m.id === 'backup-continuous');
  if (!continuous) return true;
  return set.every(
    (m) =>
      m.id !== 'backup-snapshot' ||
      m.retentionDays > continuous.retentionDays ||
      !set.some((c) => c.id === 'backup-copy' && c.ruleIntervalSeconds === m.intervalSeconds) ||
      clearOfContinuous(m.intervalSeconds, window),
  );
}

/**
 * A field the planner counts as meeting its target: `met`, or `expected` (a typical figure). Where only typical figures
 * exist (RDS-9's failover, RDS-2's log upload), preferring a costlier set for a stronger bound would churn resources
 * for no figure the sources publish; the posture still says `expected`.
 */
const meets = (field: Field, target: number | null) => ['met', 'expected', 'n/a'].includes(fieldStatus(field, target));
const fieldOf = (a: Assessment, mode: Mode, f: 'rpo' | 'rto'): Field => a[mode][f];
const targetOf = (t: Target, mode: Mode, f: 'rpo' | 'rto') =>
  f === 'rpo' ? t.modes[mode].rpoSeconds : t.modes[mode].rtoSeconds;

/** Choices remembered across requests that differ only in id and acceptances: a large catalog repeats its targets. */
export type PlanMemo = Map<string, { readonly set: readonly MechanismSpec[]; readonly cost: number }>;

export function plan(req: PlanRequest, memo?: PlanMemo): Plan {
  const key = memo ? JSON.stringify([req.kind, req.target.modes, req.policy, req.ctx]) : '';
  const chosen = memo?.get(key) ?? choose(req);
  memo?.set(key, chosen);
  return planOf(req, chosen.set, chosen.cost);
}

/**
 * A plan with mechanisms the catalog adds after choosing (a Region switch plan's step, which is one per catalog, not a
 * choice per entry): the same set plus `extra`, assessed again.
 */
export function extendPlan(req: PlanRequest, base: Plan, extra: readonly MechanismSpec[]): Plan {
  if (extra.length === 0) return base;
  return planOf(req, [...base.mechanisms, ...extra], base.cost + extra.reduce((c, m) => c + costOf(m), 0));
}

/** A plan with a set the catalog adjusts after choosing (a secret read in place by a pilot light), assessed again. */
export function replanWith(req: PlanRequest, set: readonly MechanismSpec[]): Plan {
  return planOf(
    req,
    set,
    set.reduce((c, m) => c + costOf(m), 0),
  );
}

function planOf(req: PlanRequest, set: readonly MechanismSpec[], cost: number): Plan {
  const chosen = { set, cost };
  const assessment = assess(req.target, chosen.set, req.ctx);
  const shortfalls: Shortfall[] = [];
  for (const mode of MODES) {
    for (const f of FIELDS) {
      const status = fieldStatus(fieldOf(assessment, mode, f), targetOf(req.target, mode, f));
      if (status === 'gap' || status === 'unverified') {
        const field = fieldOf(assessment, mode, f);
        const reason =
          field.kind === 'figure'
            ? (field.figure.note ?? 'no published figure')
            : field.kind === 'none'
              ? field.reason
              : '';
        shortfalls.push({ mode, field: f, status, reason });
      }
    }
  }
  return { id: req.target.id, kind: req.kind, mechanisms: chosen.set, cost: chosen.cost, assessment, shortfalls };
}

function choose(req: PlanRequest): { readonly set: readonly MechanismSpec[]; readonly cost: number } {
  const module = kindModule(req.kind);
  const planningTarget: Target = { ...req.target, acceptances: [] };
  const candidates = [...product(module.groups(req.policy, req.ctx).map((g) => g.options))]
    .filter((set) => satisfiesPolicy(set, req) && copiesRun(set, req.policy.backupWindow))
    .map((set) => new Candidate(set, planningTarget, req.ctx));
  if (candidates.length === 0) {
    throw new Error(
      `${req.target.id}: no ${req.kind} configuration satisfies the tier policy (required: ${req.policy.requires.join(', ') || 'none'})`,
    );
  }

  // Field by field, in a fixed order (per mode, RPO before RTO: lost data does not come back, downtime ends),
  // keep the candidates that meet the target if any still can, else those as good as the best that remain. Fields
  // interact (an automatic failover sets the RPO of its path), so one pass over all fields at once could leave none.
  let feasible = candidates;
  for (const mode of MODES) {
    for (const f of FIELDS) {
      const target = targetOf(req.target, mode, f);
      if (target === null) continue;
      const fields = feasible.map((c) => c.field(mode, f));
      const best = fields.reduce((a, b) => (compareFields(b, a) < 0 ? b : a));
      feasible = meets(best, target)
        ? feasible.filter((_, i) => meets(fields[i]!, target))
        : feasible.filter((_, i) => compareFields(fields[i]!, best) <= 0);
    }
  }
  const cheapest = feasible.reduce((a, b) => (b.cost < a.cost - 1e-9 ? b : a));
  return { set: cheapest.set, cost: cheapest.cost };
}

/**
 * A candidate set with its fields worked out a mode at a time, when the planner first asks: most sets drop out on the
 * first modes, so the later ones are never worked out for them. The fields are those `assess` gives the set.
 */
class Candidate {
  readonly cost: number;
  private readonly outcomes: Outcomes;
  private readonly byMode = new Map<Mode, Readonly<Record<FieldName, Field>>>();

  constructor(
    readonly set: readonly MechanismSpec[],
    private readonly target: Target,
    ctx: ModelContext,
  ) {
    this.cost = set.reduce((c, m) => c + costOf(m), 0);
    this.outcomes = outcomesOf(set, ctx);
  }

  field(mode: Mode, f: FieldName): Field {
    let fields = this.byMode.get(mode);
    if (!fields) {
      fields = achievedFields(this.target, this.outcomes, mode);
      this.byMode.set(mode, fields);
    }
    return fields[f];
  }
}
