/** After a drill: its row in the drill log, its evidence record, its one-line verdict and exit code. */
import type { Catalog } from '../../catalog';
import { appendEvidence, evidenceOf, evidencePath, notEvidenceFor } from '../evidence';
import { appendDrillLog, drillLogPath, drillLogRow } from './log';
import type { DrillPlan } from './plan';
import type { DrillResult } from './run';

export interface Recorded {
  readonly logFile: string;
  /** The evidence file written, or why the drill is not evidence. */
  readonly evidence: { readonly file: string } | { readonly notEvidence: string };
}

export function recordDrill(
  catalog: Catalog,
  plan: DrillPlan,
  result: DrillResult,
  at: Date,
  evidenceFile = evidencePath(catalog),
): Recorded {
  const logFile = drillLogPath(catalog);
  appendDrillLog(logFile, drillLogRow(plan, result, at));
  const not = notEvidenceFor(plan.asset.kind);
  if (not) return { logFile, evidence: { notEvidence: `${not}: logged only` } };
  const evidence = evidenceOf(
    plan.asset.id,
    catalog.environment.drRegion,
    {
      id: result.restoreJobId,
      region: plan.region,
      status: result.status,
      created: result.created,
      ...(result.completed ? { completed: result.completed } : {}),
      recoveryPointArn: plan.recoveryPointArn,
      ...(result.restoredBytes !== undefined ? { restoredBytes: result.restoredBytes } : {}),
      ...(plan.sourceBytes !== undefined ? { sourceBytes: plan.sourceBytes } : {}),
    },
    'dr drill',
  );
  if (typeof evidence === 'string') return { logFile, evidence: { notEvidence: evidence } };
  appendEvidence(evidenceFile, [evidence]);
  return { logFile, evidence: { file: evidenceFile } };
}

export function drillVerdict(plan: DrillPlan, result: DrillResult): string {
  const verdict = {
    within: 'within RTO',
    over: 'over RTO',
    failed: `could not run: ${result.status}${result.message ? ` — ${result.message}` : ''}`,
  }[result.outcome];
  return `${plan.asset.id}: restore ${result.status}, ${result.elapsedSeconds} s against an RTO of ${plan.rtoSeconds} s: ${verdict}`;
}

/** 0 within RTO, 1 over, 2 could not run. */
export function drillExitCode(result: DrillResult): 0 | 1 | 2 {
  return { within: 0, over: 1, failed: 2 }[result.outcome] as 0 | 1 | 2;
}
