/**
 * The catalog's JSON Schema, generated from the zod schema that validates it (schema.ts), for editors: the shipped
 * catalog names it on its first line (`# yaml-language-server: $schema=…`), so an editor completes keys, tiers' policy
 * fields, kinds and Regions and flags a malformed duration while typing. Validation stays lib/catalog's: the schema
 * cannot say what the whole-catalog checks say (cross-references, generated names, limits), so a file it accepts may
 * still get located errors from `dr validate`. Committed as docs/dr-targets.schema.json (`npm run schema:update`); a
 * test fails when the committed copy is stale.
 */
import { z } from 'zod';
import { catalogSchema } from './schema';

/** Where the committed copy lives, relative to the project root (and in the package: its "./dr-targets.schema.json"). */
export const CATALOG_SCHEMA_FILE = 'docs/dr-targets.schema.json';

/**
 * The schema of what a catalog file may hold (zod's input side: defaults optional, durations as written). Every
 * transform of schema.ts carries its input shape as metadata, so no field is left as `{}` (anything).
 */
export function catalogJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(catalogSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'DR targets catalog (dr-targets.yaml)',
    description:
      'Generated from lib/catalog/schema.ts by `npm run schema:update`. An editor aid: `dr validate` also checks ' +
      'cross-references, generated names and limits this schema cannot express.',
    ...rest,
  };
}

/** The committed file's text: two-space JSON and a final newline, as prettier leaves it. */
export function catalogJsonSchemaText(): string {
  return `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`;
}
