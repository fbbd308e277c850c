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
  return [
    ...minReplicasFindings(catalog, artifacts.manifests),
    ...disruptionBudgetFindings(catalog, artifacts.manifests),
    ...immutableBackupFindings(input),
    ...offsiteCopyFindings(input),
    ...pitrDrillFindings({ ...input, stacks: artifacts.stacks }),
    ...deletionProtectionFindings(catalog, input.aws),
  ];
}

export { recoveryPointControls, type RecoveryPointControl } from './recovery-point-controls';
