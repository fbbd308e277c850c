/**
 * AWS Backup plans from the plan's `backup-snapshot`, `backup-continuous` and `backup-copy` mechanisms. AWS Backup
 * applies every rule of a plan to every resource its selections match, so assets that need the same rules share one
 * plan per tier and rule set (docs/artifacts.md). Each plan has one selection listing the stack's own resources by ARN
 * (what RDSInBackupPlan checks) and one selection per Redis asset for EBS volumes created outside CloudFormation,
 * matched by the StorageClass's `dr:asset` tag (inside one selection, Resources and Conditions are ANDed). Assets in
 * shard stacks get their selections there (`resources-shard-<n>`, and their EBS selections), referring to this plan.
 */
import { Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type Asset, type Catalog, tierOf, vaultLockOf } from '../lib/catalog';
import { factValue, snapshotOffsetHours, type SpecOf } from '../lib/model';
import { awsCronForInterval, windowsOverlap } from '../lib/schedule';
import { backupPlanName, k8sName, logicalId, TAG, vaultName, type NamingContext } from '../lib/names';
import { mechanisms, type CatalogPlan } from '../lib/catalog-plan';
import { vaultArn, type TierVaults } from './backup-vaults';
import { partsIn, type StackOf } from './shards';
import { tagProtector } from './tags';

export interface BackupPlansProps {
  readonly plan: CatalogPlan;
  /** The catalog's naming with the account the stacks deploy to. */
  readonly naming: NamingContext;
  readonly vaults: TierVaults;
  /** ARNs of this stack's resources by asset id (DB instances, buckets). */
  readonly resources: ReadonlyMap<string, string>;
  /** The role AWS Backup assumes for the selections. */
  readonly role: iam.IRole;
  /**
   * Hour (UTC) daily rules run at; shorter intervals count from it. Snapshot rules of a plan with a continuous rule
   * count from the end of the continuous rule's completion window instead, so their start windows never overlap (BKP-26).
   * @default 3 (after the RDS backup window)
   */
  readonly scheduleHourUtc?: number;
  /**
   * The stack of each asset's resources: a selection lives in the stack of the resources it lists (one per plan and
   * stack), referring to the plan here. @default - every asset in this construct's stack
   */
  readonly stackOf?: StackOf;
}

/** EBS volumes are created by the EBS CSI driver, outside CloudFormation: they are matched by tag (artifacts.md). */
export const EBS_VOLUMES = 'arn:aws:ec2:*:*:volume/*';
const HOUR = 3600;
const DAILY = 24 * HOUR;

type Vaulted = SpecOf<'backup-snapshot'> | SpecOf<'backup-continuous'>;
interface Group {
  readonly tier: string;
  readonly label: string;
  readonly rules: readonly Vaulted[];
  readonly copies: readonly SpecOf<'backup-copy'>[];
  readonly assets: Asset[];
}

const ruleName = (r: Vaulted) => (r.id === 'backup-continuous' ? 'continuous' : `every-${r.intervalSeconds / HOUR}h`);

export class BackupPlans extends Construct {
  /** Backup plan names by asset id: the audit and the checker join on them. */
  readonly planOf = new Map<string, string>();
  readonly plans: backup.CfnBackupPlan[] = [];

  constructor(scope: Construct, id: string, props: BackupPlansProps) {
    super(scope, id);
    const hour = props.scheduleHourUtc ?? 3;
    if (!Number.isInteger(hour) || hour < 0 || hour > 23)
      throw new Error(`BackupPlans: \`scheduleHourUtc\` must be 0–23, got ${hour}`);
    for (const group of this.groups(props)) this.build(group, props, hour);
  }

  private groups(props: BackupPlansProps): Group[] {
    const groups = new Map<string, Group>();
    for (const asset of props.plan.catalog.assets) {
      const p = props.plan.assets.get(asset.id)!;
      const rules: Vaulted[] = [...mechanisms(p, 'backup-continuous'), ...mechanisms(p, 'backup-snapshot')];
      const copies = mechanisms(p, 'backup-copy');
      if (rules.length === 0) {
        if (copies.length > 0)
          throw new Error(`BackupPlans: asset '${asset.id}' has 'backup-copy' without a backup rule to copy from`);
        continue;
      }
      if (rules.some((r) => r.resourceType !== 'EBS') !== props.resources.has(asset.id)) {
        throw new Error(
          props.resources.has(asset.id)
            ? `BackupPlans: asset '${asset.id}' backs up EBS volumes (matched by tag) but \`resources\` lists an ARN for it`
            : `BackupPlans: asset '${asset.id}' has backup rules but no resource in \`resources\` of this stack`,
        );
      }
      // The resource type is not part of a rule: one plan serves RDS, S3 and EBS assets with the same rules.
      const strip = (specs: readonly { resourceType: string }[]) => specs.map(({ resourceType: _, ...rest }) => rest);
      const key = JSON.stringify([asset.tier, strip(rules), strip(copies)]);
      const group = groups.get(key) ?? {
        tier: asset.tier,
        label: rules.map(ruleName).join('-') + (copies.length ? '-copy' : ''),
        rules,
        copies,
        assets: [],
      };
      group.assets.push(asset);
      groups.set(key, group);
    }
    // Two rule sets of a tier with the same label (they differ in windows or retention) get numbered, in catalog order.
    const seen = new Map<string, number>();
    return [...groups.values()].map((g) => {
      const n = (seen.get(`${g.tier}/${g.label}`) ?? 0) + 1;
      seen.set(`${g.tier}/${g.label}`, n);
      return n === 1 ? g : { ...g, label: `${g.label}-${n}` };
    });
  }

