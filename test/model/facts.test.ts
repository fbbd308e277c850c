/** Every number the model uses rests on a row of docs/dr-facts.md, and every row id it cites exists there. */
import { readFileSync } from 'node:fs';
import { FACTS, MECHANISMS, type FactId } from '../../lib/model';

const sheet = readFileSync('docs/dr-facts.md', 'utf8');
const rowIds = new Set([...sheet.matchAll(/^\| \*\*([A-Z0-9]+-\d+)\*\* \|/gm)].map((m) => m[1]!));

describe('facts table', () => {
  test('the copy of the facts sheet has its rows (it is the one the citations resolve in)', () => {
    expect(rowIds.size).toBeGreaterThan(150);
    expect(rowIds.has('MECH-30')).toBe(true);
  });

  test.each(Object.keys(FACTS))('%s is a row of docs/dr-facts.md', (id) => {
    expect(rowIds.has(id)).toBe(true);
  });

  test.each(Object.values(MECHANISMS).map((m) => [m.id, m.row] as const))('mechanism %s models row %s of the sheet', (_id, row) => {
    expect(rowIds.has(row)).toBe(true);
  });

  // The figures the sheet publishes, checked against its own words so a typo in the table cannot pass.
  test.each<[FactId, number, RegExp]>([
    ['RDS-1', 300, /every 5 minutes/],
    ['RDS-2', 300, /within the last five minutes/],
    ['RDS-9', 120, /60–120 seconds/],
    ['RDS-10', 30, /< 30 s/],
    ['RDS-12', 35, /under 35 seconds/],
    ['RDS-15', 1800, /5–30 minutes/],
    ['BKP-1', 3600, /hourly/],
    ['BKP-3', 3600, /at least 60 minutes/],
    ['BKP-5', 1, /1 second of precision/],
    ['S3-3', 172800, /48 hours/],
    ['S3-5', 900, /99\.9%/],
    ['REDIS-5', 2, /up to 2 s/],
    ['REDIS-6', 30, /30 seconds of log/],
    ['REDIS-14', 30, /30000/],
    ['K8S-13', 40, /40 s/],
    ['K8S-14', 50, /50 s/],
    ['K8S-16', 300, /tolerationSeconds = 300/],
  ])('%s publishes %d (the sheet says %s)', (id, value, words) => {
    expect((FACTS[id] as { value?: number }).value).toBe(value);
    const row = sheet.split('\n').find((l) => l.startsWith(`| **${id}** |`));
    expect(row).toMatch(words);
  });

  test('facts the sheet calls not published carry no figure', () => {
    for (const id of ['RDS-17', 'RDS-21', 'BKP-13', 'OTH-2', 'OTH-9', 'REDIS-16'] as const) {
      expect((FACTS[id] as { value?: number }).value).toBeUndefined();
    }
  });
});
