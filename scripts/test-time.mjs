// `npm run bench:tests`: how long the feedback loop takes, measured (never asserted in a test). Runs, in this clone:
//   - `npm test` cold: the caches a fresh clone lacks removed first (node_modules/.cache: the synthesized app, type-check
//     and lint state, prebuilt functions; the packed-library install in the temporary folder) — `npm ci` is not counted;
//   - `npm test` warm: the same again, nothing changed;
//   - one unit suite alone (`npx jest test/model/assess.test.ts`), and the type check cold and warm.
// Usage: node scripts/test-time.mjs [--write]   (--write replaces the table between the markers in docs/benchmarks.md)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CACHES = [
  'dr-synth',
  'dr-suite-synth',
  'dr-test',
  'tsc',
  'eslint',
  'prettier',
  'dependency-cruiser',
  'dr-functions',
].map((c) => join(root, 'node_modules/.cache', c));
// The packed-library test keeps its install outside the repository, in the machine's temporary folder (jest.config.js).
const packCaches = () =>
  readdirSync(tmpdir())
    .filter((d) => d.startsWith('dr-pack-'))
    .map((d) => join(tmpdir(), d));

function time(label, cmd, args) {
  process.stderr.write(`[test-time] ${label}: ${cmd} ${args.join(' ')}\n`);
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: process.env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const jest = /^Time:\s+([\d.]+) s/m.exec(`${r.stdout}\n${r.stderr}`)?.[1];
  const tests = /^Tests:\s+(.*)$/m.exec(`${r.stdout}\n${r.stderr}`)?.[1];
  // A failing run names its failing tests on stderr, so a flaky one can be found afterwards.
  const failed = [...new Set(`${r.stdout}\n${r.stderr}`.match(/^ {2}● .* › .*$/gm) ?? [])];
  if (r.status !== 0)
    process.stderr.write(`[test-time] ${label} failed:\n${failed.join('\n') || r.stderr.slice(-4000)}\n`);
  return { label, seconds, status: r.status, jest: jest ? Number(jest) : undefined, tests };
}

const clear = () => [...CACHES, ...packCaches()].forEach((c) => rmSync(c, { recursive: true, force: true }));
clear();
const rows = [time('`npm test`, cold (caches cleared)', 'npm', ['test'])];
rows.push(time('`npm test`, warm (second run, nothing changed)', 'npm', ['test']));
rows.push(time('one unit suite: `npx jest test/model/assess.test.ts`', 'npx', ['jest', 'test/model/assess.test.ts']));
rmSync(join(root, 'node_modules/.cache/tsc'), { recursive: true, force: true });
rows.push(time('type check, cold', 'npm', ['run', '--silent', 'typecheck']));
rows.push(time('type check, warm', 'npm', ['run', '--silent', 'typecheck']));
rows.push(time('lint (eslint, prettier, layers), warm', 'npm', ['run', '--silent', 'lint']));

const machine = `node ${process.version}; ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}; ${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
const lines = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${machine}`,
  '',
  '| Step | Wall | jest\'s own "Time" | Result |',
  '|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.seconds.toFixed(1)} s | ${r.jest === undefined ? '—' : `${r.jest.toFixed(1)} s`} | ${r.status === 0 ? (r.tests ?? 'ok') : `exit ${r.status}`} |`,
  ),
];
const report = lines.join('\n');
console.log(report);
if (process.argv.includes('--write')) {
  const file = join(root, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const [begin, end] = ['<!-- tests:begin -->', '<!-- tests:end -->'];
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file}: the markers ${begin} … ${end} are missing`);
  writeFileSync(file, `${doc.slice(0, i + begin.length)}\n${report}\n${doc.slice(j)}`);
}
if (rows.some((r) => r.status !== 0)) process.exitCode = 1;
