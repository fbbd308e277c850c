/**
 * `assess`: what a set of mechanisms achieves per failure mode, and how that compares with a target. The planner
 * runs it on candidate sets; the checker runs it on the mechanisms it reads off the synthesized artifacts.
 */
import type { FactId } from './facts';
import { compareFields, known, unique, type Field } from './figure';
import { achieve, type MechanismId, type MechanismSpec, type ModelContext } from './mechanisms';
import { MODES, STATUSES, type Acceptance, type Evidence, type Mode, type ModeTarget, type Status } from './types';

/** What a target is about: an asset or a service, with its per-mode target and its dated acceptances. */
export interface Target {
  readonly id: string;
  readonly modes: Readonly<Record<Mode, ModeTarget>>;
  readonly acceptances: readonly Acceptance[];
}

/** One field of an achieved result, with what produced it. */
export type AchievedField = Field & {
  /** The mechanism that gives the best figure (or, for a service, the weakest link's). */
  readonly mechanism?: MechanismId;
  /** For a service: the asset that bounds this field (the weakest link), when it is not the service itself. */
  readonly limitedBy?: string;
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
  /** The acceptance that turned a gap into `accepted`; `inheritedFrom` names the asset it belongs to. */
  readonly acceptance?: Acceptance & { readonly inheritedFrom?: string };
  /** An acceptance for this mode that nothing needed (the mode is met without it): worth removing. */
  readonly unusedAcceptance?: Acceptance;
}

export type Assessment = Readonly<Record<Mode, ModeAssessment>>;

export function worseStatus(a: Status, b: Status): Status {
  return STATUSES.indexOf(a) >= STATUSES.indexOf(b) ? a : b;
}

/**
 * The best field among the mechanisms' outcomes: the best figure; else `n/a` when some mechanism says the failure
 * cannot touch the asset (or it keeps no data); else no protection, with every mechanism's reason.
 */
function bestField(fields: readonly (readonly [MechanismId, Field])[]): AchievedField {
  const figures = fields.filter(([, f]) => f.kind === 'figure').sort((a, b) => compareFields(a[1], b[1]));
  if (figures.length > 0) return { ...figures[0]![1], mechanism: figures[0]![0] };
  const na = fields.find(([, f]) => f.kind === 'n/a');
  if (na) return na[1];
  if (fields.length === 0) return { kind: 'none', reason: 'no mechanism protects this asset', facts: [] };
  const reasons = unique(fields.map(([m, f]) => (f.kind === 'none' ? `${m}: ${f.reason}` : '')).filter(Boolean));
  return { kind: 'none', reason: reasons.join('; '), facts: unique(fields.flatMap(([, f]) => factsOf(f))) };
}

/** Recorded measurements replace an unknown figure; the worst measurement counts. */
function withEvidence(field: AchievedField, measured: readonly Evidence[]): AchievedField {
  if (field.kind !== 'figure' || field.figure.seconds !== null || measured.length === 0) return field;
  const worst = [...measured].sort((a, b) => b.seconds - a.seconds)[0]!;
  return {
    ...field,
    figure: known(worst.seconds, 'typical', field.figure.facts, `measured ${worst.date} (${worst.source})`),
  };
}

/** Status of one field against its target, before acceptances. */
export function fieldStatus(field: Field, target: number | null): Status {
  if (target === null || field.kind === 'n/a') return 'n/a';
  if (field.kind === 'none') return 'gap';
  const { seconds, atLeast } = field.figure;
  if (seconds === null) return (atLeast ?? 0) > target ? 'gap' : 'unverified';
  return seconds <= target ? 'met' : 'gap';
}

/** Whether an acceptance's ceiling for one field covers what was achieved. */
function covers(ceiling: number | 'unbounded' | undefined, field: Field): boolean {
  if (ceiling === undefined) return false;
  if (ceiling === 'unbounded') return true;
  if (field.kind !== 'figure') return false;
  // An unknown figure cannot be shown to sit under a numeric ceiling: it stays unverified.
  return field.figure.seconds !== null && field.figure.seconds <= ceiling;
}

function judge(
  target: ModeTarget,
  rpo: AchievedField,
  rto: AchievedField,
  acceptances: readonly Acceptance[],
): Pick<ModeAssessment, 'rpoStatus' | 'rtoStatus' | 'status' | 'acceptance' | 'unusedAcceptance'> {
  let rpoStatus = fieldStatus(rpo, target.rpoSeconds);
  let rtoStatus = fieldStatus(rto, target.rtoSeconds);
  const shortfall = (s: Status) => s === 'gap' || s === 'unverified';
  let used: Acceptance | undefined;
  for (const a of acceptances) {
    const rpoCovered = shortfall(rpoStatus) && covers(a.rpoSeconds, rpo);
    const rtoCovered = shortfall(rtoStatus) && covers(a.rtoSeconds, rto);
    if (rpoCovered) rpoStatus = 'accepted';
    if (rtoCovered) rtoStatus = 'accepted';
    if (rpoCovered || rtoCovered) used = used ?? a;
  }
  const status = worseStatus(rpoStatus, rtoStatus);
  const unused = used === undefined ? acceptances[0] : undefined; // nothing needed it: worth removing
  return {
    rpoStatus,
    rtoStatus,
    status,
    ...(used ? { acceptance: used } : {}),
    ...(unused ? { unusedAcceptance: unused } : {}),
  };
}

