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

  test.each(Object.values(MECHANISMS).map((m) => [m.id, m.row] as const))(
    'mechanism %s models row %s of the sheet',
    (_id, row) => {
      expect(rowIds.has(row)).toBe(true);
    },
  );

  // Every figure of the table, checked against the sheet's own words so a typo cannot pass. A figure added to the
  // table without a line here fails the coverage test below.
  const FIGURES: readonly [FactId, string, number, RegExp][] = [
    ['RDS-1', 'value', 300, /every 5 minutes/],
    ['RDS-2', 'value', 300, /within the last five minutes/],
    ['RDS-4', 'value', 35, /0–35 days/],
    ['RDS-4', 'apiDefault', 1, /Default is 1 day through API\/CLI/],
    ['RDS-9', 'value', 120, /60–120 seconds/],
    ['RDS-10', 'value', 30, /< 30 s/],
    ['RDS-12', 'value', 35, /under 35 seconds/],
    ['RDS-13', 'value', 20, /Up to 20 replicated backups per destination Region/],
    ['RDS-15', 'value', 1800, /5–30 minutes/],
    ['BKP-1', 'value', 3600, /hourly/],
    ['BKP-2', 'value', 28800, /start within 8 h/],
    ['BKP-2', 'completionWindow', 604800, /complete within 7 days/],
    ['BKP-3', 'value', 3600, /at least 60 minutes/],
    ['BKP-5', 'value', 1, /1 second of precision/],
    ['BKP-5', 'maxRetentionDays', 35, /Continuous retention is 1–35 days/],
    ['BKP-15', 'value', 3, /ChangeableForDays ≥ 3/],
    ['BKP-19', 'value', 50, /Max 50 controls per account per Region/],
    ['S3-3', 'value', 172800, /48 hours/],
    ['S3-4', 'value', 900, /99\.99 percent\*\* of those objects within 15 minutes/],
    ['S3-5', 'value', 900, /99\.9%/],
    ['REDIS-1', 'default1Seconds', 3600, /save 3600 1 300 100 60 10000/],
    ['REDIS-1', 'default1Changes', 1, /save 3600 1 300 100 60 10000/],
    ['REDIS-1', 'default2Seconds', 300, /save 3600 1 300 100 60 10000/],
    ['REDIS-1', 'default2Changes', 100, /save 3600 1 300 100 60 10000/],
    ['REDIS-1', 'default3Seconds', 60, /save 3600 1 300 100 60 10000/],
    ['REDIS-1', 'default3Changes', 10000, /save 3600 1 300 100 60 10000/],
    ['REDIS-4', 'value', 1, /may lose 1 second of data/],
    ['REDIS-5', 'value', 2, /up to 2 s/],
    ['REDIS-6', 'value', 30, /30 seconds of log/],
    ['REDIS-12', 'minReplicasToWrite', 0, /min-replicas-to-write` \(default 0/],
    ['REDIS-12', 'minReplicasMaxLag', 10, /min-replicas-max-lag` \(default 10 s\)/],
    ['REDIS-14', 'value', 30, /30000/],
    ['K8S-3', 'value', 1, /defaults to \*\*1\*\*/],
    ['K8S-7', 'value', 10, /periodSeconds 10/],
    ['K8S-7', 'timeoutSeconds', 1, /timeoutSeconds 1/],
    ['K8S-7', 'failureThreshold', 3, /failureThreshold 3/],
    ['K8S-13', 'value', 40, /40 s/],
    ['K8S-13', 'monitorPeriod', 5, /node-monitor-period` 5 s/],
    ['K8S-14', 'value', 50, /50 s/],
    ['K8S-16', 'value', 300, /tolerationSeconds = 300/],
    ['OTH-3', 'value', 7 * 86400, /recovery window of 7–30 days/],
    ['OTH-3', 'maxRecoveryWindow', 30 * 86400, /recovery window of 7–30 days/],
    ['MECH-1', 'value', 1, /to the second/],
    ['EKS-1', 'value', 29, /Kubernetes \*\*1\.29\*\* or later/],
    ['ARC-2', 'value', 3600, /\*\*default 60\*\*/],
    ['OTH-5', 'value', 30, /\(default 30; fixed after creation\)/],
    ['OTH-5', 'failureThreshold', 3, /default \*\*3\*\*/],
    ['R53-1', 'value', 60, /for a load balancer 60 s/],
  ];

  test.each(FIGURES)('%s %s is %d (the sheet says %s)', (id, name, value, words) => {
    const fact = FACTS[id] as { value?: number; values?: Record<string, number> };
    expect(name === 'value' ? fact.value : fact.values?.[name]).toBe(value);
    const row = sheet.split('\n').find((l) => l.startsWith(`| **${id}** |`));
    expect(row).toMatch(words);
  });

  test('every figure in the table is checked above', () => {
    const inTable = Object.entries(FACTS).flatMap(([id, f]) => {
      const fact = f as { value?: number; values?: Record<string, number> };
      return [
        ...(fact.value !== undefined ? [`${id} value`] : []),
        ...Object.keys(fact.values ?? {}).map((k) => `${id} ${k}`),
      ];
    });
    expect(inTable.sort()).toEqual(FIGURES.map(([id, name]) => `${id} ${name}`).sort());
  });

  test('facts the sheet calls not published carry no figure', () => {
    for (const id of ['RDS-17', 'RDS-21', 'BKP-13', 'OTH-2', 'OTH-9', 'REDIS-16'] as const) {
      expect((FACTS[id] as { value?: number }).value).toBeUndefined();
    }
  });
});