  private build(group: Group, props: BackupPlansProps, hour: number): void {
    const { naming } = props;
    const catalog = props.plan.catalog;
    const vault = props.vaults.vault(group.tier);
    const window = tierOf(catalog, group.tier).policy.backupWindow;
    const name = `${backupPlanName(naming, group.tier)}-${group.label}`;
    if (name.length > 50) throw new Error(`BackupPlans: plan name '${name}' is longer than 50 characters`);
    const ids = group.assets.map((a) => a.id).join(', ');
    checkLock(catalog, group.tier, group.rules, group.copies, ids);

    // A copy follows the rule of its interval. With a continuous rule in the plan, a daily copy goes on it: AWS Backup
    // snapshots the continuous point and copies that (BKP-28), and the continuous rule is the one the plan keeps.
    const continuous = group.rules.find((r) => r.id === 'backup-continuous');
    const followed = (c: SpecOf<'backup-copy'>): Vaulted | undefined =>
      continuous && c.ruleIntervalSeconds === DAILY
        ? continuous
        : group.rules.find((r) => r.id === 'backup-snapshot' && r.intervalSeconds === c.ruleIntervalSeconds);
    for (const c of group.copies) {
      if (!followed(c)) {
        throw new Error(
          `BackupPlans: '${ids}': 'backup-copy' follows a ${c.ruleIntervalSeconds / HOUR} h rule the plan does not have`,
        );
      }
    }
    // Snapshot rules start after the continuous rule's completion window: AWS Backup runs only one of two rules whose
    // start windows overlap (BKP-26), and AWS recommends keeping both kinds of rule (BKP-29); docs/aws.md, "What AWS
    // requires".
    const snapshotHour = continuous ? (hour + snapshotOffsetHours(window)) % 24 : hour;
    const copyActions = (r: Vaulted) => {
      const copies = group.copies.filter((c) => followed(c) === r);
      return copies.length
        ? {
            copyActions: copies.map((c) => ({
              destinationBackupVaultArn: vaultArn(this, naming, naming.drRegion, group.tier),
              lifecycle: { deleteAfterDays: c.retentionDays },
            })),
          }
        : {};
    };
    const rules = group.rules.map((r): backup.CfnBackupPlan.BackupRuleResourceTypeProperty => {
      if (r.id === 'backup-continuous') {
        return {
          ruleName: ruleName(r),
          targetBackupVault: vaultName(naming, group.tier),
          enableContinuousBackup: true,
          scheduleExpression: awsCronForInterval(DAILY, hour),
          startWindowMinutes: window.startSeconds / 60,
          completionWindowMinutes: window.completionSeconds / 60,
          lifecycle: { deleteAfterDays: r.retentionDays },
          ...copyActions(r),
        };
      }
      if (r.startWindowSeconds < factValue('BKP-3')) {
        throw new Error(
          `BackupPlans: '${ids}': StartWindowMinutes must be at least ${factValue('BKP-3') / 60} (BKP-3), got ${r.startWindowSeconds / 60}`,
        );
      }
      return {
        ruleName: ruleName(r),
        targetBackupVault: vaultName(naming, group.tier),
        scheduleExpression: awsCronForInterval(r.intervalSeconds, snapshotHour),
        startWindowMinutes: r.startWindowSeconds / 60,
        completionWindowMinutes: r.completionWindowSeconds / 60,
        lifecycle: { deleteAfterDays: r.retentionDays },
        ...copyActions(r),
      };
    });
    checkOverlaps(rules, ids);

    const planId = `${logicalId(group.tier)}${logicalId(group.label)}`;
    const plan = new backup.CfnBackupPlan(this, planId, {
      backupPlan: { backupPlanName: name, backupPlanRule: rules },
    });
    plan.overrideLogicalId(`${planId}BackupPlan`);
    plan.node.addDependency(vault);
    tagProtector(plan, 'backup-plan', group.tier);
    this.plans.push(plan);

    const listed = new Map<Construct, { shard: number; arns: string[] }>();
    for (const asset of group.assets.filter((a) => props.resources.has(a.id))) {
      const at = this.home(asset.id, props);
      const entry = listed.get(at.scope) ?? { shard: at.shard, arns: [] };
      entry.arns.push(props.resources.get(asset.id)!);
      listed.set(at.scope, entry);
    }
    for (const [scope, { shard, arns }] of listed) {
      new backup.CfnBackupSelection(scope, `${planId}Resources`, {
        backupPlanId: plan.attrBackupPlanId,
        backupSelection: {
          selectionName: scope === this ? 'resources' : `resources-shard-${shard}`,
          iamRoleArn: props.role.roleArn,
          resources: arns,
        },
      });
    }
    const isEbs = (a: Asset) =>
      mechanisms(props.plan.assets.get(a.id)!, 'backup-snapshot').some((r) => r.resourceType === 'EBS');
    for (const asset of group.assets.filter((a) => isEbs(a))) {
      new backup.CfnBackupSelection(this.home(asset.id, props).scope, `${planId}${logicalId(asset.id)}Volumes`, {
        backupPlanId: plan.attrBackupPlanId,
        backupSelection: {
          selectionName: `ebs-${k8sName(asset.id)}`.slice(0, 50),
          iamRoleArn: props.role.roleArn,
          resources: [EBS_VOLUMES],
          // An untyped L1 property: CloudFormation needs the PascalCase keys as written here.
          conditions: { StringEquals: [{ ConditionKey: `aws:ResourceTag/${TAG.asset}`, ConditionValue: asset.id }] },
        },
      });
    }
    for (const asset of group.assets) this.planOf.set(asset.id, name);
  }

