/**
 * The tiers' AWS Backup rules as AWS Organizations backup policies (policy type BACKUP_POLICY), so every account of an
 * organisation backs up what it tags `dr:tier=<tier>` the way this catalog's plan backs up that tier. Syntax: AWS
 * Organizations User Guide, "Backup policy syntax and examples" (docs/organizations.md cites it): every value under
 * `@@assign`, numbers as strings, `$account` for the account that receives the effective policy.
 *
 * A tier's rules are the distinct `backup-snapshot` rules the plan chose for the tier's assets, each with a copy to the
 * DR Region's vault where some asset's plan copies after that rule: a resource tagged with the tier gets every rule
 * any asset of its tier needs (never less). Continuous backup is left out: the plan chooses it per asset (a PITR
 * drill), and applied to a whole tier it would make AWS Backup the PITR owner of every database in it (BKP-7).
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { type Catalog, tierOf } from '../catalog';
import type { SpecOf } from '../model';
import {
  backupPlanName,
  backupServiceRoleName,
  orgBackupPolicyName,
  TAG,
  vaultName,
  type NamingContext,
} from '../names';
import { mechanisms, type CatalogPlan } from '../catalog-plan';
import { awsCronForInterval } from '../schedule';

/** Backup policies may hold 10,000 characters (AWS Organizations quotas; aws-cdk-lib CfnPolicyProps.content). */
export const MAX_POLICY_CHARACTERS = 10_000;
/** The hour (UTC) the app's own backup plans count from (constructs/backup-plans.ts `scheduleHourUtc` default). */
export const SCHEDULE_HOUR_UTC = 3;
const HOUR = 3600;

/** A value set by the policy and overridden only by a child policy's own `@@assign`. */
export interface Assign<T> {
  readonly '@@assign': T;
}

export interface PolicyLifecycle {
  readonly delete_after_days: Assign<string>;
}

export interface PolicyRule {
  readonly schedule_expression: Assign<string>;
  readonly start_backup_window_minutes: Assign<string>;
  readonly complete_backup_window_minutes: Assign<string>;
  readonly target_backup_vault_name: Assign<string>;
  readonly lifecycle: PolicyLifecycle;
  readonly copy_actions?: Readonly<
    Record<string, { readonly target_backup_vault_arn: Assign<string>; readonly lifecycle: PolicyLifecycle }>
  >;
}

export interface BackupPolicyDocument {
  readonly plans: Readonly<
    Record<
      string,
      {
        readonly regions: Assign<readonly string[]>;
        readonly rules: Readonly<Record<string, PolicyRule>>;
        readonly selections: {
          readonly tags: Readonly<
            Record<
              string,
              {
                readonly iam_role_arn: Assign<string>;
                readonly tag_key: Assign<string>;
                readonly tag_value: Assign<readonly string[]>;
              }
            >
          >;
        };
      }
    >
  >;
}

export interface TierBackupPolicy {
  readonly tier: string;
  /** The Organizations policy name (lib/names `orgBackupPolicyName`). */
  readonly name: string;
  readonly description: string;
  readonly content: BackupPolicyDocument;
  /** The assets of this catalog whose plans the rules come from, in catalog order. */
  readonly assets: readonly string[];
}

export interface OrgBackupPolicies {
  readonly policies: readonly TierBackupPolicy[];
  /** Tiers that get no policy, and why. */
  readonly skipped: readonly { readonly tier: string; readonly reason: string }[];
}

type Snapshot = SpecOf<'backup-snapshot'>;
type Copy = SpecOf<'backup-copy'>;

interface TierRule {
  readonly rule: Snapshot;
  /** Copy retention days, when some asset copies after this rule. */
  copyDays: number | undefined;
}

const assign = <T>(value: T): Assign<T> => ({ '@@assign': value });
const ruleKey = (r: Snapshot) =>
  JSON.stringify([r.intervalSeconds, r.startWindowSeconds, r.completionWindowSeconds, r.retentionDays]);

