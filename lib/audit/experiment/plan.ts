/**
 * `dr drill ENTRY --mode instance|az [--zone Z]`: which synthesized experiment template proves the entry's RTO in that
 * mode, what it does, and what counts as a pass — all from the catalog, the synthesized artifacts and the posture,
 * without credentials. `--yes` then finds the deployed template and runs it (run.ts).
 */
import { humanDuration, type Catalog } from '../../catalog';
import { databaseIdentifier, type NamingContext } from '../../names';
import type { Posture } from '../../posture';
import { AuditInputError } from '../errors';
import { EXPERIMENT_TAG, type StopAlarm, type SynthesizedExperiment } from './templates';

export const EXPERIMENT_MODES = ['instance', 'az'] as const;
export type ExperimentMode = (typeof EXPERIMENT_MODES)[number];

export interface ExperimentRequest {
  readonly entry: string;
  readonly mode: string;
  readonly zone?: string;
}

export interface ExperimentPlan {
  readonly entry: string;
  readonly entryKind: string;
  readonly mode: ExperimentMode;
  readonly zone?: string;
  readonly template: SynthesizedExperiment;
  readonly region: string;
  /** The pass criterion: the entry's RTO in this mode, from the posture. */
  readonly rtoSeconds: number;
  /** The DB instance the experiment fails over, when it targets one (its RDS events measure the recovery). */
  readonly database?: string;
  readonly stopAlarm?: StopAlarm;
  /** The template's stop alarms when none of them watches this entry (they watch other entries). */
  readonly otherAlarms?: readonly string[];
}

/** The RDS event messages of a Multi-AZ DB instance failover (OTH-60; DescribeEvents gives no event id, FIS-26). */
export const FAILOVER_EVENTS = {
  started: { id: 'RDS-EVENT-0013', text: 'Multi-AZ instance failover started' },
  completed: { id: 'RDS-EVENT-0049', text: 'Multi-AZ instance failover completed' },
  standby: { id: 'RDS-EVENT-0015', text: 'Multi-AZ failover to standby complete' },
  abandoned: { id: 'RDS-EVENT-0034', text: 'Abandoning user requested failover' },
} as const;

/**
 * The DB instance whose failover events measure the entry: the entry's own database among the template's `aws:rds:db`
 * targets (an AZ template may fail over several), else the one database of a template tagged with the entry.
 */
export function databaseOf(template: SynthesizedExperiment, entry: string, naming: NamingContext): string | undefined {
  const ids = template.targets.flatMap((t) => t.databaseIdentifiers);
  const own = databaseIdentifier(naming, entry);
  if (ids.includes(own)) return own;
  return template.asset === entry && ids.length === 1 ? ids[0] : undefined;
}

/**
 * The stop condition that watches the entry: the alarm tagged with it (an AZ template may stop on several entries'
 * alarms); else the one alarm of a template tagged with the entry, or the one untagged alarm of a template. Another
 * entry's alarm is never taken for this one's.
 */
export function stopAlarmOf(template: SynthesizedExperiment, entry: string): StopAlarm | undefined {
  const alarms = template.stopAlarms;
  const own = alarms.find((a) => a.asset === entry);
  if (own) return own;
  if (alarms.length !== 1) return undefined;
  return template.asset === entry || alarms[0]!.asset === undefined ? alarms[0] : undefined;
}

/** The entry's stop alarm, or the others' names when none is its own. */
export function alarmsFor(
  template: SynthesizedExperiment,
  entry: string,
): Pick<ExperimentPlan, 'stopAlarm' | 'otherAlarms'> {
  const own = stopAlarmOf(template, entry);
  if (own) return { stopAlarm: own };
  return template.stopAlarms.length > 0 ? { otherAlarms: template.stopAlarms.map((a) => a.name ?? a.value) } : {};
}

/** The tags a deployed template must carry to be this one: the synthesized template's own. */
export function identifyingTags(t: SynthesizedExperiment): Readonly<Record<string, string>> {
  return t.tags;
}

