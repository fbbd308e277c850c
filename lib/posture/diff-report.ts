/** The PR comment body (Markdown) or the machine form (JSON) of a posture diff and its replacement gate. */
import type { PostureChange } from './diff';
import type { Replacement } from './replacement';

export const COMMENT_MARKER = '<!-- dr-posture-diff -->';

export interface DiffReport {
  readonly regressions: readonly PostureChange[];
  readonly improvements: readonly PostureChange[];
  readonly changes: readonly PostureChange[];
  readonly replacements: readonly Replacement[];
}

export function diffReport(changes: readonly PostureChange[], replaced: readonly Replacement[]): DiffReport {
  return {
    regressions: changes.filter((c) => c.kind === 'regression'),
    improvements: changes.filter((c) => c.kind === 'improvement'),
    changes: changes.filter((c) => c.kind === 'change'),
    replacements: replaced,
  };
}

export const regressed = (r: DiffReport) => r.regressions.length > 0 || r.replacements.length > 0;

function table(rows: readonly PostureChange[]): string[] {
  return [
    '| Entry | Mode | Change |',
    '|---|---|---|',
    ...rows.map((c) => `| ${c.entry} | ${c.mode ?? '—'} | ${c.what.replace(/\|/g, '\\|')} |`),
    '',
  ];
}

/** The impact, and what changed and which claims hold the data when the gate knows. */
function cell(x: Replacement): string {
  const claims = x.claims?.length ? ` Claims: ${x.claims.join(', ')}.` : '';
  const text = x.reason ? `${x.impact}: ${x.reason}.${claims}` : `${x.impact}${claims}`;
  return text.replace(/\|/g, '\\|');
}

export function diffMarkdown(r: DiffReport): string {
  const out = [COMMENT_MARKER, '## DR posture diff', ''];
  const n = r.regressions.length + r.replacements.length;
  out.push(
    n === 0
      ? `No regression. ${r.improvements.length} improvement(s), ${r.changes.length} other change(s).`
      : `**${n} regression(s)** — ${r.regressions.length} in the posture, ${r.replacements.length} data store(s) replaced or removed. ${r.improvements.length} improvement(s).`,
    '',
  );
  if (r.replacements.length > 0) {
    out.push('### Data stores replaced or removed', '', '| Stack | Resource | Type | Impact |', '|---|---|---|---|');
    for (const x of r.replacements) out.push(`| ${x.stack} | ${x.logicalId} | ${x.type} | ${cell(x)} |`);
    out.push('');
  }
  if (r.regressions.length > 0) out.push('### Regressions', '', ...table(r.regressions));
  if (r.improvements.length > 0) out.push('### Improvements', '', ...table(r.improvements));
  if (r.changes.length > 0) out.push('### Other changes', '', ...table(r.changes));
  return `${out.join('\n').trimEnd()}\n`;
}
