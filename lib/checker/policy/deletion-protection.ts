/**
 * DR-DELETION-PROTECTION: where a tier's policy asks for it (`policy.deletionProtection`, the default), every data store
 * of its assets that has the setting keeps it on in the template. CloudFormation leaves it off unless told (RDS-22), and
 * a data store whose RPO still holds can be deleted by one API call without it: no figure shows that, this rule does.
 */
import { type Catalog, tierOf } from '../../catalog';
import { bool, props } from '../cfn';
import { finding, type Finding } from '../findings';
import { labelsOf, type AwsReading } from '../read-aws';
import { describeWhere } from '../types';

/** The property that holds deletion protection, per CloudFormation type that has one. */
export const DELETION_PROTECTION_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'DeletionProtection',
  'AWS::RDS::DBCluster': 'DeletionProtection',
  'AWS::DocDB::DBCluster': 'DeletionProtection',
  'AWS::Neptune::DBCluster': 'DeletionProtection',
  'AWS::DynamoDB::Table': 'DeletionProtectionEnabled',
};

export function deletionProtectionFindings(catalog: Catalog, aws: AwsReading): Finding[] {
  const out: Finding[] = [];
  const assets = new Map(catalog.assets.map((a) => [a.id, a] as const));
  for (const store of aws.stores) {
    const property = DELETION_PROTECTION_PROPERTY[store.resource.Type];
    const asset = assets.get(labelsOf(store).asset ?? '');
    if (!property || !asset) continue;
    // A cluster member instance holds no data of its own; its cluster carries the setting.
    if (store.resource.Type === 'AWS::RDS::DBInstance' && props(store.resource).DBClusterIdentifier !== undefined)
      continue;
    const tier = tierOf(catalog, asset.tier);
    if (!tier.policy.deletionProtection) continue;
    const value = props(store.resource)[property];
    if (bool(value) === true) continue;
    const where = describeWhere(store.where);
    const policy = `${tier.id} policy deletionProtection`;
    out.push(
      finding('deletion-protection', {
        entry: asset.id,
        policy,
        where,
        resource: { stack: store.where.stack, logicalId: store.where.logicalId },
        message: `${asset.id}: ${where} has ${property} ${value === undefined ? 'unset (off: the default)' : JSON.stringify(value)}; ${policy} requires it on`,
        fix: `set ${property}: true on the resource (synthesize again from the catalog)`,
      }),
    );
  }
  return out;
}
