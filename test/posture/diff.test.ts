import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../bin/dr';
import { check } from '../../lib/checker';
import { buildPosture, diffPostures, postureJson, replacements, type Posture } from '../../lib/posture';
import { writeArtifacts } from '../checker/disk';
import { artifacts, catalog, primary, type MutableArtifacts } from '../checker/fixture-app';
import { capture } from '../checker/io';

const posture = (a: MutableArtifacts = artifacts(), cat = catalog()): Posture =>
  buildPosture({ catalog: cat, assessments: check({ catalog: cat, artifacts: a, today: '2026-11-28' }).assessments });
const regressions = (b: Posture, h: Posture) =>
  diffPostures(b, h)
    .filter((c) => c.kind === 'regression')
    .map((c) => `${c.entry}.${c.mode ?? '-'}: ${c.what}`);

describe('diffPostures: regressions and improvements per entry and mode', () => {
  test('the same posture: no change at all', () => {
    expect(diffPostures(posture(), posture())).toEqual([]);
  });

  test('replication removed: status up the order, a figure worse, a mechanism gone — and the reverse is an improvement', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const [base, head] = [posture(), posture(a)];
    expect(regressions(base, head)).toEqual(
      expect.arrayContaining([
        'media.region: status unverified → gap',
        'media.region: achieved RPO 15m → unknown',
        'media.region: bound unknown → none',
        'media.region: mechanism s3-replication disappeared',
        'media.corruption: achieved RPO 0 → 1d 2h',
      ]),
    );
    const back = diffPostures(head, base);
    expect(back.filter((c) => c.kind === 'regression')).toEqual([]);
    expect(back.filter((c) => c.kind === 'improvement').map((c) => c.what)).toContain('status gap → unverified');
  });

  test('an entry that disappears is a regression; a new one is a change', () => {
    const base = posture();
    const head: Posture = { ...base, entries: base.entries.filter((e) => e.id !== 'media') };
    expect(regressions(base, head)).toEqual(['media.-: entry disappeared (object-store, gold)']);
    expect(diffPostures(head, base).map((c) => c.kind)).toEqual(['change']);
  });

  test('an acceptance added, or its ceiling raised, is a regression; lowered, an improvement', () => {
    const a = () => {
      const x = artifacts();
      delete primary(x, 'MediaBucket').ReplicationConfiguration;
      return x;
    };
    const accept = (rpoSeconds: number) => {
      const cat = catalog();
      const acceptance = {
        mode: 'corruption' as const,
        rpoSeconds,
        reason: 'daily backups are enough for media for now',
        owner: 'ops',
        expires: '2027-01-01',
      };
      return { ...cat, assets: cat.assets.map((x) => (x.id === 'media' ? { ...x, acceptances: [acceptance] } : x)) };
    };
    const [base, accepted, wider] = [posture(a()), posture(a(), accept(100000)), posture(a(), accept(200000))];
    expect(accepted.entries.find((e) => e.id === 'media')!.modes.corruption.rpoStatus).toBe('accepted');
    expect(regressions(base, accepted)).toEqual(['media.corruption: acceptance added (owner ops, expires 2027-01-01)']);
    expect(regressions(accepted, wider)).toEqual(['media.corruption: acceptance ceiling RPO raised 1d 3h → 2d 7h']);
    expect(diffPostures(wider, accepted).map((c) => `${c.kind}: ${c.what}`)).toEqual([
      'improvement: acceptance ceiling RPO lowered 2d 7h → 1d 3h',
    ]);
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

  test('a regression: exit 1, listed in Markdown and in JSON', async () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const [b, h] = [write('b.json', posture()), write('h.json', posture(a))];
    const md = capture();
    await run(['diff', b, h], md);
    expect(md.code).toBe(1);
    expect(md.out_.join('\n')).toMatch(/\| media \| region \| status unverified → gap \|/);
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
      [[write('v.json', '{"version": 9, "entries": [{"id": 1}]}'), good], /v\.json: version: expected 1, got 9/],
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
  });
});
