#!/usr/bin/env node
// The `dr` command as package.json "bin". In a source checkout it first brings dist/ up to date (scripts/build.mjs
// rebuilds only when a source is newer than its output: about 60 ms when nothing changed), so `npx dr` never runs code
// older than lib/. An installed package ships dist/ prebuilt and has no sources: it runs it as is.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

// Only errors of the shim itself land here (a failed build, a missing dist/): the command reports its own, exit 2 and
// one line, the stack only with DEBUG (bin/internal-error.ts).
function fail(e) {
  const message = String((e && e.message) || e).split('\n')[0];
  process.stderr.write(`dr: internal error (a bug): ${message}; report it (CONTRIBUTING.md, "Reporting a bug")\n`);
  if (process.env.DEBUG && e && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
}

try {
  const root = join(__dirname, '..');
  const build = join(root, 'scripts', 'build.mjs');
  if (existsSync(build) && existsSync(join(root, 'bin', 'dr.ts'))) {
    execFileSync(process.execPath, [build], { cwd: root, stdio: 'inherit' });
  }
  require(join(root, 'dist', 'bin', 'dr.js'))
    .run(process.argv.slice(2))
    .catch(fail);
} catch (e) {
  fail(e);
}
