/**
 * DR-OFFSITE-COPY: in a tier whose policy says `offsiteCopy: true`, every asset of a kind AWS Backup can protect has a
 * rule selecting it with a copy action into a locked vault in the DR Region (BKP-10, BKP-15): a recovery point outside
 * the primary Region that nobody there can delete. The copy's destination must be a vault the templates hold, in the
 * catalog's DR Region, with a `LockConfiguration`.
 */
import { kindModule } from '../../model';
import { tierOf } from '../../catalog';
import { selectionsOf } from '../read-aws';
import { copiesThatRun } from '../readers/backup-plan';
import { finding, type Finding } from '../findings';
import { backupTargets } from '../join';
import { describeWhere } from '../types';
import type { ImmutableBackupInput } from './immutable-backups';

export function offsiteCopyFindings(input: ImmutableBackupInput): Finding[] {
  const { catalog, aws } = input;
  const dr = catalog.environment.drRegion;
  const out: Finding[] = [];
  for (const asset of catalog.assets) {
    const tier = tierOf(catalog, asset.tier);
    const resourceType = kindModule(asset.kind).backupResourceType;
    if (!tier.policy.offsiteCopy || resourceType === null || !input.implemented(asset.id)) continue;
    const policy = `${tier.id} policy offsiteCopy: true`;
    // Nothing AWS Backup can select is DR-IMMUTABLE-BACKUP's finding already; one finding per cause.
    for (const t of backupTargets(asset, input).filter((x) => x.source.resourceType === resourceType)) {
      const copies = selectionsOf(t.candidate, t.source, aws.index.selections).flatMap((s) =>
        // A copy on a rule another rule of its plan may run in place of may never run (BKP-26, DR-RULE-OVERLAP).
        s.rules.flatMap(copiesThatRun),
      );
      if (copies.some((c) => c.vault?.region === dr && c.vault.lock !== null)) continue;
      const where = describeWhere(t.where);
      const found =
        copies.length === 0
          ? 'no rule selecting it copies its recovery points'
          : `its copies go to ${copies.map((c) => `${c.vault?.name ?? 'a vault the templates do not hold'} (${c.vault?.region ?? 'Region unknown'}, ${c.vault?.lock ? 'locked' : 'not locked'})`).join(', ')}`;
      out.push(
        finding('offsite-copy', {
          entry: asset.id,
          policy,
          where,
          ...('logicalId' in t.where ? { resource: { stack: t.where.stack, logicalId: t.where.logicalId } } : {}),
          message: `${asset.id} (${where}): ${found}; ${policy} requires a copy into a locked vault in ${dr}`,
          fix: `add a copy action to the tier's locked vault in ${dr} on a rule that selects it`,
        }),
      );
    }
  }
  return out;
}
