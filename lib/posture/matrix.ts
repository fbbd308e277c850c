/**
 * The posture as a picture (`dr-posture.svg`, committed next to the Markdown and linked from it): entries down, failure
 * modes across, each cell coloured by its status, with the RPO and RTO statuses as two halves. Plain SVG, no script, no
 * external font: GitHub renders it in a file view and in Markdown. Deterministic, like the rest of the posture.
 */
import { MODES, STATUSES, type Status } from '../model';
import type { Posture } from './report';

/** One colour per status, chosen to read apart for common colour-vision deficiencies (Okabe–Ito based). */
export const STATUS_COLOURS: Readonly<Record<Status, string>> = {
  'n/a': '#e8e8e8',
  met: '#009e73',
  expected: '#56b4e9',
  accepted: '#f0e442',
  unverified: '#e69f00',
  gap: '#d55e00',
};

const MODE_TITLE = { instance: 'Instance', az: 'Zone', region: 'Region', corruption: 'Corruption' } as const;
const ROW = 22;
const CELL = 96;
const LABEL = 220;
const TOP = 48;
const LEGEND = 40;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function postureMatrixSvg(p: Posture, title: string): string {
  const width = LABEL + CELL * MODES.length + 16;
  const height = TOP + ROW * p.entries.length + LEGEND;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escape(title)}: status per entry and failure mode (left half RPO, right half RTO)</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="bold">${escape(title)}</text>`,
  ];
  MODES.forEach((mode, i) => {
    out.push(`<text x="${LABEL + CELL * i + CELL / 2}" y="${TOP - 8}" text-anchor="middle">${MODE_TITLE[mode]}</text>`);
  });
  p.entries.forEach((e, row) => {
    const y = TOP + ROW * row;
    out.push(`<text x="8" y="${y + 15}">${escape(e.id)}</text>`);
    MODES.forEach((mode, i) => {
      const m = e.modes[mode];
      const x = LABEL + CELL * i;
      const half = (CELL - 4) / 2;
      const tip = `${e.id} · ${MODE_TITLE[mode]}: RPO ${m.rpo.status}, RTO ${m.rto.status}`;
      out.push(
        `<g><title>${escape(tip)}</title>` +
          `<rect x="${x + 2}" y="${y + 2}" width="${half}" height="${ROW - 4}" fill="${STATUS_COLOURS[m.rpo.status]}"/>` +
          `<rect x="${x + 2 + half}" y="${y + 2}" width="${half}" height="${ROW - 4}" fill="${STATUS_COLOURS[m.rto.status]}"/>` +
          `</g>`,
      );
    });
  });
  const legendY = TOP + ROW * p.entries.length + 16;
  STATUSES.forEach((s, i) => {
    const x = 8 + i * 100;
    out.push(
      `<rect x="${x}" y="${legendY}" width="14" height="14" fill="${STATUS_COLOURS[s]}"/>`,
      `<text x="${x + 20}" y="${legendY + 12}">${s}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
