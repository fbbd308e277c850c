/** The posture for people: a one-minute summary, then gaps and acceptances, per-tier tables and a chart. */
import type { Catalog } from '../catalog';
import { humanDuration } from '../catalog/duration';
import { MODES, STATUSES, type Mode, type Status } from '../model';
import type { Posture, PostureEntry, PostureMode } from './report';

const ICON: Readonly<Record<Status, string>> = { 'n/a': '·', met: '✅', accepted: '🟡', unverified: '❔', gap: '❌' };
const MODE_TITLE: Readonly<Record<Mode, string>> = { instance: 'Instance', az: 'Zone', region: 'Region', corruption: 'Corruption' };

function seconds(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : humanDuration(v);
}

function achieved(value: number | null, bound: string, atLeast?: number): string {
  if (bound === 'n/a') return 'n/a';
  if (bound === 'none') return 'no protection';
  if (value === null) return atLeast ? `unknown (≥ ${humanDuration(atLeast)})` : 'unknown';
  return `${humanDuration(value)} (${bound})`;
}

function cell(m: PostureMode): string {
  const rpo = m.rpoStatus === 'n/a' ? '' : `RPO ${achieved(m.achieved.rpoSeconds, m.achieved.rpoBound, m.achieved.rpoAtLeastSeconds)}`;
  const rto = m.rtoStatus === 'n/a' ? '' : `RTO ${achieved(m.achieved.rtoSeconds, m.achieved.rtoBound, m.achieved.rtoAtLeastSeconds)}`;
  return `${ICON[m.status]} ${[rpo, rto].filter(Boolean).join('<br>')}`;
}

function shortfalls(p: Posture, status: Status) {
  const rows: { e: PostureEntry; mode: Mode; m: PostureMode }[] = [];
  for (const e of p.entries) for (const mode of MODES) if (e.modes[mode].status === status) rows.push({ e, mode, m: e.modes[mode] });
  return rows;
}

function why(m: PostureMode, field: 'rpo' | 'rto'): string {
  const note = field === 'rpo' ? m.achieved.rpoNote : m.achieved.rtoNote;
  const limited = field === 'rpo' ? m.achieved.rpoLimitedBy : m.achieved.rtoLimitedBy;
  return [limited ? `via ${limited}` : '', note ?? ''].filter(Boolean).join(': ').replace(/\|/g, '\\|');
}

export function postureMarkdown(p: Posture, catalog: Catalog): string {
  const out: string[] = [];
  out.push(`# DR posture — ${p.company}`, '');
  out.push(
    `Computed from the synthesized artifacts against \`${catalog.file}\` (profile \`${p.profile}\`). ` +
      'Figures cite docs/dr-facts.md; "unknown" means no published figure until a drill records one.',
    '',
  );
  out.push('| Status | Modes |', '|---|---|');
  for (const s of [...STATUSES].reverse()) out.push(`| ${ICON[s]} ${s} | ${p.summary[s]} |`);
  out.push('');

  const gaps = shortfalls(p, 'gap');
  out.push(`## Gaps (${gaps.length})`, '');
  if (gaps.length === 0) out.push('None.', '');
  else {
    out.push('| Entry | Mode | Field | Target | Achieved | Why |', '|---|---|---|---|---|---|');
    for (const { e, mode, m } of gaps) {
      for (const field of ['rpo', 'rto'] as const) {
        if (m[`${field}Status`] !== 'gap') continue;
        const target = field === 'rpo' ? m.target.rpoSeconds : m.target.rtoSeconds;
        const value = field === 'rpo' ? m.achieved.rpoSeconds : m.achieved.rtoSeconds;
        const bound = field === 'rpo' ? m.achieved.rpoBound : m.achieved.rtoBound;
        out.push(`| ${e.id} | ${MODE_TITLE[mode]} | ${field.toUpperCase()} | ${seconds(target)} | ${achieved(value, bound)} | ${why(m, field)} |`);
      }
    }
    out.push('');
  }

  const accepted = shortfalls(p, 'accepted');
  out.push(`## Accepted (${accepted.length})`, '');
  if (accepted.length === 0) out.push('None.', '');
  else {
    out.push('| Entry | Mode | Accepted | Owner | Expires | Reason |', '|---|---|---|---|---|---|');
    for (const { e, mode, m } of accepted) {
      const a = m.acceptance!;
      const ceilings = [
        a.rpoSeconds !== undefined ? `RPO ${a.rpoSeconds === 'unbounded' ? 'unbounded' : `≤ ${humanDuration(a.rpoSeconds)}`}` : '',
        a.rtoSeconds !== undefined ? `RTO ${a.rtoSeconds === 'unbounded' ? 'unbounded' : `≤ ${humanDuration(a.rtoSeconds)}`}` : '',
      ].filter(Boolean);
      const from = a.inheritedFrom ? ` (from ${a.inheritedFrom})` : '';
      out.push(`| ${e.id} | ${MODE_TITLE[mode]} | ${ceilings.join(', ')}${from} | ${a.owner} | ${a.expires} | ${a.reason.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }

  const unverified = shortfalls(p, 'unverified');
  out.push(`## Unverified (${unverified.length})`, '');
  out.push('No published figure: these become met or gap when a drill or restore test records a measurement.', '');
  for (const { e, mode, m } of unverified) {
    const fields = (['rpo', 'rto'] as const).filter((f) => m[`${f}Status`] === 'unverified');
    out.push(`- **${e.id}** · ${MODE_TITLE[mode]} · ${fields.map((f) => `${f.toUpperCase()}: ${why(m, f) || 'unknown'}`).join('; ')}`);
  }
  out.push('');

  for (const tier of catalog.tiers) {
    const rows = p.entries.filter((e) => e.tier === tier.id);
    if (rows.length === 0) continue;
    out.push(`## ${tier.name} (${tier.id})`, '');
    out.push('| Entry | Kind | Target RPO / RTO | Instance | Zone | Region | Corruption |', '|---|---|---|---|---|---|---|');
    for (const e of rows) {
      const t = e.modes.instance.target;
      const target = `${t.rpoSeconds === null ? 'n/a' : seconds(t.rpoSeconds)} / ${seconds(t.rtoSeconds)}`;
      out.push(`| ${e.id} | ${e.kind} | ${target} | ${MODES.map((m) => cell(e.modes[m])).join(' | ')} |`);
    }
    out.push('');
  }

  out.push(...chart(p));
  return `${out.join('\n').trimEnd()}\n`;
}

/** Instance-failure RTO, target against achieved, for the entries with a known figure (GitHub renders Mermaid). */
function chart(p: Posture): string[] {
  const rows = p.entries.filter((e) => e.modes.instance.achieved.rtoSeconds !== null && e.modes.instance.target.rtoSeconds !== null);
  if (rows.length === 0) return [];
  const minutes = (s: number | null) => Math.round(((s ?? 0) / 60) * 10) / 10;
  return [
    '## Instance-failure RTO: target against achieved (minutes)',
    '',
    '```mermaid',
    'xychart-beta',
    `  x-axis [${rows.map((e) => `"${e.id}"`).join(', ')}]`,
    '  y-axis "minutes"',
    `  bar [${rows.map((e) => minutes(e.modes.instance.target.rtoSeconds)).join(', ')}]`,
    `  line [${rows.map((e) => minutes(e.modes.instance.achieved.rtoSeconds)).join(', ')}]`,
    '```',
    '',
    'Bars: target. Line: achieved.',
    '',
  ];
}