/** The policy of every tier whose assets have AWS Backup snapshot rules in the plan. */
export function orgBackupPolicies(plan: CatalogPlan): OrgBackupPolicies {
  const { catalog } = plan;
  const policies: TierBackupPolicy[] = [];
  const skipped: { tier: string; reason: string }[] = [];
  for (const tier of catalog.tiers) {
    const assets = catalog.assets.filter((a) => a.tier === tier.id);
    const rules = new Map<string, TierRule>();
    const from: string[] = [];
    for (const asset of assets) {
      const p = plan.assets.get(asset.id)!;
      const snapshots = mechanisms(p, 'backup-snapshot');
      if (snapshots.length === 0) continue;
      from.push(asset.id);
      const copies = mechanisms(p, 'backup-copy');
      for (const rule of snapshots) {
        const entry = rules.get(ruleKey(rule)) ?? { rule, copyDays: undefined };
        const copy = copies.find((c: Copy) => c.ruleIntervalSeconds === rule.intervalSeconds);
        if (copy) entry.copyDays = Math.max(entry.copyDays ?? 0, copy.retentionDays);
        rules.set(ruleKey(rule), entry);
      }
    }
    if (rules.size === 0) {
      skipped.push({
        tier: tier.id,
        reason:
          assets.length === 0
            ? 'no asset in this tier'
            : 'no asset of this tier has an AWS Backup snapshot rule in the plan',
      });
      continue;
    }
    policies.push(tierPolicy(catalog, tier.id, [...rules.values()], from));
  }
  return { policies, skipped };
}

function tierPolicy(
  catalog: Catalog,
  tierId: string,
  rules: readonly TierRule[],
  assets: readonly string[],
): TierBackupPolicy {
  const naming = catalog.naming;
  const vault = vaultName(naming, tierId);
  const ordered = [...rules].sort(
    (a, b) => a.rule.intervalSeconds - b.rule.intervalSeconds || ruleKey(a.rule).localeCompare(ruleKey(b.rule)),
  );
  const names = new Map<string, number>();
  const policyRules: Record<string, PolicyRule> = {};
  for (const { rule, copyDays } of ordered) {
    const base = `every-${rule.intervalSeconds / HOUR}h`;
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    const drVault = copyVaultArn(naming, tierId);
    policyRules[n === 1 ? base : `${base}-${n}`] = {
      schedule_expression: assign(awsCronForInterval(rule.intervalSeconds, SCHEDULE_HOUR_UTC)),
      start_backup_window_minutes: assign(String(rule.startWindowSeconds / 60)),
      complete_backup_window_minutes: assign(String(rule.completionWindowSeconds / 60)),
      target_backup_vault_name: assign(vault),
      lifecycle: { delete_after_days: assign(String(rule.retentionDays)) },
      ...(copyDays !== undefined
        ? {
            copy_actions: {
              [drVault]: {
                target_backup_vault_arn: assign(drVault),
                lifecycle: { delete_after_days: assign(String(copyDays)) },
              },
            },
          }
        : {}),
    };
  }
  const content: BackupPolicyDocument = {
    plans: {
      [backupPlanName(naming, tierId)]: {
        regions: assign([naming.primaryRegion]),
        rules: policyRules,
        selections: {
          tags: {
            [`${tierId}-resources`]: {
              iam_role_arn: assign(
                `arn:${partition(naming.primaryRegion)}:iam::$account:role/${backupServiceRoleName(naming)}`,
              ),
              tag_key: assign(TAG.tier),
              tag_value: assign([tierId]),
            },
          },
        },
      },
    },
  };
  const name = orgBackupPolicyName(naming, tierId);
  const size = JSON.stringify(content).length;
  if (size > MAX_POLICY_CHARACTERS) {
    throw new Error(
      `org-policy: the ${tierId} backup policy '${name}' has ${size} characters; AWS Organizations allows ${MAX_POLICY_CHARACTERS}`,
    );
  }
  const tier = tierOf(catalog, tierId);
  return {
    tier: tierId,
    name,
    description:
      `${catalog.company}: AWS Backup rules of ${tier.name} (${tierId}) from ${catalog.file}, for resources tagged ${TAG.tier}=${tierId}`.slice(
        0,
        512,
      ),
    content,
    assets,
  };
}

/** The tier's vault in the DR Region of whichever account receives the policy. */
function copyVaultArn(naming: NamingContext, tierId: string): string {
  return `arn:${partition(naming.drRegion)}:backup:${naming.drRegion}:$account:backup-vault:${vaultName(naming, tierId)}`;
}

function partition(region: string): string {
  return RegionInfo.get(region).partition ?? 'aws';
}
