// `npm run bench`: the scale benchmark. For catalogs of 10, 100 and 1,000 data assets (scripts/generate-catalog.ts,
// deterministic from a seed; `shipped` is dr-targets.yaml, for reference) it measures, with the built app
// (`node dist/bin/app.js`, as the CDK CLI runs it: CDK_OUTDIR in a temporary folder, cdk.json's context):
//   - synth wall time and peak RSS, with the DR checker and posture (DR on) and without (dist/scripts/baseline-app.js, the baseline),
//     runs interleaved (on/off, off/on, …) so that a noisy machine hits both alike, after one uncounted warm-up;
//     CDK's built-in CloudFormation validation is off for these (CDK_VALIDATION=false): it is measured once per size
//     on its own, as `npm run synth` runs;
//   - stacks, the largest template (resources, bytes);
//   - `dr check` over the artifacts, and `dr diff` between the catalog's posture and a copy with five targets changed.
//   - `npm run synth` side by side with plain CDK: the shipped catalog's synth as `npm run synth` and `cdk synth` run it
//     (scripts/build.mjs, then `node --single-threaded-gc dist/bin/app.js`, built-in validation on) against the same
//     templates included with cloudformation-include and synthesized by plain `node` (dist/scripts/baseline-include.js,
//     validation on) — what a team writing those templates by hand would run. --pairs interleaved pairs, medians.
// A size that fails is reported with its error; the table is still printed. Medians are what to quote.
//
// Usage: node scripts/bench.mjs [--sizes shipped,10,100,1000] [--runs 3] [--seed 1] [--validation-sizes SIZES]
//                               [--no-resource-limit] [--keep] [--write]
//   --validation-sizes   the sizes that also get the synth with built-in validation (default: all of --sizes).
//   --no-resource-limit  lifts CDK's 500-resources-per-stack check (context @aws-cdk/core:stackResourceLimit=0) to time
//                        synths CloudFormation would reject; rows measured so are marked.
//   --keep               keeps the temporary folder (catalogs, cloud assemblies, postures) and prints where it is.
//   --write              replaces the table between the markers in docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'shipped,10,100,1000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'validation-sizes': { type: 'string' },
    'no-resource-limit': { type: 'boolean', default: false },
    pairs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const seed = Number(args.seed);
const sizes = args.sizes.split(',');
const validationSizes = new Set((args['validation-sizes'] ?? args.sizes).split(','));
const CHANGED_TARGETS = 5;
const GOAL_SCALING = 10;
const GOAL_DIFF_SECONDS = 1;
const GOAL_OVERHEAD = 1.15;
const GOAL_PLAIN_CDK = 1.15;

for (const f of [
  'dist/bin/app.js',
  'dist/bin/dr.js',
  'dist/scripts/generate-catalog.js',
  'dist/scripts/baseline-app.js',
  'dist/scripts/baseline-include.js',
]) {
  if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run bench\` (it builds first)`);
}
const { generateCatalog } = createRequire(import.meta.url)(join(root, 'dist/scripts/generate-catalog.js'));
const today = process.env.DR_TODAY ?? new Date().toISOString().slice(0, 10);
const baseContext = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context;
const work = mkdtempSync(join(tmpdir(), 'dr-bench-'));

// Peak RSS of a child: /usr/bin/time -v where it exists, else a preload that reports process.resourceUsage().
const gnuTime = existsSync('/usr/bin/time');
const preload = join(work, 'rss.cjs');
writeFileSync(
  preload,
  "process.on('exit', () => process.stderr.write(`\\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\\n`));\n",
);

