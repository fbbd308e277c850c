export { catalogPath, loadCatalog, parseCatalog, projectFile, projectRoot } from './load';
export { CatalogError, formatProblem, type LocatedProblem } from './problems';
export { figureText, formatDuration, humanDuration, parseDuration } from './duration';
export type * from './types';
export { withAccount } from './account';
export { contextFor, tierOf, vaultLockOf } from './policy';
