/**
 * Tier-policy findings: what the catalog's tier policies and drills require beyond RPO/RTO figures, checked from the
 * artifacts — replicas, disruption budgets, locked recovery points and their copies, PITR drills — and the recovery-point-age controls
 * the posture shows with their rounding. The catalog says what is required; the artifacts say what is there.
 */
import type { Catalog } from '../../catalog';
import type { AwsReading } from '../read-aws';
import type { Finding } from '../findings';
import type { K8sReading } from '../read-kubernetes';
import type { Artifacts } from '../types';
import { deletionProtectionFindings } from './deletion-protection';
import { disruptionBudgetFindings } from './disruption-budget';
import { immutableBackupFindings } from './immutable-backups';
import { offsiteCopyFindings } from './offsite-copies';
import { minReplicasFindings } from './replicas';
import { pitrDrillFindings } from './restore-drills';
import { pilotLightFindings } from './pilot-light';
import { bySite } from '../sites';

export interface PolicyInput {
  readonly catalog: Catalog;
  readonly artifacts: Artifacts;
  readonly aws: AwsReading;
  readonly k8s: K8sReading;
  /** Whether anything implements the entry (an unimplemented one is DR-UNIMPLEMENTED's business). */
  readonly implemented: (id: string) => boolean;
}

export function tierPolicyFindings(input: PolicyInput): Finding[] {
  const { catalog, artifacts } = input;
  // Each site on its own (sites.ts): the DR site's workloads are graded at the scale the Region switch plan gives them
  // (their HPA's minimum), whatever they idle at.
  const sites = bySite(artifacts.manifests);
  return [
    ...[sites.primary, sites.dr].flatMap((objects) => [
      ...minReplicasFindings(catalog, objects),
      ...disruptionBudgetFindings(catalog, objects),
    ]),
    ...pilotLightFindings(sites.dr),
    ...immutableBackupFindings(input),
    ...offsiteCopyFindings(input),
    ...pitrDrillFindings({ ...input, stacks: artifacts.stacks }),
    ...deletionProtectionFindings(catalog, input.aws),
  ];
}

export { recoveryPointControls, type RecoveryPointControl } from './recovery-point-controls';
