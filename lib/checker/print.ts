/** Findings for a terminal or a CI log: one block per finding, errors first, then a one-line summary. */
import { MODES, STATUSES, type Status } from '../model';
import type { CheckResult } from './check';
import type { Finding } from './findings';

const LABEL = { error: 'GAP ', unverified: 'UNVERIFIED', warning: 'WARN' } as const;

export function formatFinding(f: Finding): string[] {
  const label =
    f.kind === 'expected' ? 'EXPECTED' : f.severity === 'error' && f.kind !== 'gap' ? 'ERROR' : LABEL[f.severity];
  return [
    `${label.trim()} [${f.rule}] ${f.message}`,
    ...(f.where ? [`    at  ${f.where}`] : []),
    ...(f.mechanism ? [`    mechanism  ${f.mechanism}`] : []),
    `    fix ${f.fix}`,
  ];
}

export function statusCounts(result: CheckResult): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const a of result.assessments.values()) for (const m of MODES) counts[a[m].status] += 1;
  return counts;
}

export function summaryLine(result: CheckResult): string {
  const counts = statusCounts(result);
  const modes = STATUSES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const by = (sev: Finding['severity']) => result.findings.filter((f) => f.severity === sev).length;
  const strict = result.findings.filter((f) => f.severity === 'unverified');
  const expected = strict.filter((f) => f.kind === 'expected').length;
  return `${result.entries.size} entries × 4 modes: ${modes}. Findings: ${by('error')} failing, ${strict.length - expected} unverified, ${expected} expected (--strict fails on both), ${by('warning')} warnings.`;
}