  /** Where an asset's selections go: here, or the same id in the shard stack that holds its resources. */
  private home(assetId: string, props: BackupPlansProps): { readonly scope: Construct; readonly shard: number } {
    const at = props.stackOf?.(assetId);
    return !at || at.stack === Stack.of(this)
      ? { scope: this, shard: 0 }
      : { scope: partsIn(at.stack, this.node.id), shard: at.shard };
  }
}

/**
 * A rule with copy actions must be one AWS Backup runs: no other rule of the plan may overlap its start window with a
 * retention as long or longer, or AWS Backup may take that rule's backup instead and the copy never runs (BKP-26).
 */
function checkOverlaps(rules: readonly backup.CfnBackupPlan.BackupRuleResourceTypeProperty[], ids: string): void {
  const days = (r: backup.CfnBackupPlan.BackupRuleResourceTypeProperty) =>
    (r.lifecycle as backup.CfnBackupPlan.LifecycleResourceTypeProperty).deleteAfterDays!;
  for (const r of rules.filter((x) => x.copyActions)) {
    for (const other of rules.filter((x) => x !== r && days(x) >= days(r))) {
      const overlap = windowsOverlap(
        { expression: r.scheduleExpression!, windowSeconds: r.startWindowMinutes! * 60 },
        { expression: other.scheduleExpression!, windowSeconds: other.startWindowMinutes! * 60 },
      );
      if (overlap !== false) {
        throw new Error(
          `BackupPlans: '${ids}': rule '${r.ruleName}' copies to the DR Region, but its start window overlaps rule '${other.ruleName}' (${other.scheduleExpression}), kept as long: AWS Backup may run only that one, and the copy with it never (BKP-26)`,
        );
      }
    }
  }
}

/**
 * Jobs whose retention falls outside the vault lock fail only at run time (BKP-16): check every rule and copy here, and
 * that the plan was made for the lock the vault really has.
 */
function checkLock(
  catalog: Catalog,
  tierId: string,
  rules: readonly Vaulted[],
  copies: readonly SpecOf<'backup-copy'>[],
  ids: string,
): void {
  const lock = vaultLockOf(catalog, tierId);
  for (const r of [...rules, ...copies]) {
    const what = `'${ids}' ${r.id} retention ${r.retentionDays} d`;
    if (r.retentionDays < lock.minRetentionDays || r.retentionDays > lock.maxRetentionDays) {
      throw new Error(
        `BackupPlans: ${what} is outside the ${tierId} vault lock (${lock.minRetentionDays}–${lock.maxRetentionDays} d): jobs would fail (BKP-16)`,
      );
    }
    if (
      r.vaultLock &&
      (r.vaultLock.mode !== lock.mode ||
        r.vaultLock.minRetentionDays !== lock.minRetentionDays ||
        r.vaultLock.maxRetentionDays !== lock.maxRetentionDays)
    ) {
      throw new Error(
        `BackupPlans: ${what} was planned for a ${r.vaultLock.mode} lock ${r.vaultLock.minRetentionDays}–${r.vaultLock.maxRetentionDays} d, but the ${tierId} vault has ${lock.mode} ${lock.minRetentionDays}–${lock.maxRetentionDays} d`,
      );
    }
  }
}