function run(script, scriptArgs, { cwd, env = {} }) {
  const [cmd, argv] = gnuTime
    ? ['/usr/bin/time', ['-v', 'node', script, ...scriptArgs]]
    : [process.execPath, ['--require', preload, script, ...scriptArgs]];
  const start = process.hrtime.bigint();
  // CDK_DEFAULT_ACCOUNT would replace the catalog's account; the benchmark synthesizes with the catalog's own.
  const { CDK_DEFAULT_ACCOUNT: _, ...inherited } = process.env;
  const r = spawnSync(cmd, argv, { cwd, env: { ...inherited, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const kb = gnuTime
    ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]
    : /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1];
  const status = gnuTime ? Number(/Exit status: (\d+)/.exec(r.stderr)?.[1] ?? r.status) : r.status;
  return { seconds, mb: Number(kb) / 1024, status, stderr: r.stderr, stdout: r.stdout };
}

/** The line of a failed run that says why: an error's message, or the app's own `synth failed` line. */
function why(stderr) {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = [/^[A-Za-z]*Error: /, /^ERROR /, /^synth failed/]
    .map((re) => lines.find((l) => re.test(l)))
    .find(Boolean);
  return (
    line ??
    lines.filter((l) => !/^(Command exited|Command being timed|\w[\w ()/:-]*: )/.test(l)).at(-1) ??
    'no message'
  ).slice(0, 240);
}

function synth(dir, catalog, { dr, validation }) {
  const outdir = mkdtempSync(join(dir, 'cdk.out-'));
  const context = {
    ...baseContext,
    targets: catalog,
    // Manifests and posture into dist/ of the working folder (another catalog's default is <name>.out/, bin/outputs.ts).
    out: '.',
    ...(args['no-resource-limit'] ? { '@aws-cdk/core:stackResourceLimit': 0 } : {}),
  };
  const env = {
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
    CDK_VALIDATION: validation ? 'true' : 'false',
  };
  // DR off is the baseline entry: the same app without the checker plugin and the posture (scripts/baseline-app.ts).
  const r = run(join(root, dr ? 'dist/bin/app.js' : 'dist/scripts/baseline-app.js'), [], { cwd: dir, env });
  return { ...r, outdir, error: r.status === 0 ? undefined : why(r.stderr) };
}

function templates(outdir) {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([name]) => {
      const text = readFileSync(join(outdir, `${name}.template.json`), 'utf8');
      return { name, resources: Object.keys(JSON.parse(text).Resources ?? {}).length, bytes: Buffer.byteLength(text) };
    });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function catalogFor(size, dir) {
  if (size === 'shipped') {
    // A copy, with its placement and evidence files, so that synth writes nothing into the repository.
    const base = join(dir, 'dr-targets.yaml');
    for (const f of ['dr-targets.yaml', 'dr-targets.placement.yaml', 'docs/disaster-recovery/evidence.json']) {
      if (!existsSync(join(root, f))) continue;
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(join(root, f), join(dir, f));
    }
    return { base, head: undefined, label: 'shipped catalog' };
  }
  const assets = Number(size);
  const base = join(dir, `catalog-${assets}.yaml`);
  const head = join(dir, `catalog-${assets}-changed.yaml`);
  writeFileSync(base, generateCatalog({ assets, seed, today }).yaml);
  writeFileSync(head, generateCatalog({ assets, seed, today, changedTargets: CHANGED_TARGETS }).yaml);
  return { base, head, label: `${assets} assets` };
}

function measure(size) {
  const dir = join(work, size);
  mkdirSync(dir, { recursive: true });
  const { base, head, label } = catalogFor(size, dir);
  const row = { size, label, on: [], off: [] };
  // An uncounted first synth writes the placement file beside the catalog (as the first `npm run synth` would) and
  // warms the file cache, so no counted run pays for either.
  process.stderr.write(`[bench] ${label}: warm-up synth\n`);
  const warm = synth(dir, base, { dr: false, validation: false });
  rmSync(warm.outdir, { recursive: true, force: true });
  if (warm.error) return { ...row, error: warm.error };
  process.stderr.write(`[bench] ${label}: synth ×${runs} with and without the DR check\n`);
  let kept;
  for (let i = 0; i < runs; i++) {
    for (const dr of i % 2 === 0 ? [true, false] : [false, true]) {
      const r = synth(dir, base, { dr, validation: false });
      (dr ? row.on : row.off).push(r);
      if (r.error) break;
      if (dr && !kept) kept = r.outdir;
      else rmSync(r.outdir, { recursive: true, force: true });
    }
    const failed = [...row.on, ...row.off].find((r) => r.error);
    if (failed) {
      row.error = failed.error;
      return row;
    }
  }
  row.stacks = templates(kept);
  if (validationSizes.has(size)) {
    process.stderr.write(`[bench] ${label}: synth with CDK's built-in validation\n`);
    const v = synth(dir, base, { dr: true, validation: true });
    row.validation = { seconds: v.seconds, mb: v.mb, error: v.error };
    rmSync(v.outdir, { recursive: true, force: true });
  }
  process.stderr.write(`[bench] ${label}: dr check ×${runs}\n`);
  const checks = Array.from({ length: runs }, () =>
    run(join(root, 'dist/bin/dr.js'), ['check', '--cdk-out', kept, '--k8s', join(dir, 'dist/k8s'), '--targets', base], {
      cwd: dir,
    }),
  );
  const badCheck = checks.find((c) => c.status === 2);
  row.check = badCheck
    ? { error: why(badCheck.stderr) }
    : { seconds: median(checks.map((c) => c.seconds)), summary: checks[0].stdout.trim().split('\n').at(-1) };
  if (head) {
    process.stderr.write(`[bench] ${label}: dr diff ×${runs} against ${CHANGED_TARGETS} changed targets\n`);
    const headDir = join(dir, 'head');
    mkdirSync(headDir, { recursive: true });
    // The head keeps the base's placement, as a pull request does (lib/placement: an entry never changes).
    const placement = (file) => file.replace(/\.(ya?ml)$/, '.placement.$1');
    if (existsSync(placement(base))) copyFileSync(placement(base), placement(head));
    const h = synth(headDir, head, { dr: true, validation: false });
    if (h.error) row.diff = { error: `head synth: ${h.error}` };
    else {
      const diffs = Array.from({ length: runs }, () =>
        run(
          join(root, 'dist/bin/dr.js'),
          ['diff', join(dir, 'dist/dr-posture.json'), join(headDir, 'dist/dr-posture.json')],
          { cwd: dir },
        ),
      );
      const bad = diffs.find((d) => d.status === 2);
      row.diff = bad
        ? { error: why(bad.stderr) }
        : { seconds: median(diffs.map((d) => d.seconds)), bytes: Buffer.byteLength(diffs[0].stdout) };
    }
  }
  return row;
}

/**
 * `npm run synth` against plain CDK on the same templates, in interleaved pairs (a noisy machine slows both alike).
 * Both with CDK's built-in validation on and cdk.json's context; the app side includes the build step's freshness
 * check and the node flag cdk.json gives it, the plain side is plain `node`, as a hand-written app would run.
 */
function plainCdkPairs(pairs) {
  const dir = join(work, 'plain-cdk');
  mkdirSync(dir, { recursive: true });
  const { base } = catalogFor('shipped', dir);
  const context = JSON.stringify({ ...baseContext, targets: base, out: '.' });
  const appRuns = [];
  const plainRuns = [];
  let error;
  for (let i = 0; i < pairs && !error; i++) {
    for (const side of i % 2 === 0 ? ['app', 'plain'] : ['plain', 'app']) {
      const outdir = mkdtempSync(join(dir, `cdk.out-${side}-`));
      const env = { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: context };
      let seconds;
      if (side === 'app') {
        const start = process.hrtime.bigint();
        const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
        const a = spawnSync(process.execPath, ['--single-threaded-gc', join(root, 'dist/bin/app.js')], {
          cwd: dir,
          env: { ...process.env, ...env },
          encoding: 'utf8',
        });
        seconds = Number(process.hrtime.bigint() - start) / 1e9;
        if (b.status !== 0 || a.status !== 0) error = why(`${b.stderr}\n${a.stderr}`);
        else appRuns.push({ seconds, outdir });
      } else {
        const source =
          appRuns.at(-1)?.outdir ??
          (() => {
            const first = synth(dir, base, { dr: true, validation: false });
            if (first.error) error = first.error;
            return first.outdir;
          })();
        if (error) break;
        const r = run(join(root, 'dist/scripts/baseline-include.js'), [source], { cwd: dir, env });
        if (r.status !== 0) error = `plain CDK: ${why(r.stderr)}`;
        else plainRuns.push({ seconds: r.seconds, outdir });
      }
    }
  }
  return { app: appRuns.map((r) => r.seconds), plain: plainRuns.map((r) => r.seconds), error };
}

const rows = sizes.map(measure);
process.stderr.write(`[bench] npm run synth beside plain CDK (cloudformation-include), ${args.pairs} pairs\n`);
const plain = plainCdkPairs(Number(args.pairs));
if (args.keep) process.stderr.write(`[bench] kept ${work}\n`);
else rmSync(work, { recursive: true, force: true });

// ---- Report ----
const s = (x) => (x === undefined ? '—' : `${x.toFixed(2)} s`);
const mbOf = (xs) => `${median(xs.map((r) => r.mb)).toFixed(0)} MB`;
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const cpu = cpus();
const machine = `node ${process.version}; ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}; ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${type()} ${release()}`;
const lines = [];
lines.push(
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${machine} · ${runs} run(s) per figure (median) · seed ${seed} · peak RSS via ${gnuTime ? '/usr/bin/time -v' : 'process.resourceUsage()'}${args['no-resource-limit'] ? ' · **CDK resource limit lifted** (timing only: CloudFormation would reject templates over 500 resources)' : ''}`,
);
lines.push('');
lines.push(
  '| Catalog | Synth, DR on | Synth, DR off | Overhead | Peak RSS | Stacks | Largest template | Synth with built-in validation | `dr check` | `dr diff` |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|');
const synthOn = new Map();
for (const r of rows) {
  if (r.error) {
    lines.push(`| ${r.label} | failed: ${r.error.replace(/\|/g, '\\|')} | | | | | | | | |`);
    continue;
  }
  const on = median(r.on.map((x) => x.seconds));
  const off = median(r.off.map((x) => x.seconds));
  synthOn.set(r.size, on);
  const largest = [...r.stacks].sort((a, b) => b.resources - a.resources)[0];
  const validation = r.validation
    ? `${s(r.validation.seconds)}, ${r.validation.mb.toFixed(0)} MB${r.validation.error ? ` (failed: ${r.validation.error.replace(/\|/g, '\\|').slice(0, 60)}…)` : ''}`
    : 'not run';
  const check = r.check.error ? `failed: ${r.check.error}` : s(r.check.seconds);
  const diff = r.diff === undefined ? '—' : r.diff.error ? `failed: ${r.diff.error}` : s(r.diff.seconds);
  lines.push(
    `| ${r.label} | ${s(on)} (${r.on.map((x) => x.seconds.toFixed(1)).join(', ')}) | ${s(off)} (${r.off.map((x) => x.seconds.toFixed(1)).join(', ')}) | ${(on / off).toFixed(2)} | ${mbOf(r.on)} | ${r.stacks.length} | ${largest.name}: ${largest.resources} resources, ${kb(largest.bytes)} | ${validation} | ${check} | ${diff} |`,
  );
}
lines.push('');
const scaling = synthOn.has('1000') && synthOn.has('100') ? synthOn.get('1000') / synthOn.get('100') : undefined;
const diff1000 = rows.find((r) => r.size === '1000')?.diff;
const overheads = rows
  .filter((r) => !r.error)
  .map((r) => `${r.label} ${(median(r.on.map((x) => x.seconds)) / median(r.off.map((x) => x.seconds))).toFixed(2)}`);
const verdict = (ok) => (ok ? 'met' : 'not met');
lines.push('Goals (reported, never asserted):');
lines.push('');
lines.push(
  `- 1,000 assets within ${GOAL_SCALING}× the synth time of 100: ${scaling === undefined ? 'not measured (a size failed)' : `${scaling.toFixed(1)}× — ${verdict(scaling <= GOAL_SCALING)}`}`,
);
lines.push(
  `- \`dr diff\` of two 1,000-asset postures under ${GOAL_DIFF_SECONDS} s: ${diff1000?.seconds === undefined ? `not measured${diff1000?.error ? ` (${diff1000.error})` : ''}` : `${s(diff1000.seconds)} — ${verdict(diff1000.seconds < GOAL_DIFF_SECONDS)}`}`,
);
lines.push(
  `- the policy layer's overhead (DR on ÷ DR off, interleaved) ≤ ${GOAL_OVERHEAD}: ${overheads.length ? overheads.join(' · ') : 'not measured'}`,
);
if (plain.error || plain.app.length === 0 || plain.plain.length === 0) {
  lines.push(
    `- \`npm run synth\` ÷ plain CDK on the same templates ≤ ${GOAL_PLAIN_CDK}: not measured (${plain.error ?? 'no run'})`,
  );
} else {
  const ratio = median(plain.app) / median(plain.plain);
  lines.push(
    `- \`npm run synth\` ÷ plain CDK on the same templates (cloudformation-include, validation on, ${plain.app.length} interleaved pairs) ≤ ${GOAL_PLAIN_CDK}: ` +
      `${s(median(plain.app))} (${plain.app.map((x) => x.toFixed(2)).join(', ')}) ÷ ${s(median(plain.plain))} (${plain.plain.map((x) => x.toFixed(2)).join(', ')}) = ${ratio.toFixed(2)} — ${verdict(ratio <= GOAL_PLAIN_CDK)}`,
  );
}
for (const r of rows.filter((x) => x.check?.summary)) lines.push(`- \`dr check\` of ${r.label}: ${r.check.summary}`);
const report = lines.join('\n');
console.log(report);

if (args.write) {
  const file = join(root, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const [begin, end] = ['<!-- bench:begin -->', '<!-- bench:end -->'];
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file}: the markers ${begin} … ${end} are missing`);
  writeFileSync(file, `${doc.slice(0, i + begin.length)}\n${report}\n${doc.slice(j)}`);
  process.stderr.write(`[bench] wrote ${resolve(file)}\n`);
}
