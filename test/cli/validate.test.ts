/** `dr validate` through the real command parser: exit codes, located messages, no stack traces. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';

function capture(): Io & { out_: string[]; err_: string[]; code?: number } {
  const io = {
    out_: [] as string[],
    err_: [] as string[],
    code: undefined as number | undefined,
    out: (l: string) => io.out_.push(l),
    err: (l: string) => io.err_.push(l),
    exit: (c: number) => {
      io.code = c;
    },
  };
  return io;
}

describe('dr validate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-cli-'));
    process.env.DR_TODAY = '2026-12-07'; // acceptances are judged on a fixed day
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.DR_TARGETS;
    delete process.env.DR_TODAY;
  });

  test('judges acceptances as synth does: expired is exit 1, within 30 days a warning with exit 0', async () => {
    process.env.DR_TODAY = '2027-07-01';
    const expired = capture();
    await run(['validate'], expired);
    expect(expired.code).toBe(1);
    expect(expired.err_.join('\n')).toMatch(/\[DR-ACCEPT-EXPIRED\] .*2027-06-30/);
    process.env.DR_TODAY = '2027-06-10';
    const expiring = capture();
    await run(['validate'], expiring);
    expect(expiring.code).toBe(0);
    expect(expiring.err_.join('\n')).toMatch(/\[DR-ACCEPT-EXPIRING\] .*2027-06-30/);
    expect(expiring.err_.join('\n')).not.toMatch(/DR-ACCEPT-EXPIRED/);
  });

  test('accepts the shipped catalog (dr-targets.yaml by default) and exits 0', async () => {
    const io = capture();
    await run(['validate'], io);
    expect(io.code).toBe(0);
    expect(io.out_.join('\n')).toMatch(/^dr-targets\.yaml: valid — 3 tiers, 11 services, 13 assets, 5 drills/);
  });

  test("from a subfolder of the project the default is still the root's dr-targets.yaml; --targets stays relative to the working directory", async () => {
    const root = process.cwd();
    process.chdir(join(root, 'docs'));
    try {
      const io = capture();
      await run(['validate'], io);
      expect(io.code).toBe(0);
      expect(io.out_.join('\n')).toMatch(/^\.\.\/dr-targets\.yaml: valid/);
      const rel = capture();
      await run(['validate', '--targets', 'dr-targets.yaml'], rel);
      expect(rel.code).toBe(2);
      expect(rel.err_[0]).toBe('dr-targets.yaml:1:1: catalog: cannot read the catalog: no such file');
    } finally {
      process.chdir(root);
    }
  });

  test("in another project (a folder with its own dr-targets.yaml), that project's catalog is the default", async () => {
    const root = process.cwd();
    writeFileSync(join(dir, 'dr-targets.yaml'), readFileSync('test/fixtures/minimal.yaml', 'utf8'));
    const sub = join(dir, 'nested');
    mkdirSync(sub);
    process.chdir(sub);
    try {
      const io = capture();
      await run(['validate'], io);
      expect(io.code).toBe(0);
      expect(io.out_.join('\n')).toMatch(/^\.\.\/dr-targets\.yaml: valid — \d+ tiers?, \d+ services?, 1 assets?/);
    } finally {
      process.chdir(root);
    }
  });

  test('a broken catalog exits 2 with every located problem and no stack trace', async () => {
    const file = join(dir, 'broken.yaml');
    const text = readFileSync('test/fixtures/minimal.yaml', 'utf8')
      .replace('rto: 30m', 'rto: half an hour')
      .replace('kind: postgres', 'kind: oracle');
    writeFileSync(file, text);
    const io = capture();
    await run(['validate', '--targets', file], io);
    expect(io.code).toBe(2);
    expect(io.err_[0]).toBe(
      `${file}:42:11: asset orders: kind: got "oracle"; expected one of postgres, mysql, redis, redis-cache, object-store, git, secret`,
    );
    expect(io.err_[1]).toBe(
      `${file}:44:10: asset orders: rto: got "half an hour"; expected a duration such as 0, 30s, 15m, 1h, 24h or 35d`,
    );
    expect(io.err_.join('\n')).not.toMatch(/\n\s+at /);
  });

  test('DR_TARGETS chooses the catalog when --targets is absent', async () => {
    process.env.DR_TARGETS = join(dir, 'missing.yaml');
    const io = capture();
    await run(['validate'], io);
    expect(io.code).toBe(2);
    expect(io.err_[0]).toBe(`${join(dir, 'missing.yaml')}:1:1: catalog: cannot read the catalog: no such file`);
  });

  test('an unknown option is a usage error (exit 2)', async () => {
    const io = capture();
    await run(['validate', '--target', 'x.yaml'], io);
    expect(io.code).toBe(2);
    expect(io.err_.join('\n')).toMatch(/unknown option '--target'/);
  });
});
