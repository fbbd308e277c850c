/**
 * Backup Audit Manager: one framework per tier. Recovery-point age per asset is what the model says its AWS Backup
 * rules achieve (the control's grain is hours, so the figure is rounded up and the rounding is written into the
 * framework's description); restore time per restore-tested asset is its RTO in minutes; vault lock, manual-deletion,
 * encryption, retention and (where planned) cross-Region controls per tier. Frameworks need AWS Config recording in the
 * account and Region: a prerequisite (docs/aws.md), not provisioned here.
 */
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { type Asset, contextFor, vaultLockOf } from '../lib/catalog';
import { formatDuration } from '../lib/catalog';
import { achieve, singleRunSeconds, type SpecOf } from '../lib/model';
import { auditFrameworkName, logicalId, TAG, type NamingContext } from '../lib/names';
import { mechanisms, type CatalogPlan } from '../lib/catalog-plan';
import { breakGlassRoleArn } from './keys';
import { tagProtector } from './tags';

export interface AuditFrameworksProps {
  readonly plan: CatalogPlan;
  readonly naming: NamingContext;
}

/** BACKUP_LAST_RECOVERY_POINT_CREATED takes 1–744 hours. */
const MAX_AGE_HOURS = 744;
const HOUR = 3600;

type Vaulted = SpecOf<'backup-snapshot'> | SpecOf<'backup-continuous'>;
type Control = backup.CfnFramework.FrameworkControlProperty;

const param = (parameterName: string, value: string | number) => ({ parameterName, parameterValue: String(value) });
// ControlScope is an untyped L1 property: CloudFormation needs the PascalCase keys as written here.
const byTag = (key: string, value: string) => ({ Tags: [{ Key: key, Value: value }] });

export class AuditFrameworks extends Construct {
  readonly frameworks: backup.CfnFramework[] = [];
  /** Recovery-point ages rounded up to whole hours, for the report: asset → [model seconds, control hours]. */
  readonly rounding = new Map<string, readonly [number, number]>();

