// Bundles the entry points with esbuild (no type-checking: `npm run typecheck` does that; dependencies stay external)
// and the Lambda functions (dist/functions/<name>/index.js, shipped prebuilt in the package). Does nothing when every
// output is newer than every input, so `npm run synth` and `cdk ls` on an unchanged tree do not rebuild; `--force`
// rebuilds anyway. `--types` also writes the library's declarations (dist/types/, tsconfig.build.json): `npm pack`
// runs it (package.json "prepack"), nothing else needs them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ENTRIES = {
  // The library (package.json "main"/"exports"): one CommonJS bundle, so every class exists once in a consumer app.
  index: 'index.ts',
  'bin/app': 'bin/app.ts',
  'bin/dr': 'bin/dr.ts',
  // scripts/*: the scale benchmark's catalogs and its baselines (npm run bench).
  'scripts/generate-catalog': 'scripts/generate-catalog.ts',
  'scripts/baseline-app': 'scripts/baseline-app.ts',
  'scripts/baseline-include': 'scripts/baseline-include.ts',
  // npm run schema:update: the catalog's JSON Schema.
  'scripts/catalog-schema': 'scripts/catalog-schema.ts',
};
const FUNCTIONS = ['recovery-point-age', 'region-actions'];
const INPUT_DIRS = ['bin', 'lib', 'constructs', 'k8s', 'scripts'];
const INPUT_FILES = ['index.ts', 'package-lock.json', 'scripts/build.mjs'];

const outputs = [
  ...Object.keys(ENTRIES).map((e) => `dist/${e}.js`),
  ...FUNCTIONS.map((f) => `dist/functions/${f}/index.js`),
];

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : /\.(ts|json)$/.test(e.name) ? statSync(p).mtimeMs : 0);
  }
  return t;
}

const inputsChanged = () => {
  if (!outputs.every((o) => existsSync(o))) return true;
  const oldestOutput = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  const newestInput = Math.max(...INPUT_DIRS.map(newest), ...INPUT_FILES.map((f) => statSync(f).mtimeMs));
  return newestInput >= oldestOutput;
};

if (process.argv.includes('--force') || inputsChanged()) {
  // esbuild loads only when there is something to build: the check alone is what an unchanged tree pays.
  const { build } = await import('esbuild');
  const shared = { bundle: true, platform: 'node', sourcemap: 'linked', logLevel: 'warning' };
  const functionOptions = JSON.parse(readFileSync('constructs/functions/build-options.json', 'utf8'));
  await Promise.all([
    build({ ...shared, entryPoints: ENTRIES, outdir: 'dist', target: 'node20', format: 'cjs', packages: 'external' }),
    ...FUNCTIONS.map((f) =>
      build({
        ...functionOptions,
        entryPoints: [`constructs/functions/${f}/index.ts`],
        outfile: `dist/functions/${f}/index.js`,
      }),
    ),
  ]);
}

if (process.argv.includes('--types')) {
  // Declarations of what index.ts reaches, from TypeScript's native compiler (the one `npm run typecheck` runs).
  rmSync('dist/types', { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/tsgo/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
