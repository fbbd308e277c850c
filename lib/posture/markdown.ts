/**
 * The posture for people (`dist/dr-posture.md`): a one-minute summary with a picture (the entries × modes matrix,
 * `dr-posture.svg`), gaps and acceptances first, then the other findings, the `expected` and `unverified` fields grouped
 * by cause, per-tier tables where every figure carries its bound, and a zone-outage chart GitHub renders. Reasons that
 * repeat are written once and referenced. Nothing in it depends on the date but the `asOf` line.
 */
import type { Catalog } from '../catalog';
import { figureText, humanDuration } from '../catalog';
import { MODES, STATUSES, type AchievedField, type Assessment, type FieldName, type Mode, type Status } from '../model';
import { type RecoveryPointControl } from '../checker';
import type { Posture, PostureEntry, PostureField, PostureMode } from './report';

export const ICON: Readonly<Record<Status, string>> = {
  'n/a': '·',
  met: '✅',
  expected: '☑️',
  accepted: '🟡',
  unverified: '❔',
  gap: '❌',
};
const MEANING: Readonly<Record<Status, string>> = {
  'n/a': 'not applicable',
  met: 'a worst, SLA or measured figure meets the target',
  expected: 'only a typical figure meets it: no guarantee',
  accepted: 'short of target, within a dated acceptance of the catalog',
  unverified: 'no published figure and no evidence yet',
  gap: 'the target is missed, or nothing protects',
};
const MODE_TITLE: Readonly<Record<Mode, string>> = {
  instance: 'Instance',
  az: 'Zone',
  region: 'Region',
  corruption: 'Corruption',
};
/** Findings that depend on today's date stay out of the committed report. */
const DATED = new Set(['acceptance-expired', 'acceptance-expiring', 'evidence-expired']);
const FIELDS = ['rpo', 'rto'] as const;

/** Why a field is what it is (a figure's note or the reason nothing protects), by `id.mode.field`. */
export type PostureNotes = ReadonlyMap<string, string>;

/** Minimal view of a checker finding, so the report does not depend on the checker. */
export interface ReportFinding {
  readonly kind: string;
  readonly severity: string;
  readonly rule: string;
  readonly message: string;
  readonly fix: string;
}

export function notesFrom(assessments: ReadonlyMap<string, Assessment>): PostureNotes {
  const notes = new Map<string, string>();
  const text = (f: AchievedField) => (f.kind === 'figure' ? (f.figure.note ?? '') : f.reason);
  for (const [id, a] of assessments) {
    for (const mode of MODES) for (const f of FIELDS) notes.set(`${id}.${mode}.${f}`, text(a[mode][f]));
  }
  return notes;
}

const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const seconds = (v: number | null) => (v === null ? 'n/a' : humanDuration(v));
const targetOf = (m: PostureMode, f: FieldName) => (f === 'rpo' ? m.target.rpoSeconds : m.target.rtoSeconds);
const figure = (f: PostureField) => figureText(f.seconds, f.bound, f.atLeastSeconds);

/** The dependencies that give a field its status ("via a, b"); the entry's own part is said as "own". */
function via(f: PostureField, self: string): string {
  const deps = f.limitedBy.filter((d) => d !== self);
  if (deps.length === 0) return '';
  return f.limitedBy.includes(self) ? ` (own, and via ${deps.join(', ')})` : ` via ${deps.join(', ')}`;
}

function cell(m: PostureMode): string {
  if (m.status === 'n/a') return ICON['n/a'];
  const parts = FIELDS.filter((f) => m[f].status !== 'n/a').map(
    (f) => `${ICON[m[f].status]} ${f.toUpperCase()} ${figure(m[f])}`,
  );
  return parts.join('<br>');
}

interface FieldRow {
  readonly e: PostureEntry;
  readonly mode: Mode;
  readonly field: FieldName;
  readonly m: PostureMode;
}

