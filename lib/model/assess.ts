/**
 * `assess`: what a set of mechanisms achieves per failure mode, and how that compares with a target. The planner
 * runs it on candidate sets; the checker runs it on the mechanisms it reads off the synthesized artifacts.
 *
 * Each field (RPO, RTO) is judged on its own, with its own bound: `met` needs a worst, SLA or measured figure; a
 * typical one is `expected`. A service is judged field by field against every part that bounds it — its own figure and
 * each dependency's figure, all against the service's target — so a known gap in any part is never hidden by an
 * unknown elsewhere.
 */
import type { FactId } from './facts';
import { automatic, compareFields, known, unique, type Field } from './figure';
import { achieve, type MechanismId, type MechanismSpec, type ModelContext } from './mechanisms';
import {
  MODES,
  PROVING_BOUNDS,
  STATUSES,
  type Acceptance,
  type Evidence,
  type Figure,
  type Mode,
  type ModeOutcomes,
  type ModeTarget,
  type RecoveryOverhead,
  type Status,
} from './types';

/** What a target is about: an asset or a service, with its per-mode target and its dated acceptances. */
export interface Target {
  readonly id: string;
  readonly modes: Readonly<Record<Mode, ModeTarget>>;
  readonly acceptances: readonly Acceptance[];
  /** The tier's declared recovery overhead; absent: not declared, so Region and corruption RTOs stay unknown. */
  readonly recovery?: RecoveryOverhead;
}

/** One field of an achieved result, with what produced it. */
export type AchievedField = Field & {
  /** The mechanism that gives the best figure (or, for a service, the limiting part's). */
  readonly mechanism?: MechanismId;
  /**
   * For a service with dependencies: the parts whose figure gives the field its status — the service's own id when its
   * own figure is one of them, and each such dependency (empty when the field is met or n/a).
   */
  readonly limitedBy?: readonly string[];
  /** The measurement that replaced the model's figure, when one did. */
  readonly evidence?: Pick<Evidence, 'date' | 'source' | 'validUntil'>;
};

export type FieldName = 'rpo' | 'rto';

/** An acceptance that turned a shortfall into `accepted`, with the fields it covered and where it is written. */
export type UsedAcceptance = Acceptance & {
  readonly fields: readonly FieldName[];
  /** The dependency whose entry carries it, when it is not the entry's own. */
  readonly inheritedFrom?: string;
};

export interface ModeAssessment {
  readonly target: ModeTarget;
  readonly rpo: AchievedField;
  readonly rto: AchievedField;
  /** Every mechanism that contributes to this mode, with the facts its figures rest on. */
  readonly mechanisms: readonly { readonly id: MechanismId; readonly facts: readonly FactId[] }[];
  readonly rpoStatus: Status;
  readonly rtoStatus: Status;
  readonly status: Status;
  /** The acceptances that turned a shortfall into `accepted` (the entry's own, or a dependency's for its part). */
  readonly acceptances: readonly UsedAcceptance[];
  /** An acceptance for this mode that nothing needed (the mode is met without it): worth removing. */
  readonly unusedAcceptance?: Acceptance;
}

export type Assessment = Readonly<Record<Mode, ModeAssessment>>;

export function worseStatus(a: Status, b: Status): Status {
  return STATUSES.indexOf(a) >= STATUSES.indexOf(b) ? a : b;
}

const SHORTFALL: ReadonlySet<Status> = new Set(['gap', 'unverified']);

/**
 * The best field among the mechanisms' outcomes: the best figure; else `n/a` when some mechanism says the failure
 * cannot touch the asset (or it keeps no data); else no protection, with every mechanism's reason.
 */
