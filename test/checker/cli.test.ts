/** `dr check` through the real command parser, on artifacts written to disk: exit codes 0/1/2, located messages. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../bin/dr';
import { parsePosture } from '../../lib/posture';
import { writeArtifacts } from './disk';
import { capture } from './io';
import { artifacts, CATALOG_FILE, primary } from './fixture-app';

describe('dr check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-check-'));
    process.env.DR_TODAY = '2026-11-28';
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.DR_TODAY;
  });
  const check = async (args: string[], a = artifacts()) => {
    const paths = writeArtifacts(a, dir);
    const io = capture();
    await run(['check', '--targets', CATALOG_FILE, '--cdk-out', paths.cdkOut, '--k8s', paths.k8s, ...args], io);
    return io;
  };

  test('artifacts that implement the plan: exit 0, a summary, unverified figures counted', async () => {
    const io = await check([]);
    expect(io.code).toBe(0);
    expect(io.out_.at(-1)).toMatch(
      /^7 entries × 4 modes: .*Findings: 0 failing, \d+ unverified, \d+ expected \(--strict fails on both\), 0 warnings\.$/,
    );
  });

  test('--strict fails on unverified figures', async () => {
    expect((await check(['--strict'])).code).toBe(1);
  });

  test('a gap: exit 1 naming asset, mode, target and achieved, and the fix', async () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const io = await check([], a);
    expect(io.code).toBe(1);
    const text = io.out_.join('\n');
    expect(text).toMatch(/GAP \[DR-GAP\] media · region · RPO: target 1d, achieved no protection/);
    expect(text).toMatch(/fix s3-replication is missing — add an enabled `ReplicationConfiguration` rule/);
  });

  test('--json: the findings as data', async () => {
    const io = await check(['--json']);
    const out = JSON.parse(io.out_.join('\n')) as {
      failed: boolean;
      summary: Record<string, number>;
      findings: { rule: string }[];
    };
    expect(out.failed).toBe(false);
    expect(out.findings.every((f) => f.rule.startsWith('DR-'))).toBe(true);
  });

  test('--posture-out FILE.json: the posture from the artifacts on disk, Markdown and picture beside it, even on a gap', async () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const out = join(dir, 'reports', 'nightly.json');
    const io = await check(['--posture-out', out], a);
    expect(io.code).toBe(1);
    const posture = parsePosture(readFileSync(out, 'utf8'), out);
    expect(posture.asOf).toBe('2026-11-28');
    expect(posture.entries.find((e) => e.id === 'media')!.modes.region.status).toBe('gap');
    const md = readFileSync(join(dir, 'reports', 'nightly.md'), 'utf8');
    expect(md).toContain('](nightly.svg)');
    expect(readFileSync(join(dir, 'reports', 'nightly.svg'), 'utf8')).toMatch(/^<svg/);
  });

  test('--posture-out must name a .json file: exit 2, nothing written', async () => {
    const io = await check(['--posture-out', join(dir, 'posture.md')]);
    expect(io.code).toBe(2);
    expect(io.err_.join('\n')).toMatch(/--posture-out: expected a \.json file/);
    expect(existsSync(join(dir, 'posture.md'))).toBe(false);
  });

  test('bad input exits 2 with located messages and no stack trace', async () => {
    const missing = capture();
    await run(['check', '--targets', CATALOG_FILE, '--cdk-out', join(dir, 'nope'), '--k8s', dir], missing);
    expect([missing.code, missing.err_]).toEqual([
      2,
      [`${join(dir, 'nope')}: no such directory (the cloud assembly, e.g. cdk.out)`],
    ]);

    const paths = writeArtifacts(artifacts(), dir);
    writeFileSync(join(paths.k8s, 'broken.k8s.yaml'), 'kind: ConfigMap\nmetadata: {name: [\n');
    const yaml = capture();
    await run(['check', '--targets', CATALOG_FILE, '--cdk-out', paths.cdkOut, '--k8s', paths.k8s], yaml);
    expect(yaml.code).toBe(2);
    expect(yaml.err_[0]).toMatch(/broken\.k8s\.yaml:\d+:\d+: not valid YAML/);
    expect(yaml.err_.join('\n')).not.toMatch(/\n\s+at \S+ \(|line \d+, column/);
  });

  test('--evidence: a missing file or a malformed record exits 2', async () => {
    const noFile = await check(['--evidence', join(dir, 'none.json')]);
    expect([noFile.code, noFile.err_]).toEqual([2, [`${join(dir, 'none.json')}: no such evidence file`]]);
    writeFileSync(join(dir, 'e.json'), '[{"asset": "orders"}]');
    const bad = await check(['--evidence', join(dir, 'e.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err_[0]).toBe(`${join(dir, 'e.json')}: [0].region: expected a non-empty string, got nothing`);
  });

  test('DR_TODAY past the acceptances: exit 1 on the expired acceptances', async () => {
    process.env.DR_TODAY = '2027-07-01';
    const io = await check([]);
    expect(io.code).toBe(1);
    expect(io.out_.join('\n')).toMatch(
      /ERROR \[DR-ACCEPT-EXPIRED\] web · region: the acceptance expired on 2027-06-30 \(owner ops\)/,
    );
  });

  test('a DR_TODAY that is not a date exits 2', async () => {
    process.env.DR_TODAY = 'tomorrow';
    const io = await check([]);
    expect([io.code, io.err_]).toEqual([2, ['DR_TODAY: expected an ISO date such as 2026-11-28, got tomorrow']]);
  });
});
