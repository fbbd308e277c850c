#!/usr/bin/env node
// The `dr` command as package.json "bin". `npm ci` builds dist/ (the "prepare" script); if that has not happened,
// build it now with esbuild so `npx dr` works on any fresh clone.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'bin', 'dr.js');
if (!existsSync(entry)) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
require(entry)
  .run(process.argv.slice(2))
  .catch((e) => {
    process.stderr.write(`dr: ${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  });