function bestField(fields: readonly (readonly [MechanismId, Field])[]): AchievedField {
  // The first of the best figures, as a stable sort would put it.
  const best = fields.reduce<(typeof fields)[number] | undefined>(
    (a, b) => (b[1].kind === 'figure' && (a === undefined || compareFields(b[1], a[1]) < 0) ? b : a),
    undefined,
  );
  if (best) return { ...best[1], mechanism: best[0] };
  const na = fields.find(([, f]) => f.kind === 'n/a');
  if (na) return na[1];
  if (fields.length === 0) return { kind: 'none', reason: 'no mechanism protects this asset', facts: [] };
  const reasons = unique(fields.map(([m, f]) => (f.kind === 'none' ? `${m}: ${f.reason}` : '')).filter(Boolean));
  return { kind: 'none', reason: reasons.join('; '), facts: unique(fields.flatMap(([, f]) => factsOf(f))) };
}

/**
 * Recorded measurements within their validity replace any figure that is not a hard bound; the worst measurement
 * counts, and never less than a proven lower bound of the model's figure (a sample cannot beat the schedule).
 */
function withEvidence(field: AchievedField, measured: readonly Evidence[]): AchievedField {
  if (field.kind !== 'figure' || field.figure.bound === 'worst' || measured.length === 0) return field;
  const worst = [...measured].sort((a, b) => b.seconds - a.seconds)[0]!;
  const seconds = Math.max(worst.seconds, field.figure.atLeast ?? 0);
  const figure = known(seconds, 'measured', field.figure.facts, `measured ${worst.date} (${worst.source})`);
  return {
    ...field,
    // A measured failover stays automatic: no one decides or repoints, so no declared overhead is added to it.
    figure: field.figure.automatic ? automatic(figure) : figure,
    evidence: { date: worst.date, source: worst.source, ...(worst.validUntil ? { validUntil: worst.validUntil } : {}) },
  };
}

/** Adds declared time to a figure: to its seconds, or to the lower bound of an unknown one. The bound is unchanged. */
function plus(field: AchievedField, seconds: number, note: string): AchievedField {
  if (field.kind !== 'figure' || seconds === 0) return field;
  const f: Figure = field.figure;
  const overhead = (f.overhead ?? 0) + seconds;
  const notes = [f.note, note].filter(Boolean).join('; ');
  const figure: Figure =
    f.seconds === null
      ? { ...f, atLeast: (f.atLeast ?? 0) + seconds, note: notes, overhead }
      : {
          ...f,
          seconds: f.seconds + seconds,
          note: notes,
          overhead,
          ...(f.singleRun !== undefined ? { singleRun: f.singleRun + seconds } : {}),
        };
  return { ...field, figure };
}

/**
 * Without a declared overhead a manual recovery's time (or, for corruption, the data written until it was noticed)
 * cannot be known: unknown, with the mechanism's part as what it is at least.
 */
function undeclared(
  field: AchievedField,
  what = 'plus detection, decision and repointing: no recovery overhead declared for the tier',
): AchievedField {
  if (field.kind !== 'figure') return field;
  const f = field.figure;
  const note = [f.note, what].filter(Boolean).join('; ');
  return {
    ...field,
    figure: { seconds: null, bound: 'unknown', facts: f.facts, note, atLeast: f.seconds ?? f.atLeast ?? 0 },
  };
}

