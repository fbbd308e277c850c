/**
 * Lambda code as a prebuilt bundle, so synth never runs a bundler for it: in this repository it is built once from
 * the TypeScript source with esbuild and kept under node_modules/.cache by a hash of the sources it can import; an
 * installed package ships it prebuilt in dist/functions/ (`npm run build`) and has no sources to build from.
 *
 * The bundle matches what NodejsFunction made of the same entry: one minified CommonJS file for Node 24, with the
 * AWS SDK v3 left to the runtime.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import BUILD_OPTIONS from './build-options.json';

/** esbuild options, shared with scripts/build.mjs, which builds the shipped copy. */
const FUNCTION_BUILD_OPTIONS = BUILD_OPTIONS as BuildOptions;

const memo = new Map<string, string>();

/**
 * The path of a function's bundled `index.js`: built from `constructs/functions/<name>/index.ts` when the sources are
 * here, else the prebuilt `dist/functions/<name>/index.js` of the installed package.
 */
export function functionBundle(name: string, from: string = __dirname): string {
  const key = `${name}@${from}`;
  let path = memo.get(key);
  if (!path) memo.set(key, (path = locate(name, from)));
  return path;
}

function locate(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const source = [
      join(dir, 'functions', name, 'index.ts'),
      join(dir, 'constructs', 'functions', name, 'index.ts'),
    ].find(existsSync);
    if (source) return buildFromSource(source);
    const prebuilt = join(dir, 'dist', 'functions', name, 'index.js');
    if (existsSync(prebuilt)) return prebuilt;
    if (dirname(dir) === dir) {
      throw new Error(
        `function ${name}: neither constructs/functions/${name}/index.ts nor dist/functions/${name}/index.js above ${from}`,
      );
    }
  }
}

/** Builds into a cache folder keyed by the hash of every TypeScript file the function could import. */
function buildFromSource(entry: string): string {
  const root = projectRoot(entry);
  const hash = createHash('sha256');
  for (const file of [...tsFiles(join(root, 'lib')), ...tsFiles(dirname(dirname(entry)))].sort()) {
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  const out = join(root, 'node_modules', '.cache', 'dr-functions', hash.digest('hex').slice(0, 16), 'index.js');
  if (!existsSync(out)) {
    // esbuild is a build-time tool: only a source checkout needs it, never an installed package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as { buildSync(options: BuildOptions): unknown };
    const scratch = `${out}.${process.pid}.tmp`;
    mkdirSync(dirname(out), { recursive: true });
    esbuild.buildSync({ ...FUNCTION_BUILD_OPTIONS, entryPoints: [entry], outfile: scratch });
    renameSync(scratch, out);
  }
  return out;
}

function projectRoot(entry: string): string {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${entry}`);
  }
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/**
 * A folder holding the bundle and the files that travel with it (a function's configuration), named by their content:
 * the same code and files give the same folder, and so the same asset hash.
 */
export function functionAssetDir(bundle: string, files: Readonly<Record<string, string>>): string {
  const code = readFileSync(bundle);
  const hash = createHash('sha256').update(code);
  for (const [name, text] of Object.entries(files).sort()) hash.update(name).update('\0').update(text).update('\0');
  const dir = join(tmpdir(), 'dr-function-assets', hash.digest('hex').slice(0, 32));
  if (!existsSync(join(dir, 'index.js'))) {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'index.js'), code);
  }
  return dir;
}
