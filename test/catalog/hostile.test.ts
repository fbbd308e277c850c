/**
 * More than 100 hostile or careless catalogs (hostile-cases.ts, and files that are no catalog at all: FIFOs, devices,
 * folders). Each must be refused by `dr validate` and by the synth entry, in process, with exit 2, messages located at
 * file:line:column, no stack trace, and nothing written: no cdk.out, no dist, no placement file. Time and memory are
 * bounded by the limits in the code under test (file size, YAML aliases, depth, values), not by assertions here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../bin/dr';
import type { Io } from '../../bin/io';
import { synthesize } from '../../bin/synth-app';
import { CatalogError, loadCatalog } from '../../lib/catalog';
import { BASE, HOSTILE_CASES } from './hostile-cases';

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

const TRACE = /\n\s+at |Error: .*\n/;

describe('hostile catalogs', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dr-hostile-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('the corpus has more than 100 distinct catalogs, and the fixture they come from is valid', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(HOSTILE_CASES.map((c) => c.text)).size).toBe(HOSTILE_CASES.length);
    const dir = mkdtempSync(join(root, 'base-'));
    writeFileSync(join(dir, 'catalog.yaml'), BASE);
    expect(loadCatalog(join(dir, 'catalog.yaml')).assets.map((a) => a.id)).toEqual(['orders']);
  });

  describe.each(HOSTILE_CASES.map((c, i) => ({ ...c, i })))('$name', ({ text, expect: message, i }) => {
    let dir: string;
    let file: string;
    beforeAll(() => {
      // Each catalog in a folder of its own (a project: cdk.json marks its root), so "nothing written" is checkable.
      dir = join(root, `case-${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'cdk.json'), '{}');
      file = join(dir, 'catalog.yaml');
      writeFileSync(file, text);
    });

    test('dr validate: exit 2, every message located, the expected one among them, no trace', async () => {
      const io = capture();
      await run(['validate', '--targets', file], io);
      expect(io.code).toBe(2);
      const problems = io.err_.slice(0, -1);
      expect(problems.length).toBeGreaterThan(0);
      for (const line of problems) expect(line.startsWith(`${file}:`) && /^[^:]+:\d+:\d+: /.test(line)).toBe(true);
      expect(problems.some((l) => message.test(l))).toBe(true);
      expect(io.err_.at(-1)).toMatch(/^\d+ problem\(s\) in the catalog\.$/);
      expect(io.err_.join('\n')).not.toMatch(TRACE);
    });

    test('synth: a CatalogError before anything is written', () => {
      expect(() =>
        synthesize({
          catalogFile: file,
          outdir: join(dir, 'cdk.out'),
          distDir: join(dir, 'dist'),
          validation: false,
        }),
      ).toThrow(CatalogError);
      expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'cdk.json']);
    });
  });

  test('a path that a symbolic link inside the project leads out of it is refused, located', async () => {
    const dir = mkdtempSync(join(root, 'link-'));
    const outside = mkdtempSync(join(root, 'outside-'));
    writeFileSync(join(dir, 'cdk.json'), '{}');
    symlinkSync(outside, join(dir, 'records'));
    const file = join(dir, 'catalog.yaml');
    writeFileSync(file, `${BASE}evidence: records/evidence.json\n`);
    const io = capture();
    await run(['validate', '--targets', file], io);
    expect(io.code).toBe(2);
    expect(io.err_.join('\n')).toMatch(/catalog\.yaml:\d+:\d+: catalog: evidence: .*a symbolic link leads it out/);
  });

  describe('files that are not catalogs at all', () => {
    const special: [string, (dir: string) => string, RegExp][] = [
      [
        'a FIFO',
        (d) => (execFileSync('mkfifo', [join(d, 'fifo.yaml')]), join(d, 'fifo.yaml')),
        /got a named pipe \(FIFO\)/,
      ],
      ['/dev/zero', () => '/dev/zero', /got a character device/],
      ['/dev/urandom', () => '/dev/urandom', /got a character device/],
      [
        'a symbolic link to /dev/zero',
        (d) => (symlinkSync('/dev/zero', join(d, 'link.yaml')), join(d, 'link.yaml')),
        /got a character device/,
      ],
      ['a directory', (d) => d, /got a directory/],
      ['a missing file', (d) => join(d, 'missing.yaml'), /no such file/],
      [
        'invalid UTF-8',
        (d) => (writeFileSync(join(d, 'bin.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0x41])), join(d, 'bin.yaml')),
        /not UTF-8 text/,
      ],
    ];
    test.each(special)(
      '%s: exit 2 at 1:1 from dr validate and synth, nothing read into memory',
      async (_, make, why) => {
        const dir = mkdtempSync(join(root, 'special-'));
        const file = make(dir);
        const io = capture();
        await run(['validate', '--targets', file], io);
        expect(io.code).toBe(2);
        expect(io.err_[0]).toMatch(
          new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1:1: catalog: cannot read the catalog: `),
        );
        expect(io.err_[0]).toMatch(why);
        const out = mkdtempSync(join(root, 'out-'));
        expect(() =>
          synthesize({ catalogFile: file, outdir: join(out, 'cdk.out'), distDir: join(out, 'dist') }),
        ).toThrow(CatalogError);
        expect(readdirSync(out)).toEqual([]);
      },
    );
  });
});
