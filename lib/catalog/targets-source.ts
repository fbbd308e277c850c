/**
 * Where a CDK app keeps its DR targets, for the checker to find without knowing the construct (lib/checker never
 * imports constructs/): the library's `DrTargets` sits at the app root under this id and gives the effective catalog
 * (the file plus what constructs declared); synth writes that catalog into the cloud assembly under this file name.
 */
import type { TargetsSource } from './types';

export const TARGETS_SOURCE_ID = 'DrTargets';
export const EFFECTIVE_CATALOG_FILE = 'dr-targets.effective.yaml';

export function isTargetsSource(x: unknown): x is TargetsSource {
  return typeof x === 'object' && x !== null && typeof (x as TargetsSource).effectiveCatalog === 'function';
}
