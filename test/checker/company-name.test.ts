/**
 * The code must work for any catalog: the shipped company's name may appear in its catalog, in test fixtures and in
 * docs, never in product code (comments are not code; string literals are).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Tests of the shipped catalog may name its entries, as its fixtures do; product code may not.
const ROOTS = [
  'bin',
  'lib',
  'constructs',
  'k8s',
  'scripts',
  '.github',
  'package.json',
  'cdk.json',
  'tsconfig.json',
  'jest.config.js',
];
const SKIP = new Set(['node_modules', 'fixtures']);
const CODE = /\.(ts|js|mjs|cjs|ya?ml|json|sh)$/;
const NAME = /lomash/i;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return SKIP.has(f) ? [] : files(p);
    return CODE.test(f) ? [p] : [];
  });
}

/** The text without comments (//, /* *\/ in TypeScript and JavaScript; # in YAML and shell), strings kept. */
export function withoutComments(text: string, file: string): string {
  if (/\.(ya?ml|sh)$/.test(file)) return text.replace(/(^|\s)#.*$/gm, '$1');
  if (file.endsWith('.json')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = closing(text, i, c);
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, '');
      i = stop - 1;
    } else out += c;
  }
  return out;
}

function closing(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
    else if (quote !== '`' && text[i] === '\n') return i;
  }
  return text.length;
}

describe('no company name in code', () => {
  test('comments are stripped, strings are kept', () => {
    expect(withoutComments('const a = \'x\'; // y\n/* z */ const b = "//w";', 'f.ts')).toBe(
      'const a = \'x\'; \n const b = "//w";',
    );
    expect(withoutComments('key: value # note\n', 'f.yaml')).toBe('key: value \n');
  });

  test('no code file outside the catalog, fixtures and docs names the shipped company', () => {
    const hits = ROOTS.flatMap(files).flatMap((f) =>
      withoutComments(readFileSync(f, 'utf8'), f)
        .split('\n')
        .flatMap((line, i) => (NAME.test(line) ? [`${f}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