export interface AssessOptions {
  readonly evidence?: readonly Evidence[];
}

/** What `mechanisms` achieve for `target`, per mode. */
export function assess(
  target: Target,
  mechanisms: readonly MechanismSpec[],
  ctx: ModelContext,
  options: AssessOptions = {},
): Assessment {
  const outcomes = mechanisms.map((m) => [m.id, achieve(m, ctx, mechanisms)] as const);
  const result = {} as Record<Mode, ModeAssessment>;
  for (const mode of MODES) {
    const measured = (field: 'rpo' | 'rto') =>
      (options.evidence ?? []).filter((e) => e.asset === target.id && e.mode === mode && e.field === field);
    // Data kept where nothing can bring the service back (an AOF file on a dead node) counts only when no mechanism
    // offers a recovery path: otherwise the loss is what the path that runs loses.
    const paths = outcomes.filter(([, o]) => o[mode].rto.kind === 'figure');
    const rpoSources = paths.length > 0 ? paths : outcomes;
    const rpo = withEvidence(bestField(rpoSources.map(([id, o]) => [id, o[mode].rpo] as const)), measured('rpo'));
    const rto = withEvidence(bestField(outcomes.map(([id, o]) => [id, o[mode].rto] as const)), measured('rto'));
    const contributing = outcomes.filter(([, o]) => o[mode].rpo.kind === 'figure' || o[mode].rto.kind === 'figure');
    result[mode] = {
      target: target.modes[mode],
      rpo,
      rto,
      mechanisms: contributing.map(([id, o]) => ({
        id,
        facts: unique([...factsOf(o[mode].rpo), ...factsOf(o[mode].rto)]),
      })),
      ...judge(
        target.modes[mode],
        rpo,
        rto,
        target.acceptances.filter((a) => a.mode === mode),
      ),
    };
  }
  return result;
}

function factsOf(field: Field): readonly FactId[] {
  return field.kind === 'figure' ? field.figure.facts : field.facts;
}

/** The worse of two achieved fields (the weakest link): no protection is worst; `n/a` never binds. */
function weakerField(a: AchievedField, b: AchievedField): AchievedField {
  if (a.kind === 'n/a') return b;
  if (b.kind === 'n/a') return a;
  return compareFields(a, b) >= 0 ? a : b;
}

/**
 * A service's effective posture: its own mechanisms' results bounded by the assets it depends on. An acceptance on
 * the binding asset carries over when it covers the same shortfall, so one decision is not written down twice.
 */
export function boundByDependencies(
  service: Target,
  own: Assessment,
  dependencies: readonly { readonly id: string; readonly assessment: Assessment }[],
): Assessment {
  const result = {} as Record<Mode, ModeAssessment>;
  for (const mode of MODES) {
    let rpo: AchievedField = own[mode].rpo;
    let rto: AchievedField = own[mode].rto;
    for (const dep of dependencies) {
      const d = dep.assessment[mode];
      // A field the dependency has no target for (a rebuildable cache's RPO) does not bound the service.
      if (d.rpoStatus !== 'n/a') rpo = weakerField(rpo, { ...d.rpo, limitedBy: dep.id });
      if (d.rtoStatus !== 'n/a') rto = weakerField(rto, { ...d.rto, limitedBy: dep.id });
    }
    const target = service.modes[mode];
    const own_ = judge(
      target,
      rpo,
      rto,
      service.acceptances.filter((a) => a.mode === mode),
    );
    const inherited = inheritAcceptance(own_, rpo, rto, mode, dependencies);
    result[mode] = {
      target,
      rpo,
      rto,
      mechanisms: mergeMechanisms(
        own[mode],
        dependencies.map((d) => d.assessment[mode]),
      ),
      ...inherited,
    };
  }
  return result;
}

function inheritAcceptance(
  judged: ReturnType<typeof judge>,
  rpo: AchievedField,
  rto: AchievedField,
  mode: Mode,
  dependencies: readonly { readonly id: string; readonly assessment: Assessment }[],
): ReturnType<typeof judge> {
  let { rpoStatus, rtoStatus, acceptance } = judged;
  const fromDep = (field: AchievedField, key: 'rpoSeconds' | 'rtoSeconds') => {
    const dep = dependencies.find((d) => d.id === field.limitedBy);
    const a = dep?.assessment[mode].acceptance;
    return dep && a && covers(a[key], field) ? { ...a, inheritedFrom: dep.id } : undefined;
  };
  if (rpoStatus === 'gap' || rpoStatus === 'unverified') {
    const a = fromDep(rpo, 'rpoSeconds');
    if (a) [rpoStatus, acceptance] = ['accepted', acceptance ?? a];
  }
  if (rtoStatus === 'gap' || rtoStatus === 'unverified') {
    const a = fromDep(rto, 'rtoSeconds');
    if (a) [rtoStatus, acceptance] = ['accepted', acceptance ?? a];
  }
  const status = worseStatus(rpoStatus, rtoStatus);
  const { unusedAcceptance } = judged;
  return {
    rpoStatus,
    rtoStatus,
    status,
    ...(acceptance ? { acceptance } : {}),
    ...(unusedAcceptance && !acceptance ? { unusedAcceptance } : {}),
  };
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
