/**
 * Text the catalog carries into templates, manifests, scripts and files: no characters another layer would interpret,
 * and no path that leaves the project.
 * - `{{resolve:` is a CloudFormation dynamic reference: in a description it would be replaced by a parameter or a
 *   secret's value at deploy time. `${` is substitution in Fn::Sub and in the shell scripts the charts write.
 * - Control characters (other than tab and line feed) and Unicode bidirectional controls corrupt stack descriptions and
 *   YAML, or show reviewers text other than what is deployed.
 * - `evidence` and `drillLog` are written by drills and audits: they must stay in the project (the repository root or
 *   the catalog's folder). Paths on the command line are the user's choice and are not limited here.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { projectRootOf } from './project';
import type { Path, Problem } from './problems';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const INTERPRETED: readonly [RegExp, string][] = [
  [/\{\{\s*resolve:/i, 'a CloudFormation dynamic reference ({{resolve:…}}), which CloudFormation would replace'],
  [/\$\{/, '${, which Fn::Sub and the shell would substitute'],
];

/** Every string value of the document (keys are checked by the schema), walked without recursion. */
export function characterProblems(root: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: [unknown, Path][] = [[root, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const why = stringProblem(value);
      if (why) problems.push({ path, message: why, value });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, [...path, i]]));
    } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      for (const [k, v] of Object.entries(value)) stack.push([v, [...path, k]]);
    }
  }
  return problems;
}

export function stringProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return 'expected text without control or bidirectional-override characters';
  const hit = INTERPRETED.find(([re]) => re.test(text));
  return hit ? `expected text without ${hit[1]}` : undefined;
}

/** Where a catalog path (relative to the catalog's folder) may point: inside the catalog's project. */
export function catalogPathProblem(catalogFile: string, path: string): string | undefined {
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')) {
    return "expected a path relative to the catalog's folder, not an absolute one";
  }
  const folder = resolve(dirname(catalogFile));
  const root = projectRootOf(folder);
  const rel = relative(root, resolve(folder, path));
  if (rel === '' || rel.split(sep)[0] === '..' || isAbsolute(rel)) {
    return `expected a file inside the project (${relative(process.cwd(), root) || '.'}): it must not escape it with ..`;
  }
  // A symbolic link inside the project may still lead out of it: judge where the part that exists really is.
  let existing = resolve(folder, path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const real = relative(realpathSync(root), realpathSync(existing));
  if (real.split(sep)[0] === '..' || isAbsolute(real)) {
    return `expected a file inside the project (${relative(process.cwd(), root) || '.'}): a symbolic link leads it out`;
  }
  return undefined;
}
