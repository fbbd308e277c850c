export { catalogPath, loadCatalog, parseCatalog, projectFile, projectRoot } from './load';
export { CatalogError, formatProblem, type LocatedProblem } from './problems';
export { figureText, formatDuration, humanDuration, parseDuration } from './duration';
export type * from './types';
export { withAccount } from './account';
export { contextFor, tierOf, vaultLockOf } from './policy';
export { FILE_LIMITS, FileReadError, parseJsonText, readTextFile } from './read-file';
export { AWS_REGIONS } from './regions';
export { CATALOG_SCHEMA_FILE, catalogJsonSchema, catalogJsonSchemaText } from './json-schema';
