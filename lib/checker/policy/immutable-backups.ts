/**
 * DR-IMMUTABLE-BACKUP: in a tier whose policy says `immutableBackups: true`, every asset of a kind AWS Backup can
 * protect keeps a recovery point nobody can delete early — at least one snapshot or continuous rule whose selection
 * picks the asset's resource and whose target vault has a `LockConfiguration` (BKP-15). Copies do not count: they
 * protect another Region, and the primary recovery point stays deletable.
 */
import { type Catalog, tierOf } from '../../catalog';
import { kindModule } from '../../model';
import { selectionsOf, type AwsReading } from '../read-aws';
import { finding, type Finding } from '../findings';
import { backupTargets } from '../join';
import type { K8sReading } from '../read-kubernetes';
import { describeWhere } from '../types';

export interface ImmutableBackupInput {
  readonly catalog: Catalog;
  readonly aws: AwsReading;
  readonly k8s: K8sReading;
  /** Whether anything implements the entry (an unimplemented asset is DR-UNIMPLEMENTED's business). */
  readonly implemented: (id: string) => boolean;
}

const FIX_VAULT =
  "set `LockConfiguration` on the vault the rule targets, or point a snapshot or continuous rule selecting it at the tier's locked vault";

export function immutableBackupFindings(input: ImmutableBackupInput): Finding[] {
  const { catalog, aws } = input;
  const out: Finding[] = [];
  for (const asset of catalog.assets) {
    const tier = tierOf(catalog, asset.tier);
    const resourceType = kindModule(asset.kind).backupResourceType;
    if (!tier.policy.immutableBackups || resourceType === null || !input.implemented(asset.id)) continue;
    const policy = `${tier.id} policy immutableBackups: true`;
    const targets = backupTargets(asset, input).filter((t) => t.source.resourceType === resourceType);
    if (targets.length === 0) {
      out.push(
        finding('immutable-backup', {
          entry: asset.id,
          policy,
          message: `${asset.id}: nothing in the artifacts is a resource AWS Backup can protect (${resourceType}), so no recovery point of it can be locked; ${policy} requires one in a locked vault`,
          fix:
            resourceType === 'EBS'
              ? 'give it a StorageClass labelled dr/asset whose volumes a backup selection matches'
              : `tag its ${resourceType} resource dr:asset=${asset.id}`,
        }),
      );
      continue;
    }
    for (const t of targets) {
      const own = selectionsOf(t.candidate, t.source, aws.index.selections).flatMap((s) =>
        s.rules.map((rule) => ({ rule, plan: s.reading.plan })),
      );
      if (own.some(({ rule }) => rule.vault?.lock != null)) continue;
      const where = describeWhere(t.where);
      const found =
        own.length === 0
          ? 'no AWS Backup rule selects it'
          : `its rules write only to vaults without a lock: ${own.map(({ rule, plan }) => `${plan ?? '?'}/${rule.name} → ${rule.vault?.name ?? 'a vault the templates do not hold'}`).join(', ')}`;
      out.push(
        finding('immutable-backup', {
          entry: asset.id,
          policy,
          where,
          ...('logicalId' in t.where ? { resource: { stack: t.where.stack, logicalId: t.where.logicalId } } : {}),
          message: `${asset.id} (${where}): ${found}; ${policy} requires at least one snapshot or continuous rule into a vault with a vault lock`,
          fix:
            own.length === 0
              ? "add it to a backup selection of a plan whose rule targets the tier's locked vault"
              : FIX_VAULT,
        }),
      );
    }
  }
  return out;
}
