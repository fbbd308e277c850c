/**
 * The catalog's JSON Schema (docs/dr-targets.schema.json, generated from lib/catalog/schema.ts): committed and current,
 * a real schema (no field left as "anything" where a zod transform has no input shape of its own), accepting the
 * catalogs that validate and refusing malformed ones as validation does, and named on the shipped catalog's first line.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { CATALOG_SCHEMA_FILE, catalogJsonSchema, catalogJsonSchemaText, parseCatalog } from '../../lib/catalog';

const CATALOGS = ['dr-targets.yaml', 'test/fixtures/bookshop.yaml', 'test/fixtures/minimal.yaml'];

/** The committed schema, compiled once for the suite (ajv's compile is most of the suite's time). */
let compiled: ReturnType<Ajv2020['compile']> | undefined;
function validator() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return (compiled = ajv.compile(JSON.parse(readFileSync(CATALOG_SCHEMA_FILE, 'utf8')) as object));
}

/** Every sub-schema that accepts anything: `{}`, or one holding only annotations. */
function unconstrained(schema: unknown, path = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => unconstrained(s, `${path}/${i}`));
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const annotations = new Set(['description', 'title', 'default', '$comment', 'examples']);
  const own = Object.keys(s).length > 0 && Object.keys(s).every((k) => annotations.has(k)) ? [path] : [];
  const empty = Object.keys(s).length === 0 ? [path] : [];
  // An annotation's or a `const`/`enum`'s value is data, not a schema (a `default: {}` constrains nothing).
  const nested = Object.entries(s)
    .filter(([k]) => !annotations.has(k) && k !== 'const' && k !== 'enum')
    .flatMap(([k, v]) =>
      // Under `properties`, `$defs` and `patternProperties` the keys are names, not keywords.
      ['properties', '$defs', 'patternProperties'].includes(k) && typeof v === 'object' && v !== null
        ? Object.entries(v).flatMap(([name, sub]) => unconstrained(sub, `${path}/${k}/${name}`))
        : unconstrained(v, `${path}/${k}`),
    );
  return [...empty, ...own, ...nested];
}

describe('the catalog JSON Schema', () => {
  test('the committed copy is what lib/catalog/schema.ts generates (else: npm run schema:update)', () => {
    expect(readFileSync(CATALOG_SCHEMA_FILE, 'utf8')).toBe(catalogJsonSchemaText());
  });

  test('no field accepts anything: durations, dates and Regions carry their input shape', () => {
    const schema = catalogJsonSchema();
    expect(unconstrained(schema)).toEqual([]);
    const defs = schema.$defs as Record<string, Record<string, unknown>>;
    expect(defs.duration!.anyOf).toEqual([{ const: 0 }, { type: 'string', pattern: '^(0|[1-9][0-9]*)(s|m|h|d)$' }]);
    expect(defs.date).toMatchObject({ type: 'string', format: 'date' });
    expect(defs.region!.enum).toContain('eu-west-2');
  });

  test.each(CATALOGS)('accepts %s, which validation accepts', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(() => parseCatalog(text, file)).not.toThrow();
    const validate = validator();
    expect([validate(parse(text)), validate.errors ?? []]).toEqual([true, []]);
  });

  const base = readFileSync('test/fixtures/minimal.yaml', 'utf8');
  test.each([
    [
      'an unknown key',
      base.replace('    backupMethod: PITR', '    backupMethod: PITR\n    backupMethd: PITR'),
      /backupMethd/,
    ],
    ['a duration in words', base.replace('    rpo: 15m', '    rpo: 15 minutes'), /rpo/],
    ['a number of seconds as a duration', base.replace('    rpo: 15m', '    rpo: 900'), /rpo/],
    ['an unknown kind', base.replace('kind: postgres', 'kind: oracle'), /kind/],
    ['an unknown Region', base.replace('primary: eu-west-2,', 'primary: eu-west-9,'), /primary/],
    ['a missing required field', base.replace('    owner: web\n', ''), /owner/],
    [
      'a date that is no date',
      base.replace(
        '    dependsOn: []\n',
        '    dependsOn: []\n    accept: [{ mode: region, reason: "a reason that is long enough", owner: ops, expires: soon }]\n',
      ),
      /expires/,
    ],
  ])('rejects %s, as validation does', (_what, text, field) => {
    expect(text).not.toBe(base);
    expect(() => parseCatalog(text, 'bad.yaml')).toThrow(field);
    const validate = validator();
    expect(validate(parse(text))).toBe(false);
    expect(JSON.stringify(validate.errors)).toMatch(field);
  });

  test('the shipped catalog names the schema on its first line, for editors (yaml-language-server)', () => {
    const first = readFileSync('dr-targets.yaml', 'utf8').split('\n')[0]!;
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m).not.toBeNull();
    expect(resolve(dirname('dr-targets.yaml'), m![1]!)).toBe(resolve(CATALOG_SCHEMA_FILE));
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, unknown>;
      files: string[];
    };
    expect(pkg.exports['./dr-targets.schema.json']).toBe(`./${CATALOG_SCHEMA_FILE}`);
    expect(pkg.files).toContain(CATALOG_SCHEMA_FILE);
  });
});
