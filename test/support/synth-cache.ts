/**
 * Where the suite's one synthesized app lives: a folder under node_modules/.cache keyed by a hash of everything the
 * synth reads (sources, catalog, placement file, evidence, cdk.json, the lock file, this setup, the date it judges by).
 * A second `npm test` in the same clone reuses it; any change to an input builds a new one. Old folders are pruned.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const CACHE_ROOT = join('node_modules', '.cache', 'dr-synth');

/** Folders whose .ts files the synth runs, and single files it reads. */
const SOURCE_DIRS = ['bin', 'lib', 'constructs', 'k8s'];
const INPUT_FILES = [
  'dr-targets.yaml',
  'dr-targets.placement.yaml',
  'cdk.json',
  'package-lock.json',
  'docs/disaster-recovery/evidence.json',
  'test/support/global-setup.ts',
  'test/support/synth-cache.ts',
];

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The cache key: a hash of the inputs' paths and contents, and the date acceptances and evidence are judged on. */
export function synthKey(today: string, root = '.'): string {
  const hash = createHash('sha256');
  const files = [...SOURCE_DIRS.flatMap((d) => walk(join(root, d))), ...INPUT_FILES.map((f) => join(root, f))].sort();
  for (const f of files) {
    hash.update(relative(root, f));
    hash.update('\0');
    hash.update(existsSync(f) && statSync(f).isFile() ? readFileSync(f) : 'absent');
    hash.update('\0');
  }
  hash.update(today);
  return hash.digest('hex').slice(0, 16);
}
