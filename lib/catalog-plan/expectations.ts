/**
 * What the model expects of each asset AWS Backup protects, asked of the plan: its resources, its vault and the age
 * limits of its recovery points and copies. The limit is what the planned mechanism achieves (never the target, so an
 * unmeetable target is a gap in the posture and not a permanent alarm or breach). The live audit (lib/audit) and the
 * recovery-point-age alarms (lib/catalog-plan/alarms.ts) both hold the account to these.
 */
import { contextFor, tierOf } from '../catalog';
import {
  achieve,
  kindModule,
  singleRunSeconds,
  type AssetKind,
  type BackupResourceType,
  type Bound,
  type FactId,
  type FieldOutcome,
  type MechanismSpec,
  type RecoveryOverhead,
  type VaultLockSpec,
} from '../model';
import type { FreshnessSource, ResourceMatch } from '../measurement';
import { bucketName, databaseIdentifier, vaultName, type NamingContext } from '../names';
import type { CatalogPlan } from './catalog-plan';

const BACKUP_MECHANISMS = ['backup-snapshot', 'backup-continuous', 'backup-copy'] as const;

/**
 * A limit the model derives for a live figure: the figure when every scheduled run succeeds (what alarms hold the
 * account to), with where it comes from. Never the target: a target the configuration cannot meet is a gap in the
 * posture, not a permanent breach.
 */
export interface Limit {
  /** The single-run figure; null when the model has no figure (an unknown bound). */
  readonly seconds: number | null;
  readonly bound: Bound;
  readonly facts: readonly FactId[];
  /** What the limit is: "schedule interval plus completion window". */
  readonly note: string;
  /** For an unknown figure: the single-run part that is known (an age over it is late, not proven broken). */
  readonly atLeastSeconds?: number;
  /** The posture's figure, which allows one missed run: an age over it is a missed run for certain. */
  readonly missedRunSeconds?: number;
  /**
   * The RPO target the figure serves. Over a typical figure, an age is proof of a failure only once it is over the
   * target too (the posture's `expected` is then disproved); within the target it is a warning.
   */
  readonly targetSeconds?: number;
}

export interface BackupExpectation {
  readonly asset: string;
  readonly tier: string;
  readonly kind: AssetKind;
  readonly resourceType: BackupResourceType;
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly match: ResourceMatch;
  /** The RDS instance identifier, for `LatestRestorableTime` and replicated backups. */
  readonly databaseIdentifier?: string;
  readonly vault: string;
  readonly freshness: { readonly source: FreshnessSource; readonly limit: Limit };
  /** The vault lock the plan puts the primary recovery points under (null: none). */
  readonly vaultLock: VaultLockSpec | null;
  /** An AWS Backup copy in the DR Region's vault of the same name (MECH-11). */
  readonly copy?: { readonly limit: Limit; readonly vaultLock: VaultLockSpec | null };
  /** RDS cross-Region automated backup replication (MECH-4). */
  readonly replication?: { readonly limit: Limit };
  /** Target RTO of the modes a restore measures: in the primary Region (corruption) and in the DR Region (region). */
  readonly rto: { readonly corruption: number; readonly region: number };
  /**
   * The tier's declared recovery overhead per mode (detect, decide, repoint), added to a restore's time before it is
   * held to the RTO, as the posture adds it to a measurement; absent when the tier declares none.
   */
  readonly overheadSeconds?: { readonly corruption: number; readonly region: number };
  /** How long a measured restore stays evidence (the tier's evidenceValidity). */
  readonly evidenceValiditySeconds: number;
}

/** The limit a mechanism's figure for one mode sets (its single-run figure), or undefined when nothing protects. */
export function limitOf(field: FieldOutcome, targetSeconds?: number | null): Limit | undefined {
  if (field.kind !== 'figure') return undefined;
  const f = field.figure;
  const missedRun = f.singleRun !== undefined ? (f.seconds ?? f.atLeast) : undefined;
  const atLeast = f.seconds === null ? (f.singleRun ?? f.atLeast) : undefined;
  return {
    seconds: singleRunSeconds(f),
    bound: f.bound,
    facts: f.facts,
    note: f.singleRunNote ?? f.note ?? '',
    ...(atLeast ? { atLeastSeconds: atLeast } : {}),
    ...(missedRun !== undefined ? { missedRunSeconds: missedRun } : {}),
    ...(targetSeconds != null ? { targetSeconds } : {}),
  };
}

function rdsArn(naming: NamingContext, asset: string): string {
  return `arn:aws:rds:${naming.primaryRegion}:${naming.account}:db:${databaseIdentifier(naming, asset)}`;
}

