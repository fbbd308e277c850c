/** The posture picture: each cell's halves take the colour of the RPO and RTO statuses, and text is escaped. */
import { MODES, STATUSES } from '../../lib/model';
import { postureMatrixSvg, STATUS_COLOURS, type Posture, type PostureMode } from '../../lib/posture';

const field = (status: PostureMode['rpo']['status']) => ({
  seconds: null,
  bound: 'n/a' as const,
  status,
  limitedBy: [],
});
const mode = (rpo: PostureMode['rpo']['status'], rto: PostureMode['rto']['status']): PostureMode => ({
  target: { rpoSeconds: 60, rtoSeconds: 60 },
  rpo: field(rpo),
  rto: field(rto),
  status: rto,
  mechanisms: [],
  acceptances: [],
});

const posture: Posture = {
  version: 2,
  asOf: '2026-12-07',
  entries: [
    {
      id: 'orders<db>',
      kind: 'postgres',
      tier: 't',
      dependsOn: [],
      modes: {
        instance: mode('met', 'expected'),
        az: mode('accepted', 'unverified'),
        region: mode('gap', 'n/a'),
        corruption: mode('expected', 'gap'),
      },
    },
  ],
};

test('every status has its own colour', () => {
  expect(new Set(STATUSES.map((s) => STATUS_COLOURS[s])).size).toBe(STATUSES.length);
});

test('each mode cell is two rectangles, RPO then RTO, in their statuses’ colours; the entry id is escaped', () => {
  const svg = postureMatrixSvg(posture, 'DR posture — A & B');
  const fills = [
    ...svg.matchAll(/<g><title>[^<]*<\/title><rect [^>]*fill="([^"]+)"\/><rect [^>]*fill="([^"]+)"\/><\/g>/g),
  ];
  const e = posture.entries[0]!;
  expect(fills.map((f) => [f[1], f[2]])).toEqual(
    MODES.map((m) => [STATUS_COLOURS[e.modes[m].rpo.status], STATUS_COLOURS[e.modes[m].rto.status]]),
  );
  expect(svg).toContain('orders&lt;db&gt;');
  expect(svg).toContain('DR posture — A &amp; B');
  expect(svg).not.toContain('<db>');
});