function entryOf(catalog: Catalog, id: string): { readonly id: string; readonly kind: string } {
  const asset = catalog.assets.find((a) => a.id === id);
  if (asset) return { id, kind: asset.kind };
  if (catalog.services.some((s) => s.id === id)) return { id, kind: 'service' };
  const all = [...catalog.assets, ...catalog.services].map((e) => e.id);
  throw new AuditInputError(`unknown entry "${id}"; the catalog ${catalog.file} has ${all.join(', ')}`);
}

function describeTemplate(t: SynthesizedExperiment): string {
  const what = [t.asset ? `dr:asset=${t.asset}` : '', t.zone ? `dr:zone=${t.zone}` : ''].filter(Boolean).join(', ');
  return `${t.stack}/${t.logicalId} (${t.mode}${what ? `, ${what}` : ''})`;
}

/** The template and the pass criterion; every way the request cannot be served is an AuditInputError naming it. */
export function experimentPlan(
  catalog: Catalog,
  experiments: readonly SynthesizedExperiment[],
  posture: { readonly file: string; readonly posture: Posture },
  request: ExperimentRequest,
  cdkOut: string,
): ExperimentPlan {
  const entry = entryOf(catalog, request.entry);
  if (!(EXPERIMENT_MODES as readonly string[]).includes(request.mode)) {
    throw new AuditInputError(
      `--mode expects ${EXPERIMENT_MODES.join(' or ')}, got "${request.mode}" (restores for the region and corruption modes: dr drill ${entry.id} without --mode)`,
    );
  }
  const mode = request.mode as ExperimentMode;
  const primary = catalog.environment.primaryRegion;
  const zones = catalog.environment.availabilityZones[primary] ?? [];
  if (request.zone !== undefined) {
    if (mode !== 'az') throw new AuditInputError(`--zone applies to --mode az, not --mode ${mode}`);
    if (!zones.includes(request.zone)) {
      throw new AuditInputError(
        `--zone "${request.zone}" is not a zone of the environment: ${catalog.file} environment.availabilityZones.${primary} lists ${zones.join(', ') || 'none'}`,
      );
    }
  }
  const ofMode = experiments.filter((t) => t.mode === mode);
  const candidates = ofMode.filter((t) =>
    mode === 'instance'
      ? t.asset === entry.id
      : (t.asset === undefined || t.asset === entry.id) && (request.zone === undefined || t.zone === request.zone),
  );
  if (candidates.length === 0) {
    const own = experiments.filter((t) => t.asset === entry.id);
    throw new AuditInputError(
      `${entry.id}: no ${mode}-mode experiment template${request.zone ? ` for zone ${request.zone}` : ''} in the synthesized artifacts (${cdkOut}: templates tagged ${EXPERIMENT_TAG.role}=experiment, ${EXPERIMENT_TAG.mode}=${mode}${mode === 'instance' ? `, ${EXPERIMENT_TAG.asset}=${entry.id}` : request.zone ? `, ${EXPERIMENT_TAG.zone}=${request.zone}` : ''}); ` +
        (own.length > 0
          ? `its templates: ${own.map(describeTemplate).join(', ')}`
          : ofMode.length > 0
            ? `the ${mode}-mode templates are ${ofMode.map(describeTemplate).join(', ')}`
            : `none of the ${experiments.length} experiment template(s) is of that mode`),
    );
  }
  if (candidates.length > 1) {
    const byZone = candidates.every((t) => t.zone);
    throw new AuditInputError(
      byZone
        ? `${entry.id}: ${candidates.length} ${mode}-mode templates, one per zone: pass --zone ${candidates.map((t) => t.zone).join(' | ')}`
        : `${entry.id}: ${candidates.length} ${mode}-mode templates match (${candidates.map(describeTemplate).join(', ')}): the artifacts should hold one`,
    );
  }
  const template = candidates[0]!;
  const postureEntry = posture.posture.entries.find((e) => e.id === entry.id);
  if (!postureEntry) {
    throw new AuditInputError(`the posture ${posture.file} has no entry ${entry.id}: regenerate it (npm run synth)`);
  }
  const rtoSeconds = postureEntry.modes[mode]?.target.rtoSeconds;
  if (rtoSeconds === null || rtoSeconds === undefined) {
    throw new AuditInputError(
      `${entry.id} has no ${mode}-mode RTO target in ${posture.file}: an experiment would prove nothing`,
    );
  }
  const database = databaseOf(template, entry.id, catalog.naming);
  return {
    entry: entry.id,
    entryKind: entry.kind,
    mode,
    ...(template.zone ? { zone: template.zone } : {}),
    template,
    region: template.region ?? primary,
    rtoSeconds,
    ...(database ? { database } : {}),
    ...alarmsFor(template, entry.id),
  };
}

