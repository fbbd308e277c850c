/** The package names a jest worker keeps loaded across its test files. */
export const KEPT_PACKAGE: RegExp;
/** A module path inside a kept package. */
export const IN_KEPT_PACKAGE: RegExp;
/** The absolute paths of the repository's source files (under `root`) that a worker keeps loaded. */
export function keptSources(root: string): Set<string>;
