import { check, parseEvidence, type EvidenceRecord } from '../../lib/checker';
import type { Catalog } from '../../lib/catalog';
import { artifacts, catalog } from './fixture-app';

const record = (r: Partial<EvidenceRecord> = {}): EvidenceRecord => ({
  asset: 'orders',
  mode: 'region',
  region: 'eu-west-1',
  recoveryKind: 'pitr-restore',
  durationSeconds: 3600,
  date: '2026-11-20',
  recoveryPointArn: 'arn:aws:backup:eu-west-1:123456789012:recovery-point:abc',
  restoredBytes: 1000,
  sourceBytes: 1000,
  ...r,
});
/** The fixture with a declared recovery overhead (20 minutes to notice, decide and repoint): a measured RTO counts with it. */
const OVERHEAD = { detectSeconds: 300, decideSeconds: 600, repointSeconds: 300 };
function declared(): Catalog {
  const c = catalog();
  const recovery = { outage: OVERHEAD, region: OVERHEAD, corruption: { ...OVERHEAD, unnoticedSeconds: 300 } };
  return { ...c, assets: c.assets.map((a) => ({ ...a, recovery })) };
}
const run = (evidence: EvidenceRecord[], today = '2026-11-28', cat = declared()) =>
  check({ catalog: cat, artifacts: artifacts(), evidence, today });

describe('evidence: a measured restore turns an unknown RTO into a known one', () => {
  test('without evidence the Region-loss RTO of orders is unverified; with it, met, as measured plus the overhead', () => {
    expect(run([]).assessments.get('orders')!.region.rtoStatus).toBe('unverified');
    const r = run([record()]);
    expect(r.assessments.get('orders')!.region.rtoStatus).toBe('met');
    expect(r.assessments.get('orders')!.region.rto).toMatchObject({
      kind: 'figure',
      figure: { seconds: 3600 + 1200, bound: 'measured' },
      evidence: { date: '2026-11-20', source: 'pitr-restore in eu-west-1', validUntil: '2027-02-18' },
    });
  });

  test('without a declared recovery overhead a measured restore is not the whole recovery: still unverified', () => {
    const r = run([record()], '2026-11-28', catalog());
    expect(r.assessments.get('orders')!.region.rto).toMatchObject({ figure: { seconds: null, atLeast: 3600 } });
    expect(r.assessments.get('orders')!.region.rtoStatus).toBe('unverified');
  });

  test('the worst measurement wins; one slower than the target is a gap', () => {
    const r = run([record(), record({ durationSeconds: 2 * 86400 })]);
    expect(r.assessments.get('orders')!.region.rtoStatus).toBe('gap');
  });

  test('a restore under half the source size does not count', () => {
    const r = run([record({ restoredBytes: 499 })]);
    expect(r.assessments.get('orders')!.region.rtoStatus).toBe('unverified');
    expect(r.findings.filter((f) => f.kind === 'evidence-rejected').map((f) => f.message)).toEqual([
      'pitr-restore of orders (region, 2026-11-20): restored 499 of 1000 bytes, under half the source: it does not count',
    ]);
  });

  test('a Region-loss restore in the primary Region does not count', () => {
    const r = run([record({ region: 'eu-west-2' })]);
    expect(r.assessments.get('orders')!.region.rtoStatus).toBe('unverified');
  });

  test('past the tier’s validity (90 days, judged on the posture’s date) it no longer counts, with a warning', () => {
    const r = run([record({ date: '2026-01-01' })]);
    expect(r.assessments.get('orders')!.region.rtoStatus).toBe('unverified');
    const f = r.findings.filter((x) => x.kind === 'evidence-expired');
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      [
        'warning',
        'pitr-restore of orders (region, 2026-01-01): valid until 2026-04-01 for tier gold; it no longer counts',
      ],
    ]);
    // The same record on its last valid day still counts.
    expect(run([record({ date: '2026-01-01' })], '2026-04-01').assessments.get('orders')!.region.rtoStatus).toBe('met');
  });
});

describe('evidence of a fault-injection experiment (dr drill --mode, dr audit --evidence)', () => {
  const experiment = (r: Partial<EvidenceRecord> = {}): EvidenceRecord => ({
    asset: 'orders',
    mode: 'instance',
    region: 'eu-west-2',
    recoveryKind: 'fault-injection',
    durationSeconds: 95,
    date: '2026-11-20',
    run: 'FIS experiment EXP1 of template EXT1 (dr drill)',
    measured: 'Multi-AZ failover of orders: RDS-EVENT-0013 to RDS-EVENT-0049',
    ...r,
  });

  test('needs no recovery point or sizes; its measurement replaces the instance figure, with what was measured as source', () => {
    const text = JSON.stringify([experiment()]);
    expect(parseEvidence(text, 'e.json')).toEqual([experiment()]);
    const rto = run([experiment()]).assessments.get('orders')!.instance.rto;
    expect(rto).toMatchObject({
      kind: 'figure',
      figure: { seconds: 95, bound: 'measured' },
      evidence: {
        date: '2026-11-20',
        source:
          'Multi-AZ failover of orders: RDS-EVENT-0013 to RDS-EVENT-0049 in eu-west-2, FIS experiment EXP1 of template EXT1 (dr drill)',
      },
    });
  });

  test('a measured FAIL (over the target) is a gap, not a missing record', () => {
    const target = catalog().assets.find((a) => a.id === 'orders')!.modes.instance.rtoSeconds;
    const r = run([experiment({ durationSeconds: target + 60 })]);
    expect(r.assessments.get('orders')!.instance.rtoStatus).toBe('gap');
  });

  test('a restore record still needs its recovery point and sizes; `measured` must be text', () => {
    const { recoveryPointArn: _a, restoredBytes: _r, ...bare } = record();
    expect(() => parseEvidence(JSON.stringify([bare, experiment({ measured: '' })]), 'e.json')).toThrow(
      [
        'e.json: [0].recoveryPointArn: expected a non-empty string, got nothing',
        'e.json: [0].restoredBytes: expected a number ≥ 0, got nothing',
        'e.json: [1].measured: expected a non-empty string, got ""',
      ].join('\n'),
    );
  });
});

describe('parseEvidence: every problem located by index and field', () => {
  test('bad records', () => {
    const text = JSON.stringify([record(), { ...record(), mode: 'zone', durationSeconds: -1, date: '20 Nov' }, 'x']);
    expect(() => parseEvidence(text, 'evidence.json')).toThrow(
      [
        'evidence.json: [1].durationSeconds: expected a number ≥ 0, got -1',
        'evidence.json: [1].mode: expected one of instance, az, region, corruption, got "zone"',
        'evidence.json: [1].date: expected an ISO date such as 2026-11-20, got "20 Nov"',
        'evidence.json: [2]: expected an object',
      ].join('\n'),
    );
  });
  test('not JSON, not an array', () => {
    expect(() => parseEvidence('{', 'e.json')).toThrow(/^e\.json:1:2: not valid JSON$/);
    expect(() => parseEvidence('{}', 'e.json')).toThrow('e.json: expected a JSON array of evidence records');
  });
});
