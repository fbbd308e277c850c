/**
 * The synth entry point (bin/app.ts) as `npm run synth` runs it: a DR finding fails synth with the findings printed
 * and no stack trace (exit 1), the posture already written; a catalog problem exits 2 and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const CATALOG = resolve('test/fixtures/bookshop.yaml');
// Bundled next to node_modules so the app's dependencies resolve; run in a scratch folder so it writes there.
const BUNDLE = resolve('node_modules/.cache/dr-entry-test/app.js');

function synth(cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BUNDLE], {
    cwd,
    env: { ...process.env, CDK_VALIDATION: 'false', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('bin/app.ts', () => {
  let cwd: string;
  beforeAll(() => {
    mkdirSync(resolve('node_modules/.cache/dr-entry-test'), { recursive: true });
    buildSync({
      entryPoints: ['bin/app.ts'],
      outfile: BUNDLE,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
  });
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'dr-entry-'));
    copyFileSync('cdk.json', join(cwd, 'cdk.json'));
    // The scratch project's own catalog (its dr-targets.yaml): its outputs go to cdk.out/ and dist/, as in this repository.
    copyFileSync(CATALOG, join(cwd, 'dr-targets.yaml'));
    copyFileSync(CATALOG.replace(/\.yaml$/, '.placement.yaml'), join(cwd, 'dr-targets.placement.yaml'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test('no failing finding: exit 0, everything written, a summary that says so; run again, nothing on disk changes', () => {
    const r = synth(cwd, { DR_TODAY: '2026-11-28' });
    expect(r.code).toBe(0);
    // Nothing but the summary: no bundler line (the function is prebuilt), no progress outside a terminal.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^DR synth: 2 stacks → cdk\.out\/: FernhillBooksDrRecovery \(us-west-2, \d+ resources\), FernhillBooksDrPrimary \(us-east-1, \d+ resources\)$/,
    );
    expect(lines.slice(1, 3)).toEqual([
      '  8 manifest files → dist/k8s/', // with fis-experiments.k8s.yaml: a service has a health signal
      expect.stringMatching(
        /^ {2}posture → dist\/dr-posture\.json and \.md: 9 entries × 4 modes: .* Findings: 0 failing, /,
      ),
    ]);
    expect(lines.at(-2)).toMatch(
      /^ {2}changed: dist\/dr-posture\.json, dist\/dr-posture\.md, dist\/dr-posture\.svg, dist\/runbooks\/README\.md, .* and \d+ more$/,
    );
    expect(lines.at(-1)).toMatch(/^ {2}done in \d+\.\d s$/);
    const files = ['cdk.out/manifest.json', 'dist/k8s/checkout.k8s.yaml', 'dist/dr-posture.json', 'dist/dr-posture.md'];
    for (const f of files) expect([f, existsSync(join(cwd, f))]).toEqual([f, true]);

    const written = files.slice(1).map((f) => join(cwd, f));
    const before = written.map((f) => statSync(f).mtimeMs);
    const again = synth(cwd, { DR_TODAY: '2026-11-28' });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^ {2}nothing changed on disk besides the cloud assembly$/m);
    expect(written.map((f) => statSync(f).mtimeMs)).toEqual(before);
  });

  test('an expired acceptance fails synth: the findings, no stack trace, exit 1, the posture still written', () => {
    // Nothing in the environment turns the check off: DR_CHECK=off changes nothing.
    const r = synth(cwd, { DR_TODAY: '2027-04-01', DR_CHECK: 'off' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /ERROR \[DR-ACCEPT-EXPIRED\] checkout · region: the acceptance expired on 2027-03-31 \(owner platform\)/,
    );
    expect(r.stderr).toMatch(
      /synth failed: 5 DR finding\(s\); accept a gap only with `accept:` in the catalog\. The posture is in dist\/dr-posture\.json\./,
    );
    expect(r.stderr).not.toMatch(/\n\s+at \S+ \(/);
    expect(existsSync(join(cwd, 'dist/dr-posture.json'))).toBe(true);
  });

  test('outside a test runner CDK prints its report: each DR finding is printed once, then the summary', () => {
    // NODE_ENV=test (jest's) puts CDK in its in-memory mode, where the report goes into the error instead.
    const r = synth(cwd, { DR_TODAY: '2027-04-01', NODE_ENV: '' });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/checkout · region: the acceptance expired on 2027-03-31/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/Rule DR-posture::DR-ACCEPT-EXPIRED/);
    expect(r.stderr).toMatch(
      /synth failed: 5 DR finding\(s\) \(reported above\); accept a gap only with `accept:` in the catalog\./,
    );
    expect(r.stderr).not.toMatch(/\n\s+at \S+ \(/);
  });

  test('with failSynthOnValidationErrors false CDK leaves reporting to the app: the findings are printed here, once', () => {
    const config = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
    config.context['@aws-cdk/core:failSynthOnValidationErrors'] = false;
    writeFileSync(join(cwd, 'cdk.json'), JSON.stringify(config));
    const r = synth(cwd, { DR_TODAY: '2027-04-01', NODE_ENV: '' });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/checkout · region: the acceptance expired on 2027-03-31/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/ERROR \[DR-ACCEPT-EXPIRED\]/);
    expect(r.stderr).toMatch(/synth failed: 5 DR finding\(s\); accept a gap/);
  });

  test('a broken catalog exits 2 with located messages and writes nothing', () => {
    writeFileSync(join(cwd, 'broken.yaml'), 'version: 2\n');
    const r = synth(cwd, { DR_TARGETS: join(cwd, 'broken.yaml') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:1:\d+: .*version/);
    expect([existsSync(join(cwd, 'dist')), existsSync(join(cwd, 'broken.out'))]).toEqual([false, false]);
  });

  test('another catalog writes into its own folder beside it (<name>.out/), never into cdk.out/ or dist/', () => {
    copyFileSync(CATALOG, join(cwd, 'other.yaml'));
    const r = synth(cwd, { DR_TARGETS: 'other.yaml', DR_TODAY: '2026-11-28' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^DR synth: 2 stacks → other\.out\/cdk\.out\/: /);
    expect(r.stderr).toMatch(/^ {2}posture → other\.out\/dist\/dr-posture\.json and \.md: /m);
    expect(existsSync(join(cwd, 'other.out/dist/k8s/checkout.k8s.yaml'))).toBe(true);
    expect(existsSync(join(cwd, 'other.placement.yaml'))).toBe(true);
    expect([existsSync(join(cwd, 'cdk.out')), existsSync(join(cwd, 'dist'))]).toEqual([false, false]);
  });

  test('--out DIR (npm run synth -- --out DIR) puts cdk.out/ and dist/ under DIR', () => {
    const r = spawnSync(process.execPath, [BUNDLE, '--out', 'elsewhere'], {
      cwd,
      env: { ...process.env, CDK_VALIDATION: 'false', DR_TODAY: '2026-11-28' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(existsSync(join(cwd, 'elsewhere/cdk.out/manifest.json'))).toBe(true);
    expect(existsSync(join(cwd, 'elsewhere/dist/dr-posture.json'))).toBe(true);
    expect(existsSync(join(cwd, 'dist'))).toBe(false);
  });

  test("under the CDK CLI, another catalog may not write over the default catalog's cdk.out/: exit 2, the way out named", () => {
    copyFileSync(CATALOG, join(cwd, 'other.yaml'));
    const context = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
    const r = synth(cwd, {
      CDK_OUTDIR: join(cwd, 'cdk.out'),
      CDK_CONTEXT_JSON: JSON.stringify({ ...context.context, targets: 'other.yaml' }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "other.yaml is not the project's dr-targets.yaml: its cloud assembly would overwrite cdk.out/; give it its own, e.g. cdk synth -c targets=other.yaml -o other.out/cdk.out\n",
    );
    expect(existsSync(join(cwd, 'cdk.out'))).toBe(false);
  });
});
