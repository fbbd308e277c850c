import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../bin/dr';
import { check } from '../../lib/checker';
import {
  buildPosture,
  diffMarkdown,
  diffPostures,
  diffReport,
  parsePosture,
  postureJson,
  replacements,
  type Posture,
} from '../../lib/posture';
import { writeArtifacts } from '../checker/disk';
import { artifacts, catalog, primary, type MutableArtifacts } from '../checker/fixture-app';
import { capture } from '../checker/io';

const posture = (a: MutableArtifacts = artifacts(), cat = catalog()): Posture =>
  buildPosture({
    catalog: cat,
    assessments: check({ catalog: cat, artifacts: a, today: '2026-11-28' }).assessments,
    asOf: '2026-11-28',
  });
const regressions = (b: Posture, h: Posture) =>
  diffPostures(b, h)
    .filter((c) => c.kind === 'regression')
    .map((c) => `${c.entry}.${c.mode ?? '-'}: ${c.what}`);

describe('diffPostures: regressions, acceptances and improvements per entry, mode and field', () => {
  test('the same posture: no change at all', () => {
    expect(diffPostures(posture(), posture())).toEqual([]);
  });

  /** The posture with one entry's mode edited (a JSON copy, as a second synth would write it). */
  const edited = (p: Posture, id: string, mode: 'region' | 'corruption', edit: (m: Record<string, any>) => void) => {
    const copy = JSON.parse(JSON.stringify(p)) as Posture;
    edit(copy.entries.find((e) => e.id === id)!.modes[mode] as never);
    return copy;
  };

  test('an unknown figure whose known lower bound grows is a regression, even with the same status', () => {
    const p = posture();
    const at = p.entries
      .flatMap((e) => (['region', 'corruption'] as const).map((m) => ({ id: e.id, m, f: e.modes[m].rto })))
      .find((x) => x.f.seconds === null && x.f.bound === 'unknown')!;
    const lowerBound = (seconds: number) =>
      edited(p, at.id, at.m, (m) => {
        m.rto.atLeastSeconds = seconds;
      });
    expect(diffPostures(lowerBound(3900), lowerBound(14000))).toEqual([
      expect.objectContaining({
        kind: 'regression',
        entry: at.id,
        what: expect.stringMatching(/^RTO unknown \(≥ 1h 5m\) → unknown \(≥ 3h 53m\) \(still /),
      }),
    ]);
  });

  test('a loosened target is a decision (exit 3), a tightened one a change; declared recovery time changes are listed', () => {
    const base = posture();
    const id = base.entries.find((e) => e.modes.region.target.rtoSeconds !== null)!.id;
    const looser = edited(base, id, 'region', (m) => {
      m.target.rtoSeconds *= 2;
      m.rto.overheadSeconds = (m.rto.overheadSeconds ?? 0) + 600;
    });
    const kinds = diffPostures(base, looser).map((c) => `${c.kind}: ${c.what}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^acceptance: target RTO .* → .* \(loosened\)$/),
        expect.stringMatching(/^change: RTO declared recovery time included .* → .*$/),
      ]),
    );
    expect(diffPostures(looser, base).map((c) => c.kind)).not.toContain('acceptance');
  });

  test('replication removed: a status change shows target and achieved on both sides; a mechanism gone', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const [base, head] = [posture(), posture(a)];
    expect(regressions(base, head)).toEqual(
      expect.arrayContaining([
        'media.region: RPO met → gap: 15m SLA vs target 1d → no protection vs target 1d',
        'media.region: mechanism s3-replication disappeared',
        'media.corruption: RPO unverified → gap: unknown vs target 1h → unknown (≥ 2d 2h) vs target 1h',
      ]),
    );
    const back = diffPostures(head, base);
    expect(back.filter((c) => c.kind === 'regression')).toEqual([]);
    expect(back.filter((c) => c.kind === 'improvement').map((c) => c.what)).toContain(
      'RPO gap → met: no protection vs target 1d → 15m SLA vs target 1d',
    );
  });

  test('a weaker figure with the same status is a regression too, named with its bound', () => {
    const base = posture();
    const head: Posture = JSON.parse(JSON.stringify(base)) as Posture;
    const orders = head.entries.find((e) => e.id === 'orders')! as unknown as {
      modes: Record<string, { rto: { seconds: number } }>;
    };
    orders.modes.az!.rto.seconds = 200;
    expect(regressions(base, head)).toEqual(['orders.az: RTO 2m 30s typical → 3m 20s typical (still expected)']);
  });

  test('an entry that disappears is a regression; a new one shows its modes, and a gap in it is a regression', () => {
    const base = posture();
    const head: Posture = { ...base, entries: base.entries.filter((e) => e.id !== 'media') };
    expect(regressions(base, head)).toEqual(['media.-: entry disappeared (object-store, gold)']);
    const added = diffPostures(head, base).filter((c) => c.entry === 'media');
    expect(added[0]).toEqual({ kind: 'change', entry: 'media', what: 'entry added (object-store, gold)' });
    expect(added.map((c) => `${c.kind} ${c.mode ?? '-'}: ${c.what}`)).toContain(
      'change instance: new: RPO expected: 0 typical vs target 1h; RTO expected: 0 typical vs target 1h',
    );
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const gapped = posture(a);
    const newGap = diffPostures(head, gapped).filter((c) => c.entry === 'media' && c.kind === 'regression');
    expect(newGap.map((c) => `${c.mode}: ${c.what}`)).toContain(
      'region: new: RPO gap: no protection vs target 1d; RTO gap: no protection vs target 1d',
    );
  });

  test('an acceptance added, raised or extended is a decision (its own kind); lowered, an improvement', () => {
    const a = () => {
      const x = artifacts();
      delete primary(x, 'MediaBucket').ReplicationConfiguration;
      return x;
    };
    // media's tier notices corruption at once (a declared 0), so its corruption RPO is the backups' own bound.
    const noticed = { detectSeconds: 300, decideSeconds: 600, repointSeconds: 300 };
    const recovery = { outage: noticed, region: noticed, corruption: { ...noticed, unnoticedSeconds: 0 } };
    const declared = () => {
      const cat = catalog();
      return { ...cat, assets: cat.assets.map((x) => (x.id === 'media' ? { ...x, recovery } : x)) };
    };
    const accept = (rpoSeconds: number, expires = '2027-01-01') => {
      const cat = declared();
      const acceptance = {
        mode: 'corruption' as const,
        rpoSeconds,
        reason: 'daily backups are enough for media for now',
        owner: 'ops',
        expires,
      };
      return { ...cat, assets: cat.assets.map((x) => (x.id === 'media' ? { ...x, acceptances: [acceptance] } : x)) };
    };
    const [base, accepted, wider] = [
      posture(a(), declared()),
      posture(a(), accept(200000)),
      posture(a(), accept(300000)),
    ];
    const kinds = (b: Posture, h: Posture) =>
      diffPostures(b, h)
        .filter((c) => c.entry === 'media')
        .map((c) => `${c.kind}: ${c.what}`);
    expect(accepted.entries.find((e) => e.id === 'media')!.modes.corruption.rpo.status).toBe('accepted');
    expect(kinds(base, accepted)).toEqual([
      'improvement: RPO gap → accepted: ≤ 2d 2h worst vs target 1h → ≤ 2d 2h worst vs target 1h',
      'acceptance: acceptance added: RPO ≤ 2d 7h (owner ops, expires 2027-01-01): daily backups are enough for media for now',
    ]);
    expect(kinds(accepted, wider)).toEqual(['acceptance: acceptance ceiling RPO 2d 7h → 3d 11h (raised)']);
    expect(kinds(wider, accepted)).toEqual(['improvement: acceptance ceiling RPO 3d 11h → 2d 7h (lowered)']);
    expect(kinds(accepted, posture(a(), accept(200000, '2027-06-30')))).toEqual([
      'acceptance: acceptance expiry pushed back 2027-01-01 → 2027-06-30',
    ]);
  });

  test('a version-1 base posture is read and compared: its one bound applies to both fields', () => {
    const head = posture();
    const v1 = {
      version: 1,
      entries: head.entries.map((e) => ({
        ...e,
        modes: Object.fromEntries(
          Object.entries(e.modes).map(([mode, m]) => [
            mode,
            {
              target: m.target,
              achieved: {
                rpoSeconds: m.rpo.seconds,
                rtoSeconds: m.rto.seconds,
                bound: m.rto.bound === 'n/a' ? m.rpo.bound : m.rto.bound,
                mechanisms: m.mechanisms,
              },
              rpoStatus: m.rpo.status === 'expected' ? 'met' : m.rpo.status,
              rtoStatus: m.rto.status === 'expected' ? 'met' : m.rto.status,
              status: m.status === 'expected' ? 'met' : m.status,
            },
          ]),
        ),
      })),
    };
    const base = parsePosture(JSON.stringify(v1), 'v1.json');
    expect(base.version).toBe(2);
    const changes = diffPostures(base, head);
    // What round 3 changes: met on typical figures becomes expected, a regression a reviewer sees.
    expect(changes.filter((c) => c.kind === 'regression').map((c) => c.what)).toContain(
      'RTO met → expected: 2m 30s typical vs target 30m → 2m 30s typical vs target 30m',
    );
  });
});

describe('replacements: data stores a deployment would replace or remove (cloudformation-diff)', () => {
  const stacks = (a: MutableArtifacts) => a.stacks;
  test('a new DB identifier replaces the instance; a removed bucket is destroyed; a tag change is neither', () => {
    const base = artifacts();
    // A bucket CloudFormation deletes with its resource (the default policy): removing it destroys it.
    delete (base.stacks[0]!.resources as Record<string, { DeletionPolicy?: string }>).MediaBucket!.DeletionPolicy;
    const head = artifacts();
    primary(head, 'OrdersDatabase').DBInstanceIdentifier = 'renamed';
    delete head.stacks[0]!.resources.MediaBucket;
    (primary(head, 'AppSecret').Tags as { Key: string; Value: string }[]).push({ Key: 'team', Value: 'web' });
    expect(replacements(stacks(base), stacks(head)).map((r) => `${r.logicalId} ${r.impact}`)).toEqual([
      'MediaBucket destroy',
      'OrdersDatabase replace',
    ]);
  });

  test('a retained bucket dropped from the template is orphaned; a whole stack gone removes its stores', () => {
    const base = artifacts();
    (base.stacks[0]!.resources as Record<string, { DeletionPolicy?: string }>).MediaBucket!.DeletionPolicy = 'Retain';
    const head = artifacts();
    delete head.stacks[0]!.resources.MediaBucket;
    expect(replacements(stacks(base), stacks(head)).map((r) => `${r.logicalId} ${r.impact}`)).toEqual([
      'MediaBucket orphan',
    ]);
    expect(replacements(stacks(base), [head.stacks[0]!]).map((r) => `${r.stack}/${r.logicalId} ${r.impact}`)).toEqual([
      'ExampleDrPrimary/MediaBucket orphan',
      'ExampleDrRecovery/EcrKey stack-removed',
      'ExampleDrRecovery/GoldVault stack-removed',
      'ExampleDrRecovery/MediaReplica stack-removed',
      'ExampleDrRecovery/SnapshotReplica stack-removed',
    ]);
  });
});

describe('dr diff', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dr-diff-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, p: Posture | string) => {
    writeFileSync(join(dir, name), typeof p === 'string' ? p : postureJson(p));
    return join(dir, name);
  };

  test('no regression: exit 0 and a Markdown comment with the marker', async () => {
    const io = capture();
    await run(['diff', write('b.json', posture()), write('h.json', posture())], io);
    expect(io.code).toBe(0);
    expect(io.out_.join('\n')).toBe(
      '<!-- dr-posture-diff -->\n## DR posture diff\n\nNo regression. 0 improvement(s), 0 other change(s).',
    );
  });

  test('an added acceptance and nothing worse: exit 3 and its own heading, for a reviewer', async () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const cat = catalog();
    const accepting = {
      ...cat,
      assets: cat.assets.map((x) =>
        x.id === 'media'
          ? {
              ...x,
              acceptances: [
                {
                  mode: 'region' as const,
                  rpoSeconds: 'unbounded' as const,
                  rtoSeconds: 'unbounded' as const,
                  reason: 'replication to the DR Region is being rebuilt',
                  owner: 'ops',
                  expires: '2027-01-01',
                },
              ],
            }
          : x,
      ),
    };
    // The base already has the gap (a regression in its own PR); this change only accepts it.
    const io = capture();
    await run(['diff', write('b.json', posture(a)), write('h.json', posture(a, accepting))], io);
    expect(io.code).toBe(3);
    const md = io.out_.join('\n');
    expect(md).toMatch(/No regression\. \*\*1 acceptance\(s\) added or widened: a reviewer decides\.\*\*/);
    expect(md).toMatch(/^### Acceptances added or widened \(1\)$/m);
    expect(md).toMatch(/\| media \| region \| acceptance added: RPO ≤ unbounded, RTO ≤ unbounded \(owner ops/);
  });

  test('a regression: exit 1, listed in Markdown and in JSON', async () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const [b, h] = [write('b.json', posture()), write('h.json', posture(a))];
    const md = capture();
    await run(['diff', b, h], md);
    expect(md.code).toBe(1);
    expect(md.out_.join('\n')).toMatch(
      /\| media \| region \| RPO met → gap: 15m SLA vs target 1d → no protection vs target 1d \|/,
    );
    const json = capture();
    await run(['diff', b, h, '--format', 'json'], json);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out_.join('\n')) as { regressions: unknown[] }).regressions.length).toBeGreaterThan(3);
  });

  test('the replacement gate fails a posture-neutral change that replaces a database', async () => {
    const head = artifacts();
    primary(head, 'OrdersDatabase').DBInstanceIdentifier = 'renamed';
    const baseOut = writeArtifacts(artifacts(), join(dir, 'base')).cdkOut;
    const headOut = writeArtifacts(head, join(dir, 'head')).cdkOut;
    const p = write('p.json', posture());
    const io = capture();
    await run(['diff', p, p, '--base-cdk-out', baseOut, '--head-cdk-out', headOut], io);
    expect(io.code).toBe(1);
    expect(io.out_.join('\n')).toMatch(/\| ExampleDrPrimary \| OrdersDatabase \| AWS::RDS::DBInstance \| replace \|/);
  });

  test('bad input exits 2 with located messages', async () => {
    const good = write('g.json', posture());
    const cases: [string[], RegExp][] = [
      [[join(dir, 'none.json'), good], /none\.json: no such file \(the posture file\)/],
      [[write('x.json', '{'), good], /x\.json:1:2: not valid JSON$/],
      [[write('v.json', '{"version": 9, "entries": [{"id": 1}]}'), good], /v\.json: version: expected 1 or 2, got 9/],
      [[good, good, '--max-length', 'lots'], /--max-length: expected a whole number of characters, got lots/],
      [[good, good, '--base-cdk-out', dir], /--base-cdk-out and --head-cdk-out go together/],
      [[good, good, '--format', 'html'], /argument 'html' is invalid/],
    ];
    for (const [args, message] of cases) {
      const io = capture();
      await run(['diff', ...args], io);
      expect([args.join(' '), io.code]).toEqual([args.join(' '), 2]);
      expect(io.err_.join('\n')).toMatch(message);
    }
    const located = capture();
    await run(
      [
        'diff',
        write(
          'e.json',
          '{"version": 1, "entries": [{"id": "a", "kind": "k", "tier": "t", "dependsOn": [], "modes": {}}]}',
        ),
        good,
      ],
      located,
    );
    expect(located.err_[0]).toMatch(/e\.json: entries\[0\]\.modes\.instance: expected a mode, got nothing/);
    // A hand-edited or truncated posture: every field the diff reads is checked, never an internal error.
    const broken = JSON.parse(JSON.stringify(posture())) as Posture;
    const mode = broken.entries[0]!.modes.region as unknown as Record<string, any>;
    mode.acceptances = [{}];
    mode.rto.atLeastSeconds = 'abc';
    const io = capture();
    await run(['diff', good, write('b.json', broken)], io);
    expect(io.code).toBe(2);
    const region = `entries\\[0\\]\\.modes\\.region`;
    expect(io.err_.join('\n')).toMatch(
      new RegExp(`b\\.json: ${region}\\.rto\\.atLeastSeconds: expected seconds, got "abc"`),
    );
    expect(io.err_.join('\n')).toMatch(
      new RegExp(`b\\.json: ${region}\\.acceptances\\[0\\]\\.reason: expected text, got nothing`),
    );
  });
});

describe('diffMarkdown: a comment that fits GitHub', () => {
  const change = (kind: 'regression' | 'improvement' | 'change', i: number) => ({
    kind,
    entry: `entry-${i}`,
    mode: 'az' as const,
    what: `a change of some length, number ${i}`,
  });
  const report = diffReport(
    [
      ...Array.from({ length: 3 }, (_, i) => change('regression', i)),
      ...Array.from({ length: 40 }, (_, i) => change('improvement', i)),
      ...Array.from({ length: 40 }, (_, i) => change('change', i)),
    ],
    [],
  );

  test('improvements and other changes fold into <details>; regressions stay open', () => {
    const md = diffMarkdown(report);
    expect(md).toMatch(/^### Regressions \(3\)$/m);
    expect(md).toMatch(/<details>\n<summary><b>Improvements \(40\)<\/b><\/summary>/);
    expect(md).toMatch(/<details>\n<summary><b>Other changes \(40\)<\/b><\/summary>/);
  });

  test('over the limit, whole sections are left out (never half a table) and the note points at the full report', () => {
    const full = diffMarkdown(report);
    const cut = diffMarkdown(report, { maxLength: 3000, fullReportUrl: 'https://example.test/run/1' });
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut).toMatch(/^### Regressions \(3\)$/m);
    expect(cut).not.toContain('<summary><b>Other changes (40)</b></summary>');
    expect(cut).toMatch(
      /Left out to stay under GitHub's comment size: Other changes \(40\); the full diff is in the workflow run's artifact: https:\/\/example\.test\/run\/1/,
    );
    // Every table row kept is whole, and every table kept ends where the full report's does.
    for (const row of cut.split('\n').filter((l) => l.startsWith('| entry-'))) expect(full).toContain(row);
    expect(cut.split('<details>').length).toBe(cut.split('</details>').length);
  });

  test('a section too long for what is left is skipped, and a smaller one after it still fits', () => {
    const row = (i: number) => ({
      kind: 'regression' as const,
      entry: `entry-${i}`,
      mode: 'az' as const,
      what: 'x'.repeat(80),
    });
    const big = diffReport(
      [
        ...Array.from({ length: 60 }, (_, i) => row(i)),
        { kind: 'acceptance', entry: 'orders', mode: 'corruption', what: 'acceptance added: RPO ≤ 6m' },
      ],
      [],
    );
    const cut = diffMarkdown(big, { maxLength: 2000 });
    expect(cut).not.toMatch(/^### Regressions/m);
    expect(cut).toMatch(/^### Acceptances added or widened \(1\)$/m);
    expect(cut).toMatch(
      /Left out to stay under GitHub's comment size: Regressions \(60\); run `dr diff` for the full diff/,
    );
  });
});