function fieldRows(p: Posture, status: Status): FieldRow[] {
  return p.entries.flatMap((e) =>
    MODES.flatMap((mode) =>
      FIELDS.filter((f) => e.modes[mode][f].status === status).map((field) => ({ e, mode, field, m: e.modes[mode] })),
    ),
  );
}

function counts(p: Posture, of: (m: PostureMode) => readonly Status[]): Record<Status, number> {
  const c = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const e of p.entries) for (const mode of MODES) for (const s of of(e.modes[mode])) c[s] += 1;
  return c;
}

/** Texts that repeat (reasons, causes) get a short label the first time and are referenced after. */
class References {
  private readonly labels = new Map<string, string>();
  constructor(private readonly prefix: string) {}
  ref(text: string): string {
    let label = this.labels.get(text);
    if (!label) this.labels.set(text, (label = `${this.prefix}${this.labels.size + 1}`));
    return label;
  }
  list(): string[] {
    return [...this.labels].map(([text, label]) => `- <a id="${label.toLowerCase()}"></a>**${label}** ${escape(text)}`);
  }
}

/** A recovery-point-age control the checker read from a template (Backup Audit Manager), with the model's figure. */
export type ReportRecoveryPointControl = RecoveryPointControl;

export interface MarkdownOptions {
  readonly notes?: PostureNotes;
  readonly findings?: readonly ReportFinding[];
  readonly recoveryPointControls?: readonly ReportRecoveryPointControl[];
  /** The picture of the matrix, relative to the Markdown (written beside it). @default 'dr-posture.svg' */
  readonly matrixImage?: string;
}

const HOUR = 3600;

function rounding(c: ReportRecoveryPointControl): string {
  if (c.modelSeconds === null) return 'no AWS Backup rule read for it';
  if (c.configuredHours === null) return 'parameters unreadable';
  const diff = c.configuredHours * HOUR - c.modelSeconds;
  if (diff === 0) return 'exact';
  return diff > 0
    ? `rounded up by ${humanDuration(diff)}`
    : `⚠ ${humanDuration(-diff)} under the model's figure: the control fails on schedule`;
}

/** Per tier: the control's whole hours against the model's single-run figure, so reviewers see the rounding. */
function controlTable(controls: readonly ReportRecoveryPointControl[]): string[] {
  if (controls.length === 0) return [];
  return [
    '### Backup Audit Manager: recovery-point age',
    '',
    "The control's grain is whole hours; the figure the model gives the AWS Backup rules when every run succeeds is rounded up. Both read from the templates.",
    '',
    "| Asset | Framework · control | Model's figure | Configured | Rounding |",
    '|---|---|---|---|---|',
    ...controls.map(
      (c) =>
        `| ${c.asset} | ${c.framework} · ${c.control} | ${c.modelSeconds === null ? '—' : humanDuration(c.modelSeconds)} | ` +
        `${c.configuredHours === null ? '—' : `${c.configuredHours}h`} | ${rounding(c)} |`,
    ),
    '',
  ];
}

function summary(p: Posture, catalog: Catalog, other: number, image: string): string[] {
  const modes = counts(p, (m) => [m.status]);
  const fields = counts(p, (m) => [m.rpo.status, m.rto.status]);
  const gaps = [...new Set(fieldRows(p, 'gap').map((g) => g.e.id))];
  return [
    `# DR posture — ${catalog.company}`,
    '',
    `Computed from the synthesized artifacts (CloudFormation templates and Kubernetes manifests) against \`${catalog.file}\`, ` +
      `with the figures of docs/dr-facts.md, as of ${p.asOf} (the day acceptances and evidence are judged on). Every figure ` +
      'shows its bound: "≤ 2s worst", "15m SLA", "5m measured", "2m 30s typical", "unknown (≥ 1h)".',
    '',
    `**In one minute:** ${p.entries.length} entries × ${MODES.length} failure modes — ` +
      `${STATUSES.filter((s) => s !== 'n/a')
        .map((s) => `${modes[s]} ${s}`)
        .join(', ')}, ${modes['n/a']} not applicable. ` +
      (gaps.length === 0 ? 'No gap.' : `Gaps in ${gaps.join(', ')}.`) +
      (other > 0 ? ` ${other} other finding(s).` : ''),
    '',
    `![Entries × failure modes, each cell's left half the RPO status and right half the RTO status](${image})`,
    '',
    '| Status | Means | Modes | Fields |',
    '|---|---|---|---|',
    ...[...STATUSES].reverse().map((s) => `| ${ICON[s]} ${s} | ${MEANING[s]} | ${modes[s]} | ${fields[s]} |`),
    '',
  ];
}

