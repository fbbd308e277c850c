/** A manifest folder is input: malformed or hostile YAML is a located message (InputError), never an internal error. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, loadManifests } from '../../lib/checker';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dr-manifests-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const problemsOf = (text: string): string[] => {
  writeFileSync(join(dir, 'app.k8s.yaml'), text);
  try {
    loadManifests(dir);
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  return [];
};

test('an alias bomb is refused at its first alias, with file, line and column', () => {
  const bomb = [
    'kind: ConfigMap',
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10)
          .fill(`*${i === 0 ? 'a' : 'bcdefghi'[i - 1]}`)
          .join(', ')}]`,
    ),
  ].join('\n');
  expect(problemsOf(bomb)).toEqual([
    expect.stringMatching(/app\.k8s\.yaml:3:\d+: expected at most 100 alias expansions in a document$/),
  ]);
});

test('nesting past the limit is refused where it goes too deep', () => {
  const deep = `kind: ConfigMap\ndata: ${'['.repeat(40)}${']'.repeat(40)}\n`;
  expect(problemsOf(deep)).toEqual([
    expect.stringMatching(/app\.k8s\.yaml:2:\d+: expected values nested at most 32 levels deep$/),
  ]);
});

test('a valid manifest still loads', () => {
  expect(problemsOf('kind: ConfigMap\nmetadata: { name: x }\n')).toEqual([]);
});
