/**
 * The posture for people (`dist/dr-posture.md`): a one-minute summary, gaps and acceptances first, then the other
 * findings, the unverified figures, per-tier tables (with the rounding of the recovery-point-age controls) and a
 * Mermaid chart GitHub renders. Nothing in it depends on the date, so the committed copy changes only when the
 * posture does.
 */
import type { Catalog } from '../catalog';
import { humanDuration } from '../catalog';
import { MODES, STATUSES, type AchievedField, type Assessment, type Mode, type Status } from '../model';
import { type RecoveryPointControl } from '../checker';
import type { Posture, PostureEntry, PostureMode } from './report';

const ICON: Readonly<Record<Status, string>> = { 'n/a': '·', met: '✅', accepted: '🟡', unverified: '❔', gap: '❌' };
const MODE_TITLE: Readonly<Record<Mode, string>> = {
  instance: 'Instance',
  az: 'Zone',
  region: 'Region',
  corruption: 'Corruption',
};
/** Findings that depend on today's date stay out of the committed report. */
const DATED = new Set(['acceptance-expired', 'acceptance-expiring', 'evidence-expired']);

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
  const text = (f: AchievedField) => {
    const why = f.kind === 'figure' ? (f.figure.note ?? '') : f.reason;
    const atLeast = f.kind === 'figure' && f.figure.atLeast ? `at least ${humanDuration(f.figure.atLeast)}` : '';
    return [f.limitedBy ? `via ${f.limitedBy}` : '', atLeast, why].filter(Boolean).join('; ');
  };
  for (const [id, a] of assessments) {
    for (const mode of MODES) {
      notes.set(`${id}.${mode}.rpo`, text(a[mode].rpo));
      notes.set(`${id}.${mode}.rto`, text(a[mode].rto));
    }
  }
  return notes;
}

const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function seconds(v: number | null): string {
  return v === null ? 'n/a' : humanDuration(v);
}

function achieved(m: PostureMode, field: 'rpo' | 'rto'): string {
  const status = field === 'rpo' ? m.rpoStatus : m.rtoStatus;
  const value = field === 'rpo' ? m.achieved.rpoSeconds : m.achieved.rtoSeconds;
  if (status === 'n/a') return 'n/a';
  if (value !== null) return humanDuration(value);
  return status === 'gap' && m.achieved.bound === 'none' ? 'no protection' : 'unknown';
}

function cell(m: PostureMode): string {
  if (m.status === 'n/a') return ICON['n/a'];
  const parts = (['rpo', 'rto'] as const)
    .filter((f) => m[`${f}Status`] !== 'n/a')
    .map((f) => `${f.toUpperCase()} ${achieved(m, f)}`);
  return `${ICON[m.status]} ${parts.join('<br>')}`;
}

function rows(p: Posture, status: Status) {
  return p.entries.flatMap((e) =>
    MODES.filter((mode) => e.modes[mode].status === status).map((mode) => ({ e, mode, m: e.modes[mode] })),
  );
}

function counts(p: Posture): Record<Status, number> {
  const c = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const e of p.entries) for (const mode of MODES) c[e.modes[mode].status] += 1;
  return c;
}

/** A recovery-point-age control the checker read from a template (Backup Audit Manager), with the model's figure. */
export type ReportRecoveryPointControl = RecoveryPointControl;

