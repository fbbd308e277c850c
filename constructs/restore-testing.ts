/**
 * Restore testing from the catalog's drills: each `pitr-restore` drill becomes a restore-testing plan on the drill's
 * schedule, restoring the latest continuous recovery point of each asset it lists. Restore times recorded by these
 * jobs are what the audit framework's restore-time control compares with the RTO.
 */
import { Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Drill } from '../lib/catalog';
import { logicalId, restoreTestingPlanName, type NamingContext } from '../lib/names';
import { mechanism, type CatalogPlan } from '../lib/catalog-plan';
import type { TierVaults } from './backup-vaults';
import { partsIn, type StackOf } from './shards';
import { tagProtector } from './tags';

export interface RestoreTestingProps {
  readonly plan: CatalogPlan;
  readonly naming: NamingContext;
  readonly vaults: TierVaults;
  /** ARNs of this stack's resources by asset id. */
  readonly resources: ReadonlyMap<string, string>;
  /** The role AWS Backup restores with. */
  readonly role: iam.IRole;
  /** Restored DB instances go into this subnet group (there is no default VPC to fall back on). */
  readonly dbSubnetGroupName: string;
  /**
   * The stack of each asset's resources: a drill's selection lives in the stack of the instances it lists (one per
   * stack, `<plan>_rds_shard_<n>` in a shard), naming the plan here. @default - every asset in this construct's stack
   */
  readonly stackOf?: StackOf;
}

/** AWS quotas: 30 protected resource ARNs per selection. */
const MAX_ARNS = 30;

export class RestoreTesting extends Construct {
  readonly plans: backup.CfnRestoreTestingPlan[] = [];

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    for (const drill of props.plan.catalog.drills.filter((d) => d.kind === 'pitr-restore')) this.drill(drill, props);
  }

  private drill(drill: Drill, props: RestoreTestingProps): void {
    const { catalog } = props.plan;
    if (drill.assets.length === 0) throw new Error(`RestoreTesting: drill '${drill.id}' lists no assets`);
    if (drill.assets.length > MAX_ARNS) {
      throw new Error(
        `RestoreTesting: drill '${drill.id}' lists ${drill.assets.length} assets; a selection takes at most ${MAX_ARNS}`,
      );
    }
    const retention: number[] = [];
    const tiers = new Set<string>();
    for (const assetId of drill.assets) {
      const asset = catalog.assets.find((a) => a.id === assetId)!;
      const continuous = mechanism(props.plan.assets.get(assetId)!, 'backup-continuous');
      // The planner makes AWS Backup own PITR for drill assets; a plan without it could not be restore-tested.
      if (!continuous || continuous.resourceType !== 'RDS') {
        throw new Error(
          `RestoreTesting: drill '${drill.id}' restores '${assetId}', whose plan has no RDS 'backup-continuous' rule`,
        );
      }
      if (!props.resources.has(assetId)) throw new Error(`RestoreTesting: '${assetId}' has no resource in this stack`);
      retention.push(continuous.retentionDays);
      tiers.add(asset.tier);
    }
    const name = restoreTestingPlanName(props.naming, drill.id);
    const plan = new backup.CfnRestoreTestingPlan(this, logicalId(drill.id), {
      restoreTestingPlanName: name,
      scheduleExpression: drill.schedule,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [...tiers].map((t) => props.vaults.vault(t).attrBackupVaultArn),
        recoveryPointTypes: ['CONTINUOUS'],
        // Within what every listed asset keeps (BKP-17 allows 1–365).
        selectionWindowDays: Math.min(...retention),
      },
    });
    tagProtector(plan, 'restore-testing');
    const listed = new Map<Construct, { shard: number; arns: string[] }>();
    for (const assetId of drill.assets) {
      const at = props.stackOf?.(assetId);
      const [scope, shard] =
        !at || at.stack === Stack.of(this) ? [this, 0] : [partsIn(at.stack, this.node.id), at.shard];
      const entry = listed.get(scope) ?? { shard, arns: [] };
      entry.arns.push(props.resources.get(assetId)!);
      listed.set(scope, entry);
    }
    for (const [scope, { shard, arns }] of listed) {
      const suffix = `_rds_shard_${shard}`;
      const selection = new backup.CfnRestoreTestingSelection(scope, `${logicalId(drill.id)}Rds`, {
        restoreTestingPlanName: name,
        restoreTestingSelectionName:
          scope === this ? `${name}_rds`.slice(0, 50) : `${name.slice(0, 50 - suffix.length)}${suffix}`,
        protectedResourceType: 'RDS',
        protectedResourceArns: arns,
        iamRoleArn: props.role.roleArn,
        restoreMetadataOverrides: { dbsubnetgroupname: props.dbSubnetGroupName },
      });
      selection.node.addDependency(plan);
    }
    this.plans.push(plan);
  }
}
