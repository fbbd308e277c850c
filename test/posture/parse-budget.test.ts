/**
 * The posture parser reads what the SLA budget check writes (issue 17): a mode's `slaBudget` and an acceptance that
 * covers it (`slaBudgetSeconds`, fields `slaBudget`); anything else there is a located error.
 */
import { readFileSync } from 'node:fs';
import { parsePosture } from '../../lib/posture';

const committed = JSON.parse(readFileSync('docs/dr-posture.json', 'utf8')) as {
  entries: {
    id: string;
    modes: Record<string, { slaBudget?: Record<string, unknown>; acceptances: Record<string, unknown>[] }>;
  }[];
};

test('the committed posture parses back, with its SLA budget checks and the acceptances that cover them', () => {
  const region = committed.entries.map((e) => e.modes.region!);
  expect(region.some((m) => m.acceptances.some((a) => (a.fields as string[]).includes('slaBudget')))).toBe(true);
  const parsed = parsePosture(JSON.stringify(committed), 'dr-posture.json');
  expect(parsed.entries).toHaveLength(committed.entries.length);
});

test('an SLA budget check or an acceptance part the posture does not know is a located error', () => {
  const bad = structuredClone(committed);
  const m = bad.entries[0]!.modes.region!;
  m.slaBudget = { ...m.slaBudget, status: 'fine' };
  m.acceptances[0] = { ...m.acceptances[0], fields: ['slaBudget', 'latency'] };
  expect(() => parsePosture(JSON.stringify(bad), 'dr-posture.json')).toThrow(
    new RegExp(
      [
        `entries\\[0\\]\\.modes\\.region\\.slaBudget\\.status: expected one of within, over-half, over, accepted, got "fine"`,
        `[\\s\\S]*entries\\[0\\]\\.modes\\.region\\.acceptances\\[0\\]\\.fields: expected a list of rpo, rto, slaBudget`,
      ].join(''),
    ),
  );
});
