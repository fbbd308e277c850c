/**
 * Exit codes as CI reads them: 0 fine, 1 a DR finding, 2 bad input or could not run — an internal error included,
 * with one line saying it is a bug and where to report it, and no stack trace unless DEBUG is set. A handful of hostile
 * catalogs go end to end through the built `dr` and the synth entry (the rest run in process: hostile.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { internalErrorText } from '../../bin/internal-error';
import { synthesize } from '../../bin/synth-app';
import { InputError } from '../../lib/checker';
import { BASE, edit, HOSTILE_CASES } from '../catalog/hostile-cases';

const OUT = resolve('node_modules/.cache/dr-exit-codes-test');
const TRACE = /\n\s+at /;

describe('end to end: the built dr and synth entry refuse hostile catalogs with exit 2', () => {
  let dir: string;
  beforeAll(() => {
    mkdirSync(OUT, { recursive: true });
    for (const entry of ['dr', 'app'])
      buildSync({
        entryPoints: [`bin/${entry}.ts`],
        outfile: join(OUT, `${entry}.js`),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        logLevel: 'error',
      });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-exit-'));
    copyFileSync('cdk.json', join(dir, 'cdk.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const picked = ['YAML alias bomb (billion laughs)', 'tier ids tier-3 and tier_3'];
  test.each(picked)('%s', (name) => {
    const c = HOSTILE_CASES.find((x) => x.name === name)!;
    writeFileSync(join(dir, 'catalog.yaml'), c.text);
    const validate = spawnSync(process.execPath, [join(OUT, 'dr.js'), 'validate', '--targets', 'catalog.yaml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(validate.status).toBe(2);
    expect(validate.stderr).toMatch(c.expect);
    expect(validate.stderr).toMatch(/^catalog\.yaml:\d+:\d+: /);
    expect(validate.stderr).not.toMatch(TRACE);
    const synth = spawnSync(process.execPath, [join(OUT, 'app.js')], {
      cwd: dir,
      env: { ...process.env, DR_TARGETS: 'catalog.yaml', CDK_VALIDATION: 'false' },
      encoding: 'utf8',
    });
    expect(synth.status).toBe(2);
    expect(synth.stderr).toMatch(/problem\(s\) in the catalog; nothing was written\.\n$/);
    expect(synth.stderr).not.toMatch(TRACE);
    expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'cdk.json']);
  });
});

describe('files the catalog names', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-named-'));
    writeFileSync(join(dir, 'cdk.json'), '{}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const synth = (evidence: string) => {
    writeFileSync(join(dir, 'catalog.yaml'), `${BASE}evidence: ${evidence}\n`);
    return () =>
      synthesize({ catalogFile: join(dir, 'catalog.yaml'), outdir: join(dir, 'cdk.out'), distDir: join(dir, 'dist') });
  };

  test('evidence naming a FIFO is refused at once (no read that waits for a writer), nothing written', () => {
    execFileSync('mkfifo', [join(dir, 'evidence.json')]);
    expect(synth('evidence.json')).toThrow(
      /evidence\.json: expected a regular file, got a named pipe \(FIFO\) \(the evidence file\)/,
    );
    expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'cdk.json', 'evidence.json']);
  });

  test('an evidence file that is not JSON is reported by position, its content never echoed', () => {
    writeFileSync(join(dir, 'evidence.json'), 'root:x:0:0:secret-content:/root:/bin/bash\n');
    let message = '';
    try {
      synth('evidence.json')();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/evidence\.json:1:\d+: not valid JSON$/);
    expect(message).not.toMatch(/root|secret-content/);
  });

  test('a catalog path outside the project is a located catalog error', () => {
    expect(synth('../evidence.json')).toThrow(
      /catalog\.yaml:\d+:\d+: catalog: evidence: got "\.\.\/evidence\.json"; expected a file inside the project/,
    );
    expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'cdk.json']);
  });
});

describe('internal errors', () => {
  test('one line: it is a bug, where to report it, exit 2; the stack only with DEBUG', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'x')\nsecond line");
    const plain = internalErrorText('dr', e, {});
    expect(plain).toBe(
      "dr: internal error (a bug in dr-targets-as-code, not a problem with your input): Cannot read properties of undefined (reading 'x'). " +
        'Please report it (CONTRIBUTING.md, "Reporting a bug") with the output of the same command run with DEBUG=1.\n',
    );
    expect(internalErrorText('dr', e, { DEBUG: '1' })).toMatch(
      /DEBUG=1\.\nTypeError: Cannot read properties[\s\S]*\n\s+at /,
    );
  });

  test('dr: an error no command expected exits 2 with that line, not a trace', async () => {
    jest.resetModules();
    jest.doMock('../../bin/prepare', () => ({
      prepareSynth: () => {
        throw new RangeError('planner exploded');
      },
    }));
    const { run } = await import('../../bin/dr');
    const err: string[] = [];
    let code: number | undefined;
    await run(['validate', '--targets', 'test/fixtures/minimal.yaml'], {
      out: () => undefined,
      err: (l) => err.push(l),
      exit: (c) => (code = c),
    });
    expect(code).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(/^dr: internal error \(a bug .*\): planner exploded\. Please report it/),
    ]);
    jest.dontMock('../../bin/prepare');
  });

  test('synth entry: an error no step expected exits 2 (never 1, which CI reads as a DR finding)', async () => {
    jest.resetModules();
    jest.doMock('../../bin/synth-app', () => ({
      ...jest.requireActual('../../bin/synth-app'),
      synthesize: () => {
        throw new Error('template writer exploded');
      },
    }));
    const { main } = await import('../../bin/entry');
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s) => (written.push(String(s)), true));
    try {
      expect(main()).toBe(2);
    } finally {
      spy.mockRestore();
      jest.dontMock('../../bin/synth-app');
    }
    expect(written.join('')).toMatch(
      /^synth: internal error \(a bug .*\): template writer exploded\. Please report it/,
    );
    expect(written.join('')).not.toMatch(TRACE);
  });

  test('a synth that fails after planning writes neither the placement file nor the manifests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dr-failed-'));
    try {
      writeFileSync(join(dir, 'catalog.yaml'), BASE);
      jest.resetModules();
      jest.doMock('../../constructs/app', () => ({
        buildAwsApp: () => {
          throw new Error('a construct exploded');
        },
      }));
      const { synthesize: failing } = await import('../../bin/synth-app');
      expect(() =>
        failing({ catalogFile: join(dir, 'catalog.yaml'), outdir: join(dir, 'cdk.out'), distDir: join(dir, 'dist') }),
      ).toThrow('a construct exploded');
      // The App created its (empty) outdir; the placement file and dist/ were never touched.
      expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'cdk.out']);
      expect(readdirSync(join(dir, 'cdk.out'))).toEqual([]);
    } finally {
      jest.dontMock('../../constructs/app');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the edit helper fails loudly when the fixture changes', () => {
    expect(() => edit('no such text', 'x')).toThrow(/fixture no longer contains/);
  });
});
