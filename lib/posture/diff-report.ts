/**
 * The PR comment body (Markdown) or the machine form (JSON) of a posture diff and its replacement gate. Regressions
 * and acceptances open; improvements and other changes fold into `<details>`. A comment longer than GitHub allows is
 * cut between sections (never inside a table) and points at the full report.
 */
import type { PostureChange } from './diff';
import type { Replacement } from './replacement';

export const COMMENT_MARKER = '<!-- dr-posture-diff -->';
/** GitHub refuses comment bodies over 65,536 characters; leave room for the marker line and the note of what was cut. */
export const COMMENT_LIMIT = 65_000;

export interface DiffReport {
  readonly regressions: readonly PostureChange[];
  /** Acceptances added, widened or extended: decisions for a reviewer. */
  readonly acceptances: readonly PostureChange[];
  readonly improvements: readonly PostureChange[];
  readonly changes: readonly PostureChange[];
  readonly replacements: readonly Replacement[];
}

export function diffReport(changes: readonly PostureChange[], replaced: readonly Replacement[]): DiffReport {
  return {
    regressions: changes.filter((c) => c.kind === 'regression'),
    acceptances: changes.filter((c) => c.kind === 'acceptance'),
    improvements: changes.filter((c) => c.kind === 'improvement'),
    changes: changes.filter((c) => c.kind === 'change'),
    replacements: replaced,
  };
}

export const regressed = (r: DiffReport) => r.regressions.length > 0 || r.replacements.length > 0;

/**
 * `dr diff`'s exit code: 1 on a regression (or a data store replaced or removed), else 3 when an acceptance was added
 * or widened (a reviewer's decision, not a failure), else 0.
 */
export function diffExitCode(r: DiffReport): 0 | 1 | 3 {
  if (regressed(r)) return 1;
  return r.acceptances.length > 0 ? 3 : 0;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: readonly PostureChange[]): string[] {
  return [
    '| Entry | Mode | Change |',
    '|---|---|---|',
    ...rows.map((c) => `| ${c.entry} | ${c.mode ?? '—'} | ${cell(c.what)} |`),
  ];
}

/** The impact, and what changed and which claims hold the data when the gate knows. */
function impactCell(x: Replacement): string {
  const claims = x.claims?.length ? ` Claims: ${x.claims.join(', ')}.` : '';
  return cell(x.reason ? `${x.impact}: ${x.reason}.${claims}` : `${x.impact}${claims}`);
}

interface Section {
  readonly title: string;
  readonly lines: readonly string[];
}

function open(title: string, body: readonly string[]): Section {
  return { title, lines: [`### ${title}`, '', ...body, ''] };
}

function folded(title: string, body: readonly string[]): Section {
  return { title, lines: ['<details>', `<summary><b>${title}</b></summary>`, '', ...body, '', '</details>', ''] };
}

export interface DiffMarkdownOptions {
  /** Longest body allowed; whole sections after the limit are left out. @default COMMENT_LIMIT */
  readonly maxLength?: number;
  /** Where the full report is (the workflow run with its artifact), named when something is cut. */
  readonly fullReportUrl?: string;
}

export function diffMarkdown(r: DiffReport, options: DiffMarkdownOptions = {}): string {
  const n = r.regressions.length + r.replacements.length;
  const head = [COMMENT_MARKER, '## DR posture diff', ''];
  const decisions =
    r.acceptances.length === 0
      ? ''
      : ` **${r.acceptances.length} acceptance(s) added or widened: a reviewer decides.**`;
  head.push(
    (n === 0
      ? `No regression.${decisions} ${r.improvements.length} improvement(s), ${r.changes.length} other change(s).`
      : `**${n} regression(s)** — ${r.regressions.length} in the posture, ${r.replacements.length} data store(s) replaced or removed.${decisions} ${r.improvements.length} improvement(s).`
    ).replace(/ {2,}/g, ' '),
    '',
  );
  const sections: Section[] = [];
  if (r.replacements.length > 0) {
    sections.push(
      open(`Data stores replaced or removed (${r.replacements.length})`, [
        '| Stack | Resource | Type | Impact |',
        '|---|---|---|---|',
        ...r.replacements.map((x) => `| ${x.stack} | ${x.logicalId} | ${x.type} | ${impactCell(x)} |`),
      ]),
    );
  }
  if (r.regressions.length > 0) sections.push(open(`Regressions (${r.regressions.length})`, table(r.regressions)));
  if (r.acceptances.length > 0) {
    sections.push(
      open(`Acceptances added or widened (${r.acceptances.length})`, [
        'Each is a decision to accept a shortfall; approve it as the owner of the catalog (CODEOWNERS), or fix the gap.',
        '',
        ...table(r.acceptances),
      ]),
    );
  }
  if (r.improvements.length > 0)
    sections.push(folded(`Improvements (${r.improvements.length})`, table(r.improvements)));
  if (r.changes.length > 0) sections.push(folded(`Other changes (${r.changes.length})`, table(r.changes)));
  return fit(head, sections, options);
}

/**
 * The head and every whole section that fits, in order (a section too long for what is left is skipped, and a smaller
 * one after it may still fit), then a line naming what was left out and where to read it.
 */
function fit(head: readonly string[], sections: readonly Section[], options: DiffMarkdownOptions): string {
  const limit = options.maxLength ?? COMMENT_LIMIT;
  const text = (lines: readonly string[]) => `${lines.join('\n').trimEnd()}\n`;
  const all = [...head, ...sections.flatMap((s) => s.lines)];
  if (text(all).length <= limit) return text(all);
  const where = options.fullReportUrl
    ? `the full diff is in the workflow run's artifact: ${options.fullReportUrl}`
    : 'run `dr diff` for the full diff';
  const note = (left: readonly string[]) => [
    `_Left out to stay under GitHub's comment size: ${left.join(', ')}; ${where}._`,
    '',
  ];
  const kept: string[] = [...head];
  const left: string[] = [];
  sections.forEach((section, i) => {
    // Room for the note naming this section and every one after it, should they all be left out.
    const worstNote = note([...left, ...sections.slice(i).map((s) => s.title)]);
    if (text([...kept, ...section.lines, ...worstNote]).length <= limit) kept.push(...section.lines);
    else left.push(section.title);
  });
  return text([...kept, ...note(left)]);
}
