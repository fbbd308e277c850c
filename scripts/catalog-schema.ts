/**
 * `npm run schema:update`: writes the catalog's JSON Schema (lib/catalog json-schema.ts) to its committed place,
 * docs/dr-targets.schema.json. test/catalog/json-schema.test.ts fails while the committed copy is stale.
 */
import { writeFileSync } from 'node:fs';
import { CATALOG_SCHEMA_FILE, catalogJsonSchemaText, projectFile } from '../lib/catalog';

const file = projectFile(CATALOG_SCHEMA_FILE);
writeFileSync(file, catalogJsonSchemaText());
console.log(`wrote ${file}`);
