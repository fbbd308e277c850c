/**
 * The fault-injection experiment templates of the synthesized artifacts, found generically by their tags
 * (`dr:role=experiment`, `dr:mode`, and `dr:asset` or `dr:zone`), whichever construct wrote them: what each does
 * (actions, targets), what stops it (its alarm, and how long that alarm watches), how long it waits.
 */
import { render, type StackArtifact } from '../../checker';
import { TAG } from '../../names';

export const EXPERIMENT_TAG = { role: TAG.role, mode: 'dr:mode', asset: TAG.asset, zone: 'dr:zone' } as const;

export interface ExperimentTarget {
  readonly name: string;
  readonly resourceType: string;
  /** What it selects, in words: ARNs, tags, filters, parameters and the selection mode. */
  readonly selects: string;
  /** The DB instance identifiers of an `aws:rds:db` target given by ARN. */
  readonly databaseIdentifiers: readonly string[];
}

export interface ExperimentStep {
  readonly name: string;
  readonly actionId: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly targets: Readonly<Record<string, string>>;
  readonly startAfter: readonly string[];
}

export interface StopAlarm {
  /** The alarm's name when the synthesized template names it (a literal, or the alarm of the same stack). */
  readonly name?: string;
  /** How long it must see the fault before it fires: period × evaluation periods, when the same stack holds it. */
  readonly windowSeconds?: number;
  /** The condition as the template writes it, when the name is not known. */
  readonly value: string;
  /** The entry it watches: its `dr:asset` tag, when the same stack holds it. */
  readonly asset?: string;
}

export interface SynthesizedExperiment {
  readonly stack: string;
  readonly logicalId: string;
  readonly region: string | null;
  readonly mode: string;
  readonly asset?: string;
  readonly zone?: string;
  /** Every tag of the template: the deployed one carries the same. */
  readonly tags: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly targets: readonly ExperimentTarget[];
  readonly steps: readonly ExperimentStep[];
  readonly stopAlarms: readonly StopAlarm[];
  /**
   * How long its actions run: the longest chain through `startAfter` of each action's `duration` (a wait, a network
   * cut, a volume pause) or `startInstancesAfterDuration` (stopped instances); an action without one counts as instant.
   */
  readonly runSeconds: number;
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function text(v: unknown, stack: StackArtifact, account: string): string {
  const r = render(v, { region: stack.region, account: stack.account ?? account });
  if (r !== null) return r;
  const ref = obj(v);
  if (Array.isArray(ref['Fn::GetAtt'])) return `(${(ref['Fn::GetAtt'] as unknown[]).join('.')} at deploy)`;
  if (typeof ref.Ref === 'string') return `(${ref.Ref} at deploy)`;
  return JSON.stringify(v);
}

function strings(v: unknown, stack: StackArtifact, account: string): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, text(x, stack, account)]));
}

/** When the last action ends, each starting once those it starts after have ended (a cycle counts once). */
function longestChain(steps: readonly ExperimentStep[]): number {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const ends = new Map<string, number>();
  const end = (s: ExperimentStep, seen: ReadonlySet<string>): number => {
    const known = ends.get(s.name);
    if (known !== undefined) return known;
    const own = isoSeconds(s.parameters.duration ?? s.parameters.startInstancesAfterDuration ?? '') ?? 0;
    const after = s.startAfter
      .map((n) => byName.get(n))
      .filter((d): d is ExperimentStep => d !== undefined && !seen.has(d.name))
      .map((d) => end(d, new Set([...seen, s.name])));
    const value = Math.max(0, ...after) + own;
    ends.set(s.name, value);
    return value;
  };
  return Math.max(0, ...steps.map((s) => end(s, new Set())));
}

