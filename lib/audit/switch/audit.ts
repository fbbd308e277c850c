/**
 * `dr audit --evidence`: the executions of the project's ARC Region switch plan, read through the Region switch API
 * (lib/aws/region-switch.ts; its report files are not read: their format is not published, ARC-14). The plan is found
 * by the name its template gives (ListPlansInRegion in the DR Region: the ARN carries a suffix ARC chooses, ARC-21).
 * Each finished activation of the DR Region within the audit's window is timed per entry the plan brings back, on the
 * path the model bounds at synth (lib/model's `completion`: every top-level step before the one that serves the entry,
 * then that step): from the execution's start to the end of the last step of that path (ARC-13, ARC-23). A service's
 * clients then follow Route 53's failover, which no step times: its template figure is added and said so. An execution
 * that failed, was cancelled or timed out records nothing; one still running is left for a later audit.
 */
import { switchRoute, trafficFigure, type SpecOf, type SwitchStep } from '../../model';
import type { ExecutionState, PlanExecution, RegionSwitchClient, StepState } from '../../aws';
import { REGION_SWITCH, type EvidenceRecord } from '../../checker';

type Route = SpecOf<'region-switch'>;

export interface SynthesizedSwitchPlan {
  readonly stack: string;
  readonly logicalId: string;
  readonly name: string | null;
}

export interface SwitchAuditInput {
  readonly plans: readonly SynthesizedSwitchPlan[];
  /** Per entry: its path through the activation workflow (lib/checker `regionSwitchRoutes`). */
  readonly routes: ReadonlyMap<string, Route>;
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly since: Date;
}

export interface SwitchAudit {
  readonly records: EvidenceRecord[];
  /** One line per execution (or entry of one) that is not evidence, and per plan not deployed. */
  readonly notes: string[];
}

/** Ended without running its steps to the end: nothing is measured (ARC-4, ARC-24). */
const ENDED_EARLY: readonly string[] = ['failed', 'canceled', 'planExecutionTimedOut'] satisfies ExecutionState[];
/** Every step ran (some may have been skipped or failed in `completedWithExceptions`: judged per step). */
const FINISHED: readonly string[] = [
  'completed',
  'completedWithExceptions',
  'completedMonitoringApplicationHealth',
] satisfies ExecutionState[];

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/**
 * The steps of the entry's path, as the model counts them (lib/model `switchRoute`): a serving step inside a parallel
 * block is named with that block, whose state stands in for it when the execution reports no state of its own for the
 * child (the block ends no earlier than its children, ARC-3).
 */
export function routeSteps(
  steps: readonly SwitchStep[],
  serving: string,
): { readonly name: string; readonly parent?: string }[] | undefined {
  return switchRoute(steps, serving)?.map((r) => ({ name: r.step.name, ...(r.parent ? { parent: r.parent } : {}) }));
}

/** The last state the execution reports for a step of that name. */
function stateOf(states: readonly StepState[], name: string): StepState | undefined {
  return [...states].reverse().find((s) => s.name === name);
}

/** The entry's measurement from one execution, or why there is none. */
export function measureExecution(e: PlanExecution, entry: string, route: Route, run: string): EvidenceRecord | string {
  const path = routeSteps(route.steps, route.serving);
  if (!path) return `the plan's activation workflow has no step ${route.serving}`;
  let end: Date | undefined;
  for (const step of path) {
    const state = stateOf(e.stepStates, step.name) ?? (step.parent ? stateOf(e.stepStates, step.parent) : undefined);
    const label = step.parent ? `${step.parent} › ${step.name}` : step.name;
    if (!state) return `the execution reports no state of step ${label}`;
    if (state.status !== 'completed') {
      const why =
        state.status === 'skipped' ? ` (skipped${e.mode === 'ungraceful' ? ' in an ungraceful run' : ''})` : '';
      return `step ${label} ended ${state.status ?? 'with no status'}${why}: the path did not run, so its time proves nothing`;
    }
    if (!state.endTime) return `step ${label} completed with no end time`;
    if (!end || state.endTime > end) end = state.endTime;
  }
  const steps = seconds(e.startTime, end!);
  const names = path.map((p) => (p.parent ? `${p.parent} › ${p.name}` : p.name)).join(' → ');
  // The model's figure for Route 53's part (the same the posture bounds the Region RTO with), not measured here.
  const dns = route.traffic ? trafficFigure(route.traffic).seconds! : 0;
  const measured = [
    `${e.mode} Region switch into ${e.executionRegion}: started ${iso(e.startTime)}, ${names} done at ${iso(end!)} (${steps} s, ARC-23)`,
    ...(route.traffic
      ? [
          `plus Route 53's failover of the entry point as the template sets it, not measured: ${route.traffic.failureThreshold} checks × ${route.traffic.requestIntervalSeconds} s + ${route.traffic.ttlSeconds} s TTL (${dns} s)`,
        ]
      : []),
  ].join('; ');
  return {
    asset: entry,
    mode: 'region',
    region: e.executionRegion,
    recoveryKind: REGION_SWITCH,
    durationSeconds: steps + dns,
    date: end!.toISOString().slice(0, 10),
    run,
    measured,
  };
}

export async function auditRegionSwitch(
  client: (region: string) => RegionSwitchClient,
  input: SwitchAuditInput,
): Promise<SwitchAudit> {
  const records: EvidenceRecord[] = [];
  const notes: string[] = [];
  if (input.plans.length === 0) return { records, notes };
  // An activation runs on the data plane of the Region it activates (OTH-48): its executions are asked there.
  const arc = client(input.drRegion);
  const deployed = await arc.listPlansInRegion();
  for (const p of input.plans) {
    const where = `${p.stack}/${p.logicalId}`;
    if (p.name === null) {
      notes.push(`${where}: the template gives the plan no literal name, so it cannot be found`);
      continue;
    }
    const found = deployed.filter((d) => d.name === p.name);
    if (found.length === 0) {
      notes.push(
        `${where}: plan ${p.name} is not deployed (ListPlansInRegion in ${input.drRegion} has none of that name)`,
      );
      continue;
    }
    for (const d of found) {
      const executions = (await arc.listPlanExecutions(d.arn)).filter((x) => x.startTime >= input.since);
      for (const x of executions) {
        const run = `Region switch execution ${x.executionId} of plan ${d.name} (${x.mode})`;
        if (x.executionAction !== 'activate' || x.executionRegion !== input.drRegion) {
          notes.push(
            `${run}: ${x.executionAction} of ${x.executionRegion}, not a failover into ${input.drRegion}: no Region-loss evidence`,
          );
          continue;
        }
        if (ENDED_EARLY.includes(x.executionState)) {
          notes.push(`${run}: the execution ended ${x.executionState}: nothing measured`);
          continue;
        }
        if (!FINISHED.includes(x.executionState)) {
          notes.push(`${run}: still ${x.executionState}: a later audit reads it once it has finished`);
          continue;
        }
        const e = await arc.getPlanExecution(d.arn, x.executionId);
        for (const [entry, route] of [...input.routes].sort(([a], [b]) => a.localeCompare(b))) {
          const m = measureExecution(e, entry, route, run);
          if (typeof m === 'string') notes.push(`${entry} · region: ${run}: ${m}`);
          else records.push(m);
        }
      }
    }
  }
  return { records, notes };
}