export function measurementText(plan: Pick<ExperimentPlan, 'database' | 'stopAlarm'>): string {
  if (plan.database) {
    const e = FAILOVER_EVENTS;
    return (
      `the RDS events of ${plan.database} during the experiment (rds:DescribeEvents, by message): ` +
      `"${e.started.text}" (${e.started.id}) to "${e.completed.text}" (${e.completed.id}, else "${e.standby.text}", ${e.standby.id}); ` +
      `the endpoint's DNS TTL is not in it (OTH-60); "${e.abandoned.text}" (${e.abandoned.id}) means nothing was measured`
    );
  }
  const alarm = plan.stopAlarm?.name ?? plan.stopAlarm?.value ?? 'none';
  return (
    `the experiment's action times (fis:GetExperiment) and whether its stop condition fired ` +
    `(cloudwatch:DescribeAlarmHistory of ${alarm}): not fired = unhealthy for less than the alarm's window`
  );
}

export interface PlanOptions {
  readonly pollSeconds: number;
  readonly timeoutSeconds: number;
  readonly evidenceFile: string;
  readonly postureLine: string;
}

/** The plan as printed: what --yes would find, start, watch, measure and record. */
export function describeExperimentPlan(plan: ExperimentPlan, o: PlanOptions): string[] {
  const t = plan.template;
  const tags = Object.entries(identifyingTags(t))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const alarm = plan.stopAlarm;
  return [
    `entry        ${plan.entry} (${plan.entryKind}), ${plan.mode} mode${plan.zone ? ` in ${plan.zone}` : ''}`,
    `template     ${t.logicalId} in stack ${t.stack}, Region ${plan.region}${t.description ? `: ${t.description}` : ''}`,
    `find         fis:ListExperimentTemplates in ${plan.region}: the one deployed template tagged ${tags} (its id is given at deploy, so the synthesized template cannot name it)`,
    ...t.targets.map((x) => `target       ${x.name}: ${x.resourceType} ${x.selects}`),
    ...t.steps.map(
      (s) =>
        `action       ${s.name}: ${s.actionId}${
          Object.keys(s.parameters).length
            ? ` (${Object.entries(s.parameters)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')})`
            : ''
        }` +
        `${Object.keys(s.targets).length ? ` on ${Object.values(s.targets).join(', ')}` : ''}${s.startAfter.length ? ` after ${s.startAfter.join(', ')}` : ''}`,
    ),
    `stop when    ${
      alarm
        ? `alarm ${alarm.name ?? alarm.value} goes to ALARM${alarm.windowSeconds ? ` (it watches ${humanDuration(alarm.windowSeconds)})` : ''}`
        : t.stopAlarms.length > 0
          ? `alarms ${t.stopAlarms.map((a) => a.name ?? a.value).join(', ')}: none watches ${plan.entry}, so a run measures it only by its database's events`
          : 'no alarm: nothing stops it'
    }`,
    `wait         about ${humanDuration(t.runSeconds) || '0'} of actions; polled every ${humanDuration(o.pollSeconds)}, stopped (fis:StopExperiment) after ${humanDuration(o.timeoutSeconds)} or on Ctrl-C`,
    `measure      ${measurementText(plan)}`,
    `pass         completed within the ${plan.mode}-mode RTO of ${humanDuration(plan.rtoSeconds)} (${o.postureLine}); stopped by its alarm = a measured FAIL, recorded`,
    `record       ${o.evidenceFile} (mode ${plan.mode}, recoveryKind fault-injection) and the experiment's tags dr:drill, ${EXPERIMENT_TAG.asset}, ${EXPERIMENT_TAG.mode}`,
  ];
}