  constructor(scope: Construct, id: string, props: AuditFrameworksProps) {
    super(scope, id);
    const { catalog } = props.plan;
    const drilled = new Set(catalog.drills.filter((d) => d.kind === 'pitr-restore').flatMap((d) => d.assets));
    let total = 0;
    for (const tier of catalog.tiers) {
      const assets = catalog.assets.filter((a) => a.tier === tier.id && this.vaulted(props, a).length > 0);
      if (assets.length === 0) continue;
      const controls: Control[] = [];
      const notes: string[] = [];
      // Within Backup Audit Manager's quota each asset has its own controls; past it, the plan (lib/catalog-plan
      // allocateAuditControls) keeps them for the most important assets and the tier's others share one per kind.
      const own = assets.filter((a) => props.plan.auditControls.has(a.id));
      const rest = assets.filter((a) => !props.plan.auditControls.has(a.id));
      for (const asset of own) {
        const [seconds, hours] = this.recoveryPointAge(props, asset);
        if (hours * HOUR !== seconds) notes.push(`${asset.id} ${formatDuration(seconds)}→${hours}h`);
        controls.push(...this.assetControls(props, [asset], hours, byTag(TAG.asset, asset.id), drilled));
      }
      if (rest.length > 0) {
        const hours = Math.max(...rest.map((a) => this.recoveryPointAge(props, a)[1]));
        notes.push(`${rest.length} asset(s) share tier-wide controls at ${hours}h (quota)`);
        controls.push(...this.assetControls(props, rest, hours, byTag(TAG.tier, tier.id), drilled));
      }
      const rules = assets.flatMap((a) => this.vaulted(props, a));
      const lock = vaultLockOf(catalog, tier.id);
      const minRetention = Math.min(...rules.map((r) => r.retentionDays));
      const longestHours = Math.max(
        ...rules.map((r) => (r.id === 'backup-snapshot' ? r.intervalSeconds : 24 * HOUR) / HOUR),
      );
      controls.push(
        {
          controlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
          controlInputParameters: [
            param('requiredFrequencyUnit', 'hours'),
            param('requiredFrequencyValue', longestHours),
            param('requiredRetentionDays', minRetention),
          ],
          controlScope: byTag(TAG.tier, tier.id),
        },
        {
          controlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
          controlInputParameters: [param('requiredRetentionDays', minRetention)],
          controlScope: byTag(TAG.tier, tier.id),
        },
        {
          controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
          controlInputParameters: [
            param('minRetentionDays', lock.minRetentionDays),
            param('maxRetentionDays', lock.maxRetentionDays),
          ],
          controlScope: byTag(TAG.tier, tier.id),
        },
        {
          controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
          controlInputParameters: [param('principalArnList', breakGlassRoleArn(this, props.naming))],
          controlScope: byTag(TAG.tier, tier.id),
        },
        { controlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED', controlScope: byTag(TAG.tier, tier.id) },
      );
      total += controls.length;
      const description =
        `DR controls of ${tier.id} (${tier.name}) from ${catalog.file}.` +
        (notes.length ? ` Recovery-point ages rounded up to hours: ${notes.join(', ')}.` : '');
      const framework = new backup.CfnFramework(this, logicalId(tier.id), {
        frameworkName: auditFrameworkName(props.naming, tier.id),
        frameworkDescription: description.slice(0, 1024),
        frameworkControls: controls,
      });
      framework.overrideLogicalId(`${logicalId(tier.id)}AuditFramework`);
      tagProtector(framework, 'audit-framework', tier.id);
      this.frameworks.push(framework);
    }
    const quota = catalog.environment.quotas.backupAuditControls;
    if (total > quota) {
      throw new Error(
        `AuditFrameworks: ${total} controls exceed Backup Audit Manager's ${quota} per account and Region (BKP-19); lib/catalog-plan allocateAuditControls should have prevented this`,
      );
    }
  }

  /** Recovery-point age, restore time (drilled assets) and cross-Region copy (copied assets), for one scope. */
  private assetControls(
    props: AuditFrameworksProps,
    assets: readonly Asset[],
    hours: number,
    scope: ReturnType<typeof byTag>,
    drilled: ReadonlySet<string>,
  ): Control[] {
    const controls: Control[] = [
      {
        controlName: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
        controlInputParameters: [param('recoveryPointAgeUnit', 'hours'), param('recoveryPointAgeValue', hours)],
        controlScope: scope,
      },
    ];
    const restored = assets.filter((a) => drilled.has(a.id));
    if (restored.length > 0) {
      controls.push({
        controlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
        controlInputParameters: [
          param('maxRestoreTime', Math.max(...restored.map((a) => Math.ceil(a.modes.corruption.rtoSeconds / 60)))),
        ],
        controlScope: scope,
      });
    }
    if (assets.some((a) => mechanisms(props.plan.assets.get(a.id)!, 'backup-copy').length > 0)) {
      controls.push({
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
        controlInputParameters: [param('crossRegionList', props.naming.drRegion)],
        controlScope: scope,
      });
    }
    return controls;
  }

  private vaulted(props: AuditFrameworksProps, asset: Asset): Vaulted[] {
    const p = props.plan.assets.get(asset.id)!;
    return [...mechanisms(p, 'backup-continuous'), ...mechanisms(p, 'backup-snapshot')];
  }

  /** The newest recovery point the model promises from the AWS Backup rules alone, and the control's whole hours. */
  private recoveryPointAge(props: AuditFrameworksProps, asset: Asset): readonly [number, number] {
    const p = props.plan.assets.get(asset.id)!;
    const ctx = contextFor(props.plan.catalog, asset.tier);
    const figures = this.vaulted(props, asset).flatMap((spec) => {
      const field = achieve(spec, ctx, p.mechanisms).instance.rpo;
      // The control fires after the first missed run: the single-run figure, not the posture's (which allows one).
      const seconds = field.kind === 'figure' ? singleRunSeconds(field.figure) : null;
      return seconds !== null ? [seconds] : [];
    });
    if (figures.length === 0)
      throw new Error(`AuditFrameworks: the model gives no recovery-point figure for '${asset.id}'s backup rules`);
    const seconds = Math.min(...figures);
    const hours = Math.max(1, Math.ceil(seconds / HOUR));
    if (hours > MAX_AGE_HOURS)
      throw new Error(
        `AuditFrameworks: '${asset.id}' recovery-point age ${hours} h exceeds the control's ${MAX_AGE_HOURS} h`,
      );
    this.rounding.set(asset.id, [seconds, hours]);
    return [seconds, hours];
  }
}
