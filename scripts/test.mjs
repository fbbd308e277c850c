// `npm test`: lint, the type check and jest, side by side. jest keeps the terminal; the lint and the type check print
// their output as soon as they finish, only when they fail (they print nothing when they pass). The exit code is the
// first failure's, 0 when all three pass. Arguments go to jest (`npm test -- test/model`).
//
// Side by side rather than one after the other: the two cores are not both busy all through a jest run (its start, a
// suite waiting on redis-server or a child process), and lint and the type check fill those gaps (docs/benchmarks.md).
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs an npm script with its output kept; prints it (and fails) only when the script fails. */
function quiet(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      if (status !== 0) process.stderr.write(`\nnpm run ${script} failed (exit ${status}):\n${Buffer.concat(out)}\n`);
      resolve(status);
    });
  });
}

function jest(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/jest/bin/jest.js', ...args], { stdio: 'inherit' });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const [lint, typecheck, tests] = await Promise.all([quiet('lint'), quiet('typecheck'), jest(process.argv.slice(2))]);
process.exitCode = [lint, typecheck, tests].find((s) => s !== 0) ?? 0;
