// `npm test`: lint, the type check and jest, side by side. jest keeps the terminal; the lint and the type check print
// their output as soon as they finish, only when they fail (they print nothing when they pass). The exit code is the
// first failure's, 0 when all three pass. Arguments go to jest (`npm test -- test/model`).
//
// Side by side rather than one after the other: the two cores are not both busy all through a jest run (its start, a
// suite waiting on redis-server or a child process), and lint and the type check fill those gaps (docs/benchmarks.md).
//
// Lint and the type check are not run again when nothing they read has changed since they last passed: a hash of every
// file of the checkout (git's list: tracked and new, not ignored), the installed dependencies' lock and the command is
// kept under node_modules/.cache/dr-test/ when they pass. Any change runs them (with their own per-file caches).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const STAMPS = 'node_modules/.cache/dr-test';
const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;

/** What lint and the type check read, as one hash; undefined outside a git checkout (then they always run). */
function inputsHash() {
  let files;
  try {
    files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1 << 26,
    });
  } catch {
    return undefined;
  }
  const hash = createHash('sha256').update(process.version);
  for (const f of [...new Set(files.split('\0').filter(Boolean)), 'node_modules/.package-lock.json'].sort()) {
    // A file deleted but not yet staged is listed by git, and absent.
    if (existsSync(f)) hash.update(`\0${f}\0`).update(readFileSync(f));
  }
  return hash.digest('hex');
}

const inputs = inputsHash();
const stampOf = (script) =>
  inputs &&
  createHash('sha256').update(`${inputs}\0${script}\0${scripts[script]}\0${scripts['lint:layers']}`).digest('hex');
const passedBefore = (script) => {
  const file = join(STAMPS, script);
  return stampOf(script) !== undefined && existsSync(file) && readFileSync(file, 'utf8') === stampOf(script);
};

/** Runs an npm script with its output kept; prints it (and fails) only when the script fails. */
function quiet(script) {
  if (passedBefore(script)) {
    process.stderr.write(`npm run ${script}: passed before on these same files, not run again\n`);
    return Promise.resolve(0);
  }
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      if (status !== 0) process.stderr.write(`\nnpm run ${script} failed (exit ${status}):\n${Buffer.concat(out)}\n`);
      // Kept only if the files are still those it started on (nothing was edited while it ran).
      else if (stampOf(script) !== undefined && inputsHash() === inputs) {
        mkdirSync(STAMPS, { recursive: true });
        writeFileSync(join(STAMPS, script), stampOf(script));
      }
      resolve(status);
    });
  });
}

// jest and its workers (which inherit these flags) without V8's background threads: three workers on two cores already
// keep both busy, and concurrent compilation and garbage collection only competed with them (warm jest 56–65 s with
// them, 51–53 s without; CPU 105–121 s against 95–100 s: docs/benchmarks.md).
const JEST_NODE_FLAGS = ['--single-threaded'];

function jest(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...JEST_NODE_FLAGS, 'node_modules/jest/bin/jest.js', ...args], {
      stdio: 'inherit',
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const [lint, typecheck, tests] = await Promise.all([quiet('lint'), quiet('typecheck'), jest(process.argv.slice(2))]);
process.exitCode = [lint, typecheck, tests].find((s) => s !== 0) ?? 0;