function gapSection(p: Posture, note: (r: FieldRow) => string): string[] {
  const gaps = fieldRows(p, 'gap');
  const out = [`## Gaps (${gaps.length} fields)`, ''];
  if (gaps.length === 0) return [...out, 'None.', ''];
  out.push('| Entry | Mode | Field | Target | Achieved | Mechanisms | Why |', '|---|---|---|---|---|---|---|');
  for (const r of gaps) {
    const mechanisms = r.m.mechanisms.map((x) => x.id).join(', ') || 'none';
    out.push(
      `| ${r.e.id} | ${MODE_TITLE[r.mode]} | ${r.field.toUpperCase()} | ${seconds(targetOf(r.m, r.field))} | ` +
        `${figure(r.m[r.field])}${via(r.m[r.field], r.e.id)} | ${mechanisms} | ${escape(note(r))} |`,
    );
  }
  return [...out, ''];
}

function acceptanceSection(p: Posture, reasons: References): string[] {
  const rows = p.entries.flatMap((e) =>
    MODES.flatMap((mode) => e.modes[mode].acceptances.map((a) => ({ e, mode, a, m: e.modes[mode] }))),
  );
  const out = [`## Acceptances (${rows.length})`, ''];
  if (rows.length === 0) return [...out, 'None.', ''];
  const worse = rows.filter(({ m }) => m.status !== 'accepted');
  if (worse.length > 0) {
    const statuses = [...new Set(worse.map(({ m }) => m.status))].join(' or ');
    out.push(
      `Shortfalls the catalog accepts, each with its ceiling. ${worse.length} of these modes count as ${statuses} in the summary, where a mode is as good as its worse field.`,
      '',
    );
  }
  out.push('| Entry | Mode | Accepts | Ceiling | Owner | Expires | Reason |', '|---|---|---|---|---|---|---|');
  for (const { e, mode, a } of rows) {
    const ceiling = FIELDS.flatMap((f) => {
      const v = f === 'rpo' ? a.rpoSeconds : a.rtoSeconds;
      return v === undefined ? [] : [`${f.toUpperCase()} ${v === 'unbounded' ? 'unbounded' : `≤ ${humanDuration(v)}`}`];
    }).join(', ');
    const from = a.inheritedFrom ? ` (written on ${a.inheritedFrom})` : '';
    const label = reasons.ref(a.reason.trim());
    out.push(
      `| ${e.id} | ${MODE_TITLE[mode]} | ${a.fields.map((f) => f.toUpperCase()).join(', ')} | ${ceiling}${from} | ${a.owner} | ${a.expires} | [${label}](#${label.toLowerCase()}) |`,
    );
  }
  return [...out, ''];
}

