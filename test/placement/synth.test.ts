/**
 * The placement file through synth, as `npm run synth` uses it: created when missing, extended like a lock file when
 * assets appear, never rewritten for the assets it has; a removed asset stops synth (located, exit 2, nothing
 * written) unless `-c removeAssets` names it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { cdkJsonContext, synthesize } from '../../bin/synth-app';
import { formatProblem } from '../../lib/catalog';
import { PlacementError } from '../../lib/placement';
import { reported } from '../support/cdk-report';

const MINIMAL = resolve('test/fixtures/minimal.yaml');
/** The minimal catalog, with its one DR gap accepted so synth passes the DR gate. */
const ACCEPTED = readFileSync(MINIMAL, 'utf8').replace(
  '    owns: [orders]\n    dependsOn: []\n',
  '    owns: [orders]\n    dependsOn: []\n    accept: [{ mode: region, rto: unbounded, reason: No compute runs in the DR Region yet., owner: ops, expires: 2099-01-01 }]\n',
);
if (!ACCEPTED.includes('accept:'))
  throw new Error('test/fixtures/minimal.yaml changed: its service web no longer reads as expected');
const MEDIA =
  '  - id: media\n    kind: object-store\n    rpo: 1h\n    rto: 1h\n    owner: web\n    backupMethod: S3 replication\n';
const ENTRY = (id: string) => `  ${id}: { primary: ExampleCoDrPrimary, dr: ExampleCoDrRecovery }`;

describe('synth and the placement file', () => {
  let dir: string;
  let catalog: string;
  let run = 0;
  const placement = () => join(dir, 'targets.placement.yaml');
  const synth = (context: Record<string, unknown> = {}) => {
    run += 1;
    // The catalog's service has no health signal: CDK reports that warning, which is not what these tests are about.
    const { result, report } = reported(() =>
      synthesize({
        catalogFile: catalog,
        outdir: join(dir, `cdk.out-${run}`),
        distDir: join(dir, `dist-${run}`),
        context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
        validation: false,
      }),
    );
    for (const line of report.match(/^(WARNING|ERROR) .*/gm) ?? [])
      expect(line).toMatch(/^WARNING web: no health signal/);
    return result;
  };
  const failure = (f: () => unknown): string[] => {
    try {
      f();
    } catch (e) {
      if (e instanceof PlacementError)
        return e.problems.map((p) => formatProblem({ ...p, file: p.file.replace(`${dir}/`, '') }));
      throw e;
    }
    throw new Error('expected a PlacementError');
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-placement-synth-'));
    catalog = join(dir, 'targets.yaml');
    writeFileSync(catalog, ACCEPTED);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a catalog without a placement file synthesizes, and the file is created beside it', () => {
    expect(existsSync(placement())).toBe(false);
    const result = synth();
    expect(result.placement.file).toBe(placement());
    expect(readFileSync(placement(), 'utf8')).toMatch(new RegExp(`version: 1\\nassets:\\n${ENTRY('orders')}\\n$`));
  });

  test('a new asset adds its entry; the others stay byte for byte', () => {
    writeFileSync(catalog, `${readFileSync(catalog, 'utf8')}${MEDIA}`);
    const before = readFileSync(placement(), 'utf8');
    synth();
    expect(readFileSync(placement(), 'utf8')).toBe(
      before.replace(ENTRY('orders'), `${ENTRY('media')}\n${ENTRY('orders')}`),
    );
  });

  test('an asset removed from the catalog stops synth, located, and nothing is written', () => {
    writeFileSync(catalog, ACCEPTED);
    const before = readFileSync(placement(), 'utf8');
    expect(failure(() => synth())).toEqual([
      'targets.placement.yaml:6:3: asset media: no longer in the catalog ' +
        `${catalog}: dropping it would delete its resources from ExampleCoDrPrimary and ExampleCoDrRecovery (its data stores are ` +
        'retained by CloudFormation but left unmanaged: no backups, replication or alarms). Put it back in the catalog, or drop it ' +
        'on purpose with `-c removeAssets=media`',
    ]);
    expect([existsSync(join(dir, `cdk.out-${run}`)), existsSync(join(dir, `dist-${run}`))]).toEqual([false, false]);
    expect(readFileSync(placement(), 'utf8')).toBe(before);
  });

  test('`-c removeAssets=media` drops exactly that entry', () => {
    const before = readFileSync(placement(), 'utf8');
    synth({ removeAssets: 'media' });
    expect(readFileSync(placement(), 'utf8')).toBe(before.replace(`${ENTRY('media')}\n`, ''));
  });
});

describe('bin/app.ts with a malformed placement file', () => {
  const bundle = resolve('node_modules/.cache/dr-placement-test/app.js');
  let cwd: string;
  beforeAll(() => {
    mkdirSync(resolve('node_modules/.cache/dr-placement-test'), { recursive: true });
    buildSync({
      entryPoints: ['bin/app.ts'],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
    cwd = mkdtempSync(join(tmpdir(), 'dr-placement-entry-'));
    copyFileSync('cdk.json', join(cwd, 'cdk.json'));
    copyFileSync(MINIMAL, join(cwd, 'targets.yaml'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  test('exits 2 with the located problem and writes nothing', () => {
    writeFileSync(
      join(cwd, 'targets.placement.yaml'),
      'version: 1\nassets:\n  orders: { primary: ExampleCoDrRecovery, dr: ExampleCoDrRecovery }\n',
    );
    const r = spawnSync(process.execPath, [bundle], {
      cwd,
      env: { ...process.env, DR_TARGETS: 'targets.yaml', CDK_VALIDATION: 'false' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'targets.placement.yaml:3:22: asset orders: primary: got "ExampleCoDrRecovery"; expected a stack of the primary Region: ' +
        'ExampleCoDrPrimary or ExampleCoDrPrimaryShard<n> (n ≥ 1)\n1 problem(s) in the placement file; nothing was written.\n',
    );
    expect([existsSync(join(cwd, 'cdk.out')), existsSync(join(cwd, 'dist'))]).toEqual([false, false]);
  });
});