function find<I extends MechanismSpec['id']>(set: readonly MechanismSpec[], id: I) {
  return set.find((m): m is Extract<MechanismSpec, { id: I }> => m.id === id);
}

/** Every asset whose plan uses AWS Backup: its resources, vault and the limits the model sets, in catalog order. */
export function backupExpectations(
  plan: CatalogPlan,
  naming: NamingContext = plan.catalog.naming,
): BackupExpectation[] {
  const { catalog } = plan;
  const targets: BackupExpectation[] = [];
  const ebsAssetsByTier = new Map<string, string[]>();
  for (const a of catalog.assets) {
    if (kindModule(a.kind).backupResourceType === 'EBS')
      ebsAssetsByTier.set(a.tier, [...(ebsAssetsByTier.get(a.tier) ?? []), a.id]);
  }
  for (const asset of catalog.assets) {
    const p = plan.assets.get(asset.id)!;
    const set = p.mechanisms;
    if (!set.some((m) => (BACKUP_MECHANISMS as readonly string[]).includes(m.id))) continue;
    const resourceType = kindModule(asset.kind).backupResourceType;
    if (resourceType === null) continue;
    const ctx = contextFor(catalog, asset.tier);
    const continuous = find(set, 'backup-continuous');
    const snapshot = find(set, 'backup-snapshot');
    // RDS continuous backups are RDS automated backups (BKP-7): LatestRestorableTime says how fresh they are. AWS
    // Backup exposes no such time for other continuous backups, so their freshness comes from a snapshot rule, if any.
    const fresh = continuous && resourceType === 'RDS' ? continuous : snapshot;
    const vault = vaultName(naming, asset.tier);
    const freshnessLimit = fresh
      ? limitOf(achieve(fresh, ctx, set).instance.rpo, asset.modes.instance.rpoSeconds)
      : undefined;
    const copySpec = find(set, 'backup-copy');
    const replicationSpec = find(set, 'rds-backup-replication');
    const regionTarget = asset.modes.region.rpoSeconds;
    // The copies' own figures, even where the Region switch plan promotes a replica instead: they are the fallback,
    // and their age is watched all the same.
    const copies = set.filter((m) => m.id !== 'region-switch');
    const copyLimit = copySpec ? limitOf(achieve(copySpec, ctx, copies).region.rpo, regionTarget) : undefined;
    const replicationLimit = replicationSpec
      ? limitOf(achieve(replicationSpec, ctx, copies).region.rpo, regionTarget)
      : undefined;
    const match: ResourceMatch =
      resourceType === 'RDS'
        ? { by: 'arn', arn: rdsArn(naming, asset.id) }
        : resourceType === 'S3'
          ? { by: 'arn', arn: `arn:aws:s3:::${bucketName(naming, asset.id, 'primary')}` }
          : {
              by: 'vault',
              resourceType,
              vault,
              ambiguousWith: (ebsAssetsByTier.get(asset.tier) ?? []).filter((id) => id !== asset.id),
            };
    targets.push({
      asset: asset.id,
      tier: asset.tier,
      kind: asset.kind,
      resourceType,
      primaryRegion: naming.primaryRegion,
      drRegion: naming.drRegion,
      match,
      ...(resourceType === 'RDS' ? { databaseIdentifier: databaseIdentifier(naming, asset.id) } : {}),
      vault,
      freshness: {
        source: fresh?.id === 'backup-continuous' ? 'latest-restorable-time' : 'recovery-point',
        limit: freshnessLimit ?? {
          seconds: null,
          bound: 'unknown',
          facts: ['BKP-6'],
          note: 'AWS Backup does not expose the age of this continuous backup',
        },
      },
      vaultLock: (continuous ?? snapshot)?.vaultLock ?? null,
      ...(copySpec && copyLimit ? { copy: { limit: copyLimit, vaultLock: copySpec.vaultLock } } : {}),
      ...(replicationLimit ? { replication: { limit: replicationLimit } } : {}),
      rto: { corruption: asset.modes.corruption.rtoSeconds, region: asset.modes.region.rtoSeconds },
      ...(asset.recovery ? { overheadSeconds: overheadOf(asset.recovery) } : {}),
      evidenceValiditySeconds: tierOf(catalog, asset.tier).policy.evidenceValiditySeconds,
    });
  }
  return targets;
}

function overheadOf(r: RecoveryOverhead): { corruption: number; region: number } {
  const total = (o: RecoveryOverhead['region']) => o.detectSeconds + o.decideSeconds + o.repointSeconds;
  return { corruption: total(r.corruption), region: total(r.region) };
}
