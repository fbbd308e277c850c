/**
 * What a jest worker keeps loaded across its test files (test/support/worker-runtime.js): the heavy, pure packages,
 * and this repository's sources whose imports reach nothing else.
 */
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

/**
 * Packages whose modules a worker loads once and keeps for all its test files (test/support/worker-environment.js
 * gives those files one context, so the modules' realm is theirs). They are the heavy, pure ones; no test mocks them.
 * The AWS SDK is not among them: tests stub its clients' prototypes, file by file.
 */
const KEPT_PACKAGE =
  /^(aws-cdk-lib|constructs|cdk8s|cdk8s-plus-27|cdk-nag|yaml|zod|ajv|kubernetes-models|@aws-cdk\/[^/]+|@cdklabs\/[^/]+)$/;
const IN_KEPT_PACKAGE = new RegExp(`/node_modules/(${KEPT_PACKAGE.source.slice(2, -2)})/`);
const SOURCE_ROOTS = ['index.ts', 'lib', 'constructs', 'k8s', 'bin'];

/**
 * This repository's source files that a worker keeps too: those whose imports, followed all the way, reach only kept
 * packages, Node's own modules and other kept sources (lib/model, the checker, the constructs, the charts, …; not
 * what reaches the AWS SDK). Found once per worker from the files' import lines, so a new SDK import un-keeps its
 * file and everything that imports it.
 */
function keptSources(root) {
  const files = [];
  const walk = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) files.push(path);
  };
  for (const r of SOURCE_ROOTS) walk(join(root, r));
  const resolveSource = (from, spec) =>
    [`${spec}.ts`, join(spec, 'index.ts'), spec]
      .map((c) => resolve(dirname(from), c))
      .find((c) => existsSync(c) && statSync(c).isFile());
  const IMPORT =
    /^(?:import|export)(?! type )[^;]*?\sfrom '([^']+)'|^import '([^']+)'|\brequire\('([^']+)'\)|\bimport\('([^']+)'\)/gms;
  const imports = new Map(
    files.map((f) => [f, [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4])]),
  );
  const kept = new Set(files);
  const fine = (from, spec) => {
    if (spec.startsWith('.')) return kept.has(resolveSource(from, spec));
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    return spec.startsWith('node:') || KEPT_PACKAGE.test(pkg);
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const f of kept) {
      if (imports.get(f).every((spec) => fine(f, spec))) continue;
      kept.delete(f);
      changed = true;
    }
  }
  return kept;
}

module.exports = { KEPT_PACKAGE, IN_KEPT_PACKAGE, keptSources };
