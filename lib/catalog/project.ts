/** The project a catalog or a working directory belongs to. */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The project the working directory is in: the nearest folder at or above it that holds a `dr-targets.yaml` or a
 * `cdk.json` (the repository root); the working directory itself when there is none.
 */
export function projectRootOf(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dr-targets.yaml')) || existsSync(join(dir, 'cdk.json'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/** A file of the project, as a path relative to the working directory (just `name` when run from the root). */
export function projectFileOf(name: string, cwd: string): string {
  return relative(cwd, join(projectRootOf(cwd), name)) || name;
}
