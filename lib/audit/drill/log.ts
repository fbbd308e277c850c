/** The DR drill log the targets document names (`docs/disaster-recovery/chaos-testing.md`): one table row a drill. */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { humanDuration, type Catalog } from '../../catalog';
import type { DrillPlan } from './plan';
import type { DrillResult } from './run';

export const DRILL_LOG_HEADER = `# DR drill log

Results of disaster-recovery drills, newest last. \`dr drill ASSET --yes\` appends a row to the table below and records the
measured restore in \`evidence.json\`, which the posture check reads. Drills it cannot run (failovers, starting Redis
from a restored volume, tabletops) are logged here by hand in the same table, with — in the columns that do not apply.

| Date (UTC) | Asset | Mode | Region | Recovery point | Restore job | Elapsed | RTO | Result | Restored resource |
|---|---|---|---|---|---|---|---|---|---|
`;

export function drillLogPath(catalog: Catalog): string {
  return join(dirname(catalog.file), catalog.drillLog);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function drillLogRow(plan: DrillPlan, result: DrillResult, at: Date): string {
  const verdict = {
    within: 'within RTO',
    over: 'OVER RTO',
    failed: `could not run: ${result.status}${result.message ? ` (${result.message})` : ''}`,
  }[result.outcome];
  const restored = `${result.createdResourceArn ?? plan.restoreName ?? 'no volume'} — ${result.cleanup}${result.cleanupNote ? ` (${result.cleanupNote})` : ''}`;
  return `| ${[
    at.toISOString().slice(0, 16).replace('T', ' '),
    plan.asset.id,
    plan.mode,
    plan.region,
    `\`${plan.recoveryPointArn}\``,
    result.restoreJobId,
    humanDuration(result.elapsedSeconds) || '0s',
    humanDuration(plan.rtoSeconds),
    verdict,
    restored,
  ]
    .map(cell)
    .join(' | ')} |\n`;
}

export function appendDrillLog(file: string, row: string): void {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, DRILL_LOG_HEADER);
  }
  appendFileSync(file, row);
}

/** An experiment drill's row (`dr drill ENTRY --mode`): the columns of a restore (recovery point, job, resource) are —. */
export function experimentLogRow(
  row: {
    readonly entry: string;
    readonly mode: string;
    readonly region: string;
    readonly rtoSeconds: number;
    /** The measured seconds, or undefined when the run measured nothing. */
    readonly seconds?: number;
    readonly result: string;
  },
  at: Date,
): string {
  return `| ${[
    at.toISOString().slice(0, 16).replace('T', ' '),
    row.entry,
    row.mode,
    row.region,
    '—',
    '—',
    row.seconds === undefined ? '—' : humanDuration(row.seconds) || '0s',
    humanDuration(row.rtoSeconds),
    row.result,
    '—',
  ]
    .map(cell)
    .join(' | ')} |\n`;
}
