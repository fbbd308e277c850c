/** `AWS::SecretsManager::Secret` → `secrets-manager` with its replica Regions (docs/artifacts.md). */
import type { SpecOf } from '../../model';
import { isRecord, props } from '../cfn';
import type { CfnResource } from '../types';

export function readSecret(resource: CfnResource): SpecOf<'secrets-manager'> {
  const replicas = props(resource).ReplicaRegions;
  const replicaRegions = Array.isArray(replicas)
    ? replicas.filter(isRecord).flatMap((r) => (typeof r.Region === 'string' ? [r.Region] : []))
    : [];
  return { id: 'secrets-manager', replicaRegions: [...new Set(replicaRegions)].sort() };
}