/** ISO 8601 durations as FIS writes them (PT21M, PT1H30M, PT90S). */
export function isoSeconds(iso: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  if (!m || iso === 'PT') return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function stopAlarm(value: unknown, stack: StackArtifact, account: string): StopAlarm {
  const getAtt = obj(value)['Fn::GetAtt'];
  const logicalId = Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
  const literal = render(value, { region: stack.region, account: stack.account ?? account });
  const byName = literal?.split(':alarm:')[1];
  const alarm = logicalId
    ? stack.resources[logicalId]
    : Object.values(stack.resources).find(
        (r) => r.Type === 'AWS::CloudWatch::Alarm' && byName !== undefined && r.Properties?.AlarmName === byName,
      );
  const props = obj(alarm?.Properties);
  const name = typeof props.AlarmName === 'string' ? props.AlarmName : byName;
  const period = typeof props.Period === 'number' ? props.Period : undefined;
  const periods = typeof props.EvaluationPeriods === 'number' ? props.EvaluationPeriods : undefined;
  const tag = arr(props.Tags)
    .map(obj)
    .find((t) => t.Key === EXPERIMENT_TAG.asset)?.Value;
  return {
    ...(name ? { name } : {}),
    ...(period && periods ? { windowSeconds: period * periods } : {}),
    value: text(value, stack, account),
    ...(typeof tag === 'string' ? { asset: tag } : {}),
  };
}

function selects(t: Record<string, unknown>, stack: StackArtifact, account: string): string {
  const parts: string[] = [];
  const arns = arr(t.ResourceArns).map((a) => text(a, stack, account));
  if (arns.length > 0) parts.push(arns.join(', '));
  const tags = Object.entries(strings(t.ResourceTags, stack, account)).map(([k, v]) => `${k}=${v}`);
  if (tags.length > 0) parts.push(`tagged ${tags.join(', ')}`);
  for (const f of arr(t.Filters).map(obj))
    parts.push(
      `${String(f.Path)} in ${arr(f.Values)
        .map((v) => text(v, stack, account))
        .join(', ')}`,
    );
  const params = Object.entries(strings(t.Parameters, stack, account)).map(([k, v]) => `${k}=${v}`);
  if (params.length > 0) parts.push(params.join(', '));
  parts.push(`selection ${typeof t.SelectionMode === 'string' ? t.SelectionMode : 'ALL'}`);
  return parts.join('; ');
}

/** Every experiment template of the stacks tagged `dr:role=experiment`, in stack and logical-id order. */
export function synthesizedExperiments(stacks: readonly StackArtifact[], account: string): SynthesizedExperiment[] {
  const out: SynthesizedExperiment[] = [];
  for (const stack of stacks) {
    for (const logicalId of Object.keys(stack.resources).sort()) {
      const r = stack.resources[logicalId]!;
      if (r.Type !== 'AWS::FIS::ExperimentTemplate') continue;
      const p = obj(r.Properties);
      const tags = strings(p.Tags, stack, account);
      if (tags[EXPERIMENT_TAG.role] !== 'experiment' || !tags[EXPERIMENT_TAG.mode]) continue;
      const targets = Object.entries(obj(p.Targets)).map(([name, raw]) => {
        const t = obj(raw);
        const resourceType = String(t.ResourceType ?? '');
        const arns = arr(t.ResourceArns).map((a) => text(a, stack, account));
        return {
          name,
          resourceType,
          selects: selects(t, stack, account),
          databaseIdentifiers:
            resourceType === 'aws:rds:db' ? arns.flatMap((a) => a.split(':db:')[1] ?? []).filter(Boolean) : [],
        };
      });
      const steps = Object.entries(obj(p.Actions)).map(([name, raw]) => {
        const a = obj(raw);
        return {
          name,
          actionId: String(a.ActionId ?? ''),
          parameters: strings(a.Parameters, stack, account),
          targets: strings(a.Targets, stack, account),
          startAfter: arr(a.StartAfter).map(String),
        };
      });
      const runSeconds = longestChain(steps);
      out.push({
        stack: stack.name,
        logicalId,
        region: stack.region,
        mode: tags[EXPERIMENT_TAG.mode]!,
        ...(tags[EXPERIMENT_TAG.asset] ? { asset: tags[EXPERIMENT_TAG.asset] } : {}),
        ...(tags[EXPERIMENT_TAG.zone] ? { zone: tags[EXPERIMENT_TAG.zone] } : {}),
        tags,
        ...(typeof p.Description === 'string' ? { description: p.Description } : {}),
        targets,
        steps,
        stopAlarms: arr(p.StopConditions)
          .map(obj)
          .filter((s) => s.Source === 'aws:cloudwatch:alarm')
          .map((s) => stopAlarm(s.Value, stack, account)),
        runSeconds,
      });
    }
  }
  return out;
}