export interface MarkdownOptions {
  readonly notes?: PostureNotes;
  readonly findings?: readonly ReportFinding[];
  readonly recoveryPointControls?: readonly ReportRecoveryPointControl[];
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

/** Per tier: the control's whole hours against the model's figure, so reviewers see the rounding. */
function controlTable(controls: readonly ReportRecoveryPointControl[]): string[] {
  if (controls.length === 0) return [];
  return [
    '### Backup Audit Manager: recovery-point age',
    '',
    "The control's grain is whole hours; the figure the model gives the AWS Backup rules is rounded up. Both read from the templates.",
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

export function postureMarkdown(p: Posture, catalog: Catalog, options: MarkdownOptions = {}): string {
  const notes = options.notes ?? new Map<string, string>();
  const note = (e: PostureEntry, mode: Mode, field: 'rpo' | 'rto') =>
    escape(notes.get(`${e.id}.${mode}.${field}`) ?? '');
  const c = counts(p);
  const gaps = rows(p, 'gap');
  // By field, not by the mode's overall status: an accepted RPO beside an unverified RTO is still an acceptance to see.
  const accepted = p.entries.flatMap((e) =>
    MODES.filter((mode) => e.modes[mode].rpoStatus === 'accepted' || e.modes[mode].rtoStatus === 'accepted').map(
      (mode) => ({ e, mode, m: e.modes[mode] }),
    ),
  );
  const other = (options.findings ?? []).filter(
    (f) => f.kind !== 'gap' && f.kind !== 'unverified' && !DATED.has(f.kind),
  );
  const out: string[] = [`# DR posture — ${catalog.company}`, ''];
  out.push(
    `Computed from the synthesized artifacts (CloudFormation templates and Kubernetes manifests) against \`${catalog.file}\`, ` +
      'with the figures of docs/dr-facts.md. "unknown" means no published figure until a drill or restore test records one.',
    '',
  );
  const gapEntries = [...new Set(gaps.map((g) => g.e.id))];
  out.push(
    `**In one minute:** ${p.entries.length} entries × ${MODES.length} failure modes — ` +
      `${STATUSES.filter((s) => s !== 'n/a')
        .map((s) => `${c[s]} ${s}`)
        .join(', ')}, ${c['n/a']} not applicable. ` +
      (gaps.length === 0 ? 'No gap.' : `Gaps in ${gapEntries.join(', ')}.`) +
      (other.length > 0 ? ` ${other.length} other finding(s).` : ''),
    '',
    '| Status | Modes |',
    '|---|---|',
    ...[...STATUSES].reverse().map((s) => `| ${ICON[s]} ${s} | ${c[s]} |`),
    '',
  );

  out.push(`## Gaps (${gaps.length})`, '');
  if (gaps.length === 0) out.push('None.', '');
  else {
    out.push('| Entry | Mode | Field | Target | Achieved | Mechanism | Why |', '|---|---|---|---|---|---|---|');
    for (const { e, mode, m } of gaps) {
      for (const field of ['rpo', 'rto'] as const) {
        if (m[`${field}Status`] !== 'gap') continue;
        const target = field === 'rpo' ? m.target.rpoSeconds : m.target.rtoSeconds;
        const mechanisms = m.achieved.mechanisms.map((x) => x.id).join(', ') || 'none';
        out.push(
          `| ${e.id} | ${MODE_TITLE[mode]} | ${field.toUpperCase()} | ${seconds(target)} | ${achieved(m, field)} | ${mechanisms} | ${note(e, mode, field)} |`,
        );
      }
    }
    out.push('');
  }

  out.push(`## Acceptances (${accepted.length})`, '');
  if (accepted.length === 0) out.push('None.', '');
  else {
    // The summary counts a mode by its worst field: one with an acceptance may still be unverified (or a gap).
    const worse = accepted.filter(({ m }) => m.status !== 'accepted').length;
    if (worse > 0) {
      out.push(
        `Modes whose shortfall the catalog accepts. ${worse} of them count as ${[...new Set(accepted.filter(({ m }) => m.status !== 'accepted').map(({ m }) => m.status))].join(' or ')} in the summary, where a mode is as good as its worse field.`,
        '',
      );
    }
    out.push('| Entry | Mode | Ceiling | Owner | Expires | Reason |', '|---|---|---|---|---|---|');
    for (const { e, mode, m } of accepted) {
      const a = m.acceptance;
      if (!a) continue;
      const ceiling = (['rpo', 'rto'] as const)
        .map((f) => {
          const v = f === 'rpo' ? a.rpoSeconds : a.rtoSeconds;
          return v === undefined
            ? ''
            : `${f.toUpperCase()} ${v === 'unbounded' ? 'unbounded' : `≤ ${humanDuration(v)}`}`;
        })
        .filter(Boolean)
        .join(', ');
      const from = a.inheritedFrom ? ` (from ${a.inheritedFrom})` : '';
      out.push(
        `| ${e.id} | ${MODE_TITLE[mode]} | ${ceiling}${from} | ${a.owner} | ${a.expires} | ${escape(a.reason)} |`,
      );
    }
    out.push('');
  }

  if (other.length > 0) {
    out.push(`## Other findings (${other.length})`, '');
    for (const f of other) out.push(`- **${f.rule}** ${escape(f.message)} — fix: ${escape(f.fix)}`);
    out.push('');
  }

  const unverified = rows(p, 'unverified');
  out.push(`## Unverified (${unverified.length})`, '');
  out.push('No published figure: these become met or gap when a drill or restore test records a measurement.', '');
  for (const { e, mode, m } of unverified) {
    const fields = (['rpo', 'rto'] as const).filter((f) => m[`${f}Status`] === 'unverified');
    out.push(
      `- **${e.id}** · ${MODE_TITLE[mode]} · ${fields.map((f) => `${f.toUpperCase()}: ${note(e, mode, f) || 'unknown'}`).join('; ')}`,
    );
  }
  out.push('');

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
  out.push(...chart(p));
  return `${out.join('\n').trimEnd()}\n`;
}

/** Zone-outage RTO, target against achieved, for entries with a known figure (GitHub renders Mermaid). */
function chart(p: Posture): string[] {
  const shown = p.entries.filter(
    (e) => e.modes.az.achieved.rtoSeconds !== null && e.modes.az.target.rtoSeconds !== null,
  );
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
    `  line [${shown.map((e) => minutes(e.modes.az.achieved.rtoSeconds)).join(', ')}]`,
    '```',
    '',
    'Bars: target. Line: achieved (entries with a known figure only).',
    '',
  ];
}