const human = (s: number) => (s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`);

/**
 * The declared recovery overhead (policy.recovery), added once: to Region and corruption RTOs, to a measured RTO of a
 * manual recovery in any mode (a restore job's time is not the outage), and — as the time corruption goes unnoticed —
 * to corruption RPOs. An automatic recovery (a failover, a rescheduled pod) needs no one to decide: instance and zone
 * figures keep their own.
 */
function withOverhead(mode: Mode, field: FieldName, value: AchievedField, overhead?: RecoveryOverhead): AchievedField {
  if (value.kind !== 'figure') return value;
  if (field === 'rpo') {
    // A restore to the moment before the corruption also loses what was written until someone noticed.
    if (mode !== 'corruption') return value;
    if (!overhead) return undeclared(value, 'plus the time corruption goes unnoticed: not declared for the tier');
    const { unnoticedSeconds: unnoticed, noticedBy } = overhead.corruption;
    const how = noticedBy ? ` (noticed by: ${noticedBy})` : '';
    return plus(value, unnoticed, `plus ${human(unnoticed)} declared until corruption is noticed${how}`);
  }
  const manualMeasured = value.figure.bound === 'measured' && !value.figure.automatic;
  if (mode !== 'region' && mode !== 'corruption' && !manualMeasured) return value;
  if (!overhead) return undeclared(value);
  const o = mode === 'region' || mode === 'corruption' ? overhead[mode] : overhead.outage;
  const total = o.detectSeconds + o.decideSeconds + o.repointSeconds;
  return plus(
    value,
    total,
    `plus ${human(total)} declared (detect ${human(o.detectSeconds)}, decide ${human(o.decideSeconds)}, repoint ${human(o.repointSeconds)})`,
  );
}

/** Status of one field against its target, before acceptances. */
export function fieldStatus(field: Field, target: number | null): Status {
  if (target === null || field.kind === 'n/a') return 'n/a';
  if (field.kind === 'none') return 'gap';
  const { seconds, atLeast, bound } = field.figure;
  if (seconds === null) return (atLeast ?? 0) > target ? 'gap' : 'unverified';
  if (seconds > target) return 'gap';
  return PROVING_BOUNDS.includes(bound) ? 'met' : 'expected';
}

/** Whether an acceptance's ceiling for one field covers what was achieved. */
export function covers(ceiling: number | 'unbounded' | undefined, field: Field): boolean {
  if (ceiling === undefined) return false;
  if (ceiling === 'unbounded') return true;
  if (field.kind !== 'figure') return false;
  // An unknown figure cannot be shown to sit under a numeric ceiling: it stays unverified.
  return field.figure.seconds !== null && field.figure.seconds <= ceiling;
}

const ceilingOf = (a: Acceptance, field: FieldName) => (field === 'rpo' ? a.rpoSeconds : a.rtoSeconds);

/** One part of a field's judgement: the entry's own figure, or a dependency's against the entry's target. */
interface Part {
  /** The dependency's id, or the service's own for its own figure (undefined for an asset's single part). */
  readonly id?: string;
  /** The entry's own figure, not a dependency's. */
  readonly own?: boolean;
  readonly field: AchievedField;
  /** Acceptances written on the dependency for this mode (they cover its part when their ceiling covers its figure). */
  readonly ownAcceptances: readonly Acceptance[];
}

interface JudgedField {
  readonly field: AchievedField;
  readonly status: Status;
  readonly acceptances: readonly UsedAcceptance[];
  readonly accepted: ReadonlySet<Acceptance>;
}

/**
 * A field judged over its parts: each part against the target, a shortfall covered by the entry's own acceptance or,
 * for a dependency's part, by that dependency's acceptance, when the ceiling covers the part's figure. The field's
 * status is the worst part's; its figure is that part's (the weakest figure among equals).
 */
function judgeField(
  target: number | null,
  name: FieldName,
  parts: readonly Part[],
  own: readonly Acceptance[],
): JudgedField {
  const used: UsedAcceptance[] = [];
  const accepted = new Set<Acceptance>();
  const judged = parts.map((p) => {
    let status = fieldStatus(p.field, target);
    if (SHORTFALL.has(status)) {
      const mine = own.find((a) => covers(ceilingOf(a, name), p.field));
      const theirs =
        p.id === undefined || p.own ? undefined : p.ownAcceptances.find((a) => covers(ceilingOf(a, name), p.field));
      const by = mine ?? theirs;
      if (by) {
        status = 'accepted';
        accepted.add(by);
        const inheritedFrom = mine ? undefined : p.id;
        if (!used.some((u) => u.reason === by.reason && u.inheritedFrom === inheritedFrom)) {
          used.push({ ...by, fields: [name], ...(inheritedFrom ? { inheritedFrom } : {}) });
        }
      }
    }
    return { part: p, status };
  });
  const applicable = judged.filter((j) => j.status !== 'n/a');
  if (applicable.length === 0) return { field: judged[0]!.part.field, status: 'n/a', acceptances: used, accepted };
  const status = applicable.map((j) => j.status).reduce(worseStatus);
  const worst = applicable.filter((j) => j.status === status);
  const shown = worst.sort((a, b) => compareFields(b.part.field, a.part.field))[0]!.part.field;
  // The parts that give the field its status: a service's own id when its own figure is among them, and dependencies.
  const limitedBy = worst.flatMap((j) => (j.part.id === undefined ? [] : [j.part.id]));
  const field: AchievedField =
    parts.length > 1 ? { ...shown, limitedBy: status === 'met' || status === 'n/a' ? [] : limitedBy } : shown;
  return { field, status, acceptances: used, accepted };
}

function judgeMode(
  target: ModeTarget,
  rpoParts: readonly Part[],
  rtoParts: readonly Part[],
  acceptances: readonly Acceptance[],
): Pick<ModeAssessment, 'rpo' | 'rto' | 'rpoStatus' | 'rtoStatus' | 'status' | 'acceptances' | 'unusedAcceptance'> {
  const rpo = judgeField(target.rpoSeconds, 'rpo', rpoParts, acceptances);
  const rto = judgeField(target.rtoSeconds, 'rto', rtoParts, acceptances);
  // One acceptance covering both fields is listed once, with both.
  const merged: UsedAcceptance[] = [];
  for (const a of [...rpo.acceptances, ...rto.acceptances]) {
    const same = merged.findIndex((m) => m.reason === a.reason && m.inheritedFrom === a.inheritedFrom);
    if (same < 0) merged.push(a);
    else merged[same] = { ...merged[same]!, fields: unique([...merged[same]!.fields, ...a.fields]) };
  }
  // An acceptance of the SLA budget alone (no field ceiling) is judged by the budget check, not here.
  const unused = acceptances.find(
    (a) => (a.rpoSeconds !== undefined || a.rtoSeconds !== undefined) && !rpo.accepted.has(a) && !rto.accepted.has(a),
  );
  return {
    rpo: rpo.field,
    rto: rto.field,
    rpoStatus: rpo.status,
    rtoStatus: rto.status,
    status: worseStatus(rpo.status, rto.status),
    acceptances: merged,
    // Nothing needed it: worth removing (an acceptance of the entry that no part of this mode used).
    ...(unused && merged.filter((m) => !m.inheritedFrom).length === 0 ? { unusedAcceptance: unused } : {}),
  };
}

export interface AssessOptions {
  readonly evidence?: readonly Evidence[];
}

/** What each mechanism of a set achieves in every mode (a mechanism's outcome may depend on the rest of the set). */
export type Outcomes = readonly (readonly [MechanismId, ModeOutcomes])[];

export function outcomesOf(mechanisms: readonly MechanismSpec[], ctx: ModelContext): Outcomes {
  return mechanisms.map((m) => [m.id, achieve(m, ctx, mechanisms)] as const);
}

/**
 * A mode's two fields before any judgement: the best recovery path's figures, replaced by valid measurements, plus the
 * tier's declared overhead. The planner compares candidate sets on these alone.
 */
export function achievedFields(
  target: Target,
  outcomes: Outcomes,
  mode: Mode,
  evidence: readonly Evidence[] = [],
): Readonly<Record<FieldName, AchievedField>> {
  const finish = (name: FieldName, best: AchievedField) =>
    withOverhead(
      mode,
      name,
      withEvidence(
        best,
        evidence.filter((e) => e.asset === target.id && e.mode === mode && e.field === name),
      ),
      target.recovery,
    );
  return {
    rpo: finish('rpo', lossOfTheBestPath(outcomes, mode)),
    rto: finish('rto', bestField(outcomes.map(([id, o]) => [id, o[mode].rto] as const))),
  };
}

/** What `mechanisms` achieve for `target`, per mode. */
export function assess(
  target: Target,
  mechanisms: readonly MechanismSpec[],
  ctx: ModelContext,
  options: AssessOptions = {},
): Assessment {
  const outcomes = outcomesOf(mechanisms, ctx);
  const result = {} as Record<Mode, ModeAssessment>;
  for (const mode of MODES) {
    const { rpo, rto } = achievedFields(target, outcomes, mode, options.evidence);
    const contributing = outcomes.filter(([, o]) => o[mode].rpo.kind === 'figure' || o[mode].rto.kind === 'figure');
    result[mode] = {
      target: target.modes[mode],
      mechanisms: contributing.map(([id, o]) => ({
        id,
        facts: unique([...factsOf(o[mode].rpo), ...factsOf(o[mode].rto)]),
      })),
      ...judgeMode(
        target.modes[mode],
        [{ field: rpo, ownAcceptances: [] }],
        [{ field: rto, ownAcceptances: [] }],
        target.acceptances.filter((a) => a.mode === mode),
      ),
    };
  }
  return result;
}

/**
 * The RPO among the recovery paths: the best bound any path that brings the service back gives (the team can always
 * take the path whose data is newest, so the best proven bound holds even when an automatic failover's loss is
 * unknown). Data kept where nothing brings the service back (an AOF file on a dead node) counts only when no mechanism
 * offers a recovery path that keeps data of its own.
 */
function lossOfTheBestPath(outcomes: Outcomes, mode: Mode): AchievedField {
  // A path that moves no data of its own (a Region switch plan restoring a replicated backup: RPO `none`) brings back
  // what the data mechanisms kept, so it does not shut them out.
  const paths = outcomes.filter(([, o]) => o[mode].rto.kind === 'figure' && o[mode].rpo.kind !== 'none');
  return bestField((paths.length > 0 ? paths : outcomes).map(([id, o]) => [id, o[mode].rpo] as const));
}

function factsOf(field: Field): readonly FactId[] {
  return field.kind === 'figure' ? field.figure.facts : field.facts;
}

/** A dependency of a service: its id, its own assessment, and its own acceptances (they may cover its part). */
export interface Dependency {
  readonly id: string;
  readonly assessment: Assessment;
  readonly acceptances?: readonly Acceptance[];
}

/**
 * A service's effective posture: per mode and field, its own figure and each dependency's, all judged against the
 * service's target; the field is as good as its worst part, and names the dependencies that give it that status. A
 * dependency's part counts only where the dependency has a target for that field (a rebuildable cache's RPO does not
 * bound the service).
 */
export function boundByDependencies(service: Target, own: Assessment, dependencies: readonly Dependency[]): Assessment {
  const result = {} as Record<Mode, ModeAssessment>;
  for (const mode of MODES) {
    const parts = (name: FieldName): Part[] => [
      { id: service.id, own: true, field: own[mode][name], ownAcceptances: [] },
      ...dependencies
        .filter((d) => d.assessment[mode][`${name}Status`] !== 'n/a')
        .map((d) => ({
          id: d.id,
          field: d.assessment[mode][name],
          ownAcceptances: (d.acceptances ?? []).filter((a) => a.mode === mode),
        })),
    ];
    const target = service.modes[mode];
    result[mode] = {
      target,
      mechanisms: mergeMechanisms(
        own[mode],
        dependencies.map((d) => d.assessment[mode]),
      ),
      ...judgeMode(
        target,
        parts('rpo'),
        parts('rto'),
        service.acceptances.filter((a) => a.mode === mode),
      ),
    };
  }
  return result;
}

function mergeMechanisms(own: ModeAssessment, deps: readonly ModeAssessment[]): ModeAssessment['mechanisms'] {
  const byId = new Map<MechanismId, Set<FactId>>();
  for (const m of [own, ...deps].flatMap((a) => a.mechanisms)) {
    const facts = byId.get(m.id) ?? new Set<FactId>();
    m.facts.forEach((f) => facts.add(f));
    byId.set(m.id, facts);
  }
  return [...byId].map(([id, facts]) => ({ id, facts: [...facts].sort() }));
}
