/**
 * The checker: what the synthesized artifacts achieve, per catalog entry and failure mode, and what falls short.
 * Two ways in: `checkOnDisk` (`dr check`) and the CDK policy-validation plugin (plugin.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCatalog, type Catalog } from '../catalog';
import { check, type CheckResult } from './check';
import { evidencePath, loadEvidence } from './evidence';
import { loadAnnotations, loadCloudAssembly, loadManifests } from './load';
import { loadTeamManifests } from './overlays';

export {
  acceptanceFindings,
  check,
  KEPT_TYPES,
  regionSwitchRoutes,
  todayFrom,
  type CheckInput,
  type CheckResult,
  type EntryResult,
} from './check';
export { render } from './cfn';
export { InputError } from './errors';
export { applyOverlays, isOverlayFile, loadTeamManifests } from './overlays';
export { fails, RULES, sortFindings, type Finding, type FindingKind, type Severity } from './findings';
export {
  evidencePath,
  FAULT_INJECTION,
  loadEvidence,
  parseEvidence,
  REGION_SWITCH,
  type EvidenceRecord,
} from './evidence';
export {
  loadAnnotations,
  loadCloudAssembly,
  loadManifests,
  manifestsFromMemory,
  manifestsFromObjects,
  stackFromTemplate,
  type SynthesizedManifest,
} from './load';
export type { Artifacts, CfnResource, K8sObject, StackArtifact, SynthAnnotation, Where } from './types';

export interface DiskCheckOptions {
  readonly catalogFile: string;
  readonly cdkOut: string;
  readonly k8sDir: string;
  /**
   * The DR site's manifests (a pilot light's standby cluster). Given explicitly, the folder must exist; by default the
   * `k8s-dr` folder beside `k8sDir` (synth writes `dist/k8s` and `dist/k8s-dr`) is read when it exists.
   */
  readonly k8sDrDir?: string;
  /** Given explicitly, the file must exist; by default the catalog's path is used when it exists. */
  readonly evidenceFile?: string;
  readonly today: string;
}

export function checkOnDisk(o: DiskCheckOptions): { readonly catalog: Catalog; readonly result: CheckResult } {
  const catalog = loadCatalog(o.catalogFile);
  const beside = join(dirname(resolve(o.k8sDir)), 'k8s-dr');
  const dr = o.k8sDrDir !== undefined ? loadManifests(o.k8sDrDir) : existsSync(beside) ? loadManifests(beside) : [];
  const artifacts = {
    stacks: loadCloudAssembly(o.cdkOut),
    manifests: [...loadManifests(o.k8sDir), ...dr],
    annotations: loadAnnotations(o.cdkOut),
    teamManifests: loadTeamManifests(catalog),
  };
  const evidence =
    o.evidenceFile !== undefined ? loadEvidence(o.evidenceFile, true) : loadEvidence(evidencePath(catalog), false);
  return { catalog, result: check({ catalog, artifacts, evidence, today: o.today }) };
}
export { formatFinding, statusCounts, summaryLine } from './print';
export { DrCheckPlugin, PLUGIN_NAME, type DrPluginOptions } from './plugin';
export { DATA_STORE_TYPES } from './read-aws';
export type { RecoveryPointControl } from './policy';