/** Fields of one status grouped by their cause (the figure's note), each cause written once. */
function groupedSection(p: Posture, status: 'expected' | 'unverified', note: (r: FieldRow) => string): string[] {
  const rows = fieldRows(p, status);
  const title = status === 'expected' ? 'Expected: met by typical figures only' : 'Unverified';
  const intro =
    status === 'expected'
      ? 'A typical figure is what the source calls typical, not a bound: these become met with a measurement (a drill, a restore test) or a mechanism with a worst or SLA bound.'
      : 'No published figure: these become met or gap when a drill or restore test records a measurement.';
  const out = [`## ${title} (${rows.length} fields)`, '', intro, ''];
  const byCause = new Map<string, FieldRow[]>();
  for (const r of rows) byCause.set(note(r) || 'no figure', [...(byCause.get(note(r) || 'no figure') ?? []), r]);
  for (const [cause, list] of [...byCause].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    out.push(`- **${escape(cause)}** (${list.length})`);
    out.push(
      `  ${list.map((r) => `${r.e.id} · ${MODE_TITLE[r.mode]} · ${r.field.toUpperCase()} ${figure(r.m[r.field])}${via(r.m[r.field], r.e.id)}`).join('; ')}`,
    );
  }
  return [...out, ''];
}

export function postureMarkdown(p: Posture, catalog: Catalog, options: MarkdownOptions = {}): string {
  const notes = options.notes ?? new Map<string, string>();
  // A service's own note says nothing of the dependency that limits it: use that dependency's note.
  const note = (r: FieldRow) => {
    const limiting = r.m[r.field].limitedBy[0];
    return notes.get(`${limiting ?? r.e.id}.${r.mode}.${r.field}`) ?? '';
  };
  const other = (options.findings ?? []).filter(
    (f) => !['gap', 'unverified', 'expected'].includes(f.kind) && !DATED.has(f.kind),
  );
  const reasons = new References('A');
  const out: string[] = [
    ...summary(p, catalog, other.length, options.matrixImage ?? 'dr-posture.svg'),
    ...gapSection(p, note),
    ...acceptanceSection(p, reasons),
  ];
  if (other.length > 0) {
    out.push(`## Other findings (${other.length})`, '');
    for (const f of other) out.push(`- **${f.rule}** ${escape(f.message)} — fix: ${escape(f.fix)}`);
    out.push('');
  }
  out.push(...groupedSection(p, 'unverified', note), ...groupedSection(p, 'expected', note));
  for (const tier of catalog.tiers) {
    const tierRows = p.entries.filter((e) => e.tier === tier.id);
    if (tierRows.length === 0) continue;
    out.push(`## ${tier.name} (${tier.id})`, '');
    out.push(
      '| Entry | Kind | Target RPO / RTO | Instance | Zone | Region | Corruption |',
      '|---|---|---|---|---|---|---|',
    );
    for (const e of tierRows) {
      const t = e.modes.instance.target;
      out.push(
        `| ${e.id} | ${e.kind} | ${seconds(t.rpoSeconds)} / ${seconds(t.rtoSeconds)} | ${MODES.map((m) => cell(e.modes[m])).join(' | ')} |`,
      );
    }
    out.push('', ...controlTable((options.recoveryPointControls ?? []).filter((c) => c.tier === tier.id)));
  }
  const reasonList = reasons.list();
  if (reasonList.length > 0) out.push('## Reasons of the acceptances', '', ...reasonList, '');
  out.push(...chart(p));
  return `${out.join('\n').trimEnd()}\n`;
}

/** Zone-outage RTO, target against achieved, for entries with a known figure (GitHub renders Mermaid). */
function chart(p: Posture): string[] {
  const shown = p.entries.filter((e) => e.modes.az.rto.seconds !== null && e.modes.az.target.rtoSeconds !== null);
  if (shown.length === 0) return [];
  const minutes = (s: number | null) => Math.round(((s ?? 0) / 60) * 10) / 10;
  return [
    '## Zone outage: RTO target against achieved (minutes)',
    '',
    '```mermaid',
    'xychart-beta',
    `  x-axis [${shown.map((e) => `"${e.id}"`).join(', ')}]`,
    '  y-axis "minutes"',
    `  bar [${shown.map((e) => minutes(e.modes.az.target.rtoSeconds)).join(', ')}]`,
    `  line [${shown.map((e) => minutes(e.modes.az.rto.seconds)).join(', ')}]`,
    '```',
    '',
    'Bars: target. Line: achieved (entries with a known figure only; a typical figure is no guarantee).',
    '',
  ];
}
