/**
 * What the live audit expects of each asset AWS Backup protects, asked of the model: the age limit of the newest
 * restorable point is what the planned backup mechanism achieves (never the target, so an unmeetable target is a gap in
 * the posture and not a permanent breach here), and the posture says which gaps are accepted.
 */
import type { Asset } from '../catalog';
import { achieve, kindModule, MODES, type FieldOutcome, type MechanismSpec, type Mode } from '../model';
import { bucketName, databaseIdentifier, vaultName, type NamingContext } from '../names';
import { contextFor, tierOf, type CatalogPlan } from '../plan';
import type { Posture } from '../posture';
import { AuditInputError } from './errors';
import type { AuditTarget, Limit } from './types';

const BACKUP_MECHANISMS = ['backup-snapshot', 'backup-continuous', 'backup-copy'] as const;


/** The limit a mechanism's figure for one mode sets; `fallback` is the target used when the figure is unknown. */
export function limitOf(field: FieldOutcome, fallback: number | null): Limit | undefined {
  if (field.kind !== 'figure') return undefined;
  const { seconds, bound, facts, note } = field.figure;
  return {
    seconds,
    bound,
    facts,
    note: note ?? '',
    ...(seconds === null && fallback !== null ? { fallbackSeconds: fallback } : {}),
  };
}

function rdsArn(naming: NamingContext, asset: string): string {
  return `arn:aws:rds:${naming.primaryRegion}:${naming.account}:db:${databaseIdentifier(naming, asset)}`;
}

function postureOf(posture: Posture, asset: Asset): AuditTarget['posture'] {
  const entry = posture.entries.find((e) => e.id === asset.id);
  if (!entry) throw new AuditInputError(`the posture has no entry for asset ${asset.id}: regenerate it (npm run synth)`);
  const out = {} as Record<Mode, AuditTarget['posture'][Mode]>;
  for (const mode of MODES) {
    const m = entry.modes[mode];
    const acceptance = m.acceptance ? `${m.acceptance.reason.trim()} (owner ${m.acceptance.owner}, expires ${m.acceptance.expires})` : undefined;
    out[mode] = { rpo: m.rpoStatus, rto: m.rtoStatus, ...(acceptance ? { acceptance } : {}) };
  }
  return out;
}

function find<I extends MechanismSpec['id']>(set: readonly MechanismSpec[], id: I) {
  return set.find((m): m is Extract<MechanismSpec, { id: I }> => m.id === id);
}

/** What the model expects of an asset's backups, before the posture says which gaps are accepted. */
export type Expectation = Omit<AuditTarget, 'posture'>;

/** The audit targets of every asset whose plan uses AWS Backup, in catalog order. */
export function auditTargets(plan: CatalogPlan, posture: Posture, naming: NamingContext = plan.catalog.naming): AuditTarget[] {
  return backupExpectations(plan, naming).map((e) => ({ ...e, posture: postureOf(posture, plan.catalog.assets.find((a) => a.id === e.asset)!) }));
}

/** Every asset whose plan uses AWS Backup: its resources, vault and the limits the model sets, in catalog order. */
export function backupExpectations(plan: CatalogPlan, naming: NamingContext = plan.catalog.naming): Expectation[] {
  const { catalog } = plan;
  const targets: Expectation[] = [];
  const ebsAssetsByTier = new Map<string, string[]>();
  for (const a of catalog.assets) {
    if (kindModule(a.kind).backupResourceType === 'EBS') ebsAssetsByTier.set(a.tier, [...(ebsAssetsByTier.get(a.tier) ?? []), a.id]);
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
    const freshnessLimit = fresh ? limitOf(achieve(fresh, ctx, set).instance.rpo, asset.modes.instance.rpoSeconds) : undefined;
    const copySpec = find(set, 'backup-copy');
    const replicationSpec = find(set, 'rds-backup-replication');
    const copyLimit = copySpec ? limitOf(achieve(copySpec, ctx, set).region.rpo, asset.modes.region.rpoSeconds) : undefined;
    const replicationLimit = replicationSpec
      ? limitOf(achieve(replicationSpec, ctx, set).region.rpo, asset.modes.region.rpoSeconds)
      : undefined;
    const match: AuditTarget['match'] =
      resourceType === 'RDS'
        ? { by: 'arn', arn: rdsArn(naming, asset.id) }
        : resourceType === 'S3'
          ? { by: 'arn', arn: `arn:aws:s3:::${bucketName(naming, asset.id, 'primary')}` }
          : { by: 'vault', resourceType, vault, ambiguousWith: (ebsAssetsByTier.get(asset.tier) ?? []).filter((id) => id !== asset.id) };
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
        limit: freshnessLimit ?? { seconds: null, bound: 'unknown', facts: ['BKP-6'], note: 'AWS Backup does not expose the age of this continuous backup' },
      },
      vaultLock: (continuous ?? snapshot)?.vaultLock ?? null,
      ...(copySpec && copyLimit ? { copy: { limit: copyLimit, vaultLock: copySpec.vaultLock } } : {}),
      ...(replicationLimit ? { replication: { limit: replicationLimit } } : {}),
      rto: { corruption: asset.modes.corruption.rtoSeconds, region: asset.modes.region.rtoSeconds },
      evidenceValiditySeconds: tierOf(catalog, asset.tier).policy.evidenceValiditySeconds,
    });
  }
  return targets;
}
