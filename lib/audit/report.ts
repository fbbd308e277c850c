/** The audit for people (a table, worst first) and for machines (JSON). */
import type { AuditReport } from './audit';
import { SEVERITIES, type Finding } from './types';

/** Rows shown for an asset: every finding that is not ok, and the freshness of its newest point in any case. */
function shown(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((f) => f.severity !== 'ok' || f.check === 'freshness')
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function auditTable(report: AuditReport): string[] {
  const rows: string[][] = [['ASSET', 'STATUS', 'CHECK', 'REGION', 'DETAIL']];
  for (const a of report.assets) {
    const findings = shown(a.findings);
    const okCount = a.findings.filter((f) => f.severity === 'ok').length;
    findings.forEach((f, i) =>
      rows.push([i === 0 ? a.asset : '', i === 0 ? a.severity : '', f.check, f.region, f.message]),
    );
    if (okCount > 0 || findings.length === 0) {
      rows.push([
        findings.length === 0 ? a.asset : '',
        findings.length === 0 ? a.severity : '',
        '',
        '',
        `${okCount} check(s) ok`,
      ]);
    }
  }
  // Account-wide checks: a row of their own, shown whatever their severity (a deploy takes the registry over).
  for (const f of report.registry) rows.push(['(ECR registry)', f.severity, f.check, f.region, f.message]);
  const counts = SEVERITIES.map((s) => `${report.summary[s]} ${s}`).join(', ');
  return [
    `dr audit — ${report.regions.join(', ')}, jobs since ${report.since}: ${report.assets.length} asset(s): ${counts}`,
    ...table(rows),
    ...(report.notInAwsBackup.length > 0
      ? [`not in AWS Backup (nothing to audit here): ${report.notInAwsBackup.join(', ')}`]
      : []),
  ];
}

export function auditJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2);
}
