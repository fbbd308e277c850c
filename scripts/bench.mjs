// `npm run bench`: synth wall time and peak memory of the Lomash Wood catalog, with and without CDK's built-in
// CloudFormation validation. Runs the built app (`node dist/bin/app.js`, built by `npm run bench` first) as a child
// process with CDK_OUTDIR in a temporary folder and cdk.json's context, as the CDK CLI would. Prints a table; the
// medians are what to quote (the machine is shared and noisy). Usage: node scripts/bench.mjs [runs=3] [catalog]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const catalog = process.argv[3] ?? 'dr-targets.yaml';
if (!existsSync('dist/bin/app.js')) throw new Error('dist/bin/app.js is missing: run `npm run bench` (it builds first)');
const context = { ...JSON.parse(readFileSync('cdk.json', 'utf8')).context, targets: catalog };

// Peak RSS of the child: /usr/bin/time -v where it exists, else a preload that reports process.resourceUsage().
const gnuTime = existsSync('/usr/bin/time');
const work = mkdtempSync(join(tmpdir(), 'dr-bench-'));
const preload = join(work, 'rss.cjs');
writeFileSync(preload, "process.on('exit', () => process.stderr.write(`\\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\\n`));\n");

function once(validation) {
  const outdir = mkdtempSync(join(work, 'cdk.out-'));
  const env = { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_VALIDATION: validation ? 'true' : 'false' };
  const [cmd, args] = gnuTime ? ['/usr/bin/time', ['-v', 'node', 'dist/bin/app.js']] : [process.execPath, ['--require', preload, 'dist/bin/app.js']];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`synth failed (validation ${validation}):\n${r.stderr}`);
  const kb = gnuTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] : /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1];
  const stacks = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).artifacts;
  const counts = Object.entries(stacks)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([name]) => [name, Object.keys(JSON.parse(readFileSync(join(outdir, `${name}.template.json`), 'utf8')).Resources).length]);
  rmSync(outdir, { recursive: true, force: true });
  return { seconds, mb: Number(kb) / 1024, counts };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const validation of [true, false]) {
  const results = Array.from({ length: runs }, () => once(validation));
  rows.push({ validation, seconds: median(results.map((r) => r.seconds)), mb: median(results.map((r) => r.mb)), counts: results[0].counts, all: results.map((r) => r.seconds.toFixed(2)) });
}
rmSync(work, { recursive: true, force: true });

console.log(`catalog ${catalog}; ${runs} run(s) each; node ${process.version}; ${cpus().length} CPU(s), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; peak RSS via ${gnuTime ? '/usr/bin/time -v' : 'process.resourceUsage()'}`);
console.log(`resources per stack: ${rows[0].counts.map(([n, c]) => `${n} ${c}`).join(', ')}`);
console.log('| built-in validation | wall (median) | peak RSS (median) | runs (s) |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.validation ? 'on' : 'off'} | ${r.seconds.toFixed(2)} s | ${r.mb.toFixed(0)} MB | ${r.all.join(', ')} |`);
