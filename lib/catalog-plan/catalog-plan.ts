/**
 * The catalog asks the model: one plan per asset and per service, and each service's posture bounded by the assets it
 * depends on. Constructs and charts build from these plans; they compute no figure of their own.
 */
import { contextFor, tierOf, vaultLockOf, type Asset, type Catalog, type Service } from '../catalog';
import {
  boundByDependencies,
  factValue,
  extendPlan,
  plan,
  replanWith,
  type Assessment,
  type FactId,
  type MechanismId,
  type MechanismSpec,
  type Plan,
  type PlanMemo,
  type PlanPolicy,
  type PlanRequest,
  type SpecOf,
} from '../model';
import { switchPlan, switchSpecOf, type SwitchPlan } from './region-switch';

export interface CatalogPlan {
  readonly catalog: Catalog;
  readonly assets: ReadonlyMap<string, Plan>;
  readonly services: ReadonlyMap<string, Plan>;
  /** Services' postures after the weakest-link bound. */
  readonly effective: ReadonlyMap<string, Assessment>;
  /** Where an account quota made the plan settle for less than it would have chosen. */
  readonly limits: readonly LimitNote[];
  /** Assets whose Backup Audit Manager controls are their own; the rest share their tier's (BKP-19 quota). */
  readonly auditControls: ReadonlySet<string>;
  /** The ARC Region switch plan of a pilot light (region-switch.ts); undefined without one. */
  readonly regionSwitch?: SwitchPlan;
}

export interface LimitNote {
  /** The asset, or the tier, the quota cut short. */
  readonly subject: string;
  readonly quota: 'rdsReplicatedBackups' | 'backupAuditControls';
  readonly fact: FactId;
  readonly message: string;
}

/** How long a cache pod may take to start: an empty Redis starts in seconds. */
const CACHE_STARTUP_SECONDS = 30;

function policyFor(catalog: Catalog, entry: Asset | Service): PlanPolicy {
  const tier = tierOf(catalog, entry.tier);
  const isAsset = 'kind' in entry;
  const requires: MechanismId[] = catalog.drills.some((d) => d.kind === 'pitr-restore' && d.assets.includes(entry.id))
    ? ['backup-continuous']
    : [];
  const { minRetentionDays, maxRetentionDays, mode } = vaultLockOf(catalog, entry.tier);
  return {
    retentionDays: isAsset ? entry.retentionDays : tier.policy.retentionDays,
    vaultLock: { mode, minRetentionDays, maxRetentionDays },
    immutableBackups: tier.policy.immutableBackups,
    offsiteCopy: tier.policy.offsiteCopy,
    backupWindow: tier.policy.backupWindow,
    requires,
    drRegion: catalog.environment.drRegion,
    startupSeconds: isAsset ? CACHE_STARTUP_SECONDS : entry.startupSeconds,
    maxReplicas: tier.policy.maxReplicas,
    budget: { rpoSeconds: entry.modes.instance.rpoSeconds, rtoSeconds: entry.modes.instance.rtoSeconds },
    ...(isAsset && entry.external ? { external: entry.external } : {}),
    ...(isAsset && wantsReplica(entry) ? { regionReplica: { lagAlarmSeconds: entry.modes.region.rpoSeconds } } : {}),
    ...(isAsset && entry.warmUpSeconds !== undefined ? { warmUpSeconds: entry.warmUpSeconds } : {}),
  };
}

/**
 * Whether a database gets a cross-Region read replica (asset `regionStrategy`): `replica` always; `auto` where its Region
 * RPO target is tighter than replicated automated backups give (RDS-15: up to 30 minutes, typical); never otherwise.
 */
export function wantsReplica(asset: Asset): boolean {
  if (asset.kind !== 'postgres' && asset.kind !== 'mysql') return false;
  if (asset.regionStrategy === 'replica') return true;
  const rpo = asset.modes.region.rpoSeconds;
  return asset.regionStrategy === 'auto' && rpo !== null && rpo < factValue('RDS-15');
}

function assetRequest(catalog: Catalog, asset: Asset): PlanRequest {
  return { target: asset, kind: asset.kind, policy: policyFor(catalog, asset), ctx: contextFor(catalog, asset.tier) };
}

function serviceRequest(catalog: Catalog, service: Service): PlanRequest {
  return {
    target: service,
    kind: 'service',
    policy: policyFor(catalog, service),
    ctx: contextFor(catalog, service.tier),
  };
}

/**
 * The plan of one asset. `planCatalog` adds the Region switch plan's step for it afterwards (a pilot light's plan is
 * one per catalog): the plan `planCatalog` returns is the one the artifacts are built from.
 */
export function planAsset(catalog: Catalog, asset: Asset, memo?: PlanMemo): Plan {
  return plan(assetRequest(catalog, asset), memo);
}

export function planService(catalog: Catalog, service: Service, memo?: PlanMemo): Plan {
  return plan(serviceRequest(catalog, service), memo);
}

/** The assets a service's posture is bounded by: what it owns and what it depends on. */
export function dependenciesOf(service: Service): string[] {
  return [...new Set([...service.owns, ...service.dependsOn])];
}

/** Tier rank first, then catalog order: who keeps a quota's slots when there are not enough for all. */
function byImportance(catalog: Catalog): Asset[] {
  const rank = new Map(catalog.tiers.map((t) => [t.id, t.rank]));
  return catalog.assets
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank.get(x.a.tier)! - rank.get(y.a.tier)! || x.i - y.i)
    .map((x) => x.a);
}

/**
 * Account quotas as planner rules: RDS replicates automated backups of at most 20 instances per destination Region
 * (RDS-13, or the catalog's raised quota). The most important assets keep replication; the rest are planned again
 * without it (the model then picks the next best Region mechanism, or names the gap) and a note says why.
 */
function fitQuotas(catalog: Catalog, assets: Map<string, Plan>, memo: PlanMemo): LimitNote[] {
  const quota = catalog.environment.quotas.rdsReplicatedBackups;
  const replicated = byImportance(catalog).filter((a) => mechanism(assets.get(a.id)!, 'rds-backup-replication'));
  return replicated.slice(quota).map((a) => {
    const policy = { ...policyFor(catalog, a), excludes: ['rds-backup-replication' as const] };
    assets.set(a.id, plan({ target: a, kind: a.kind, policy, ctx: contextFor(catalog, a.tier) }, memo));
    return {
      subject: a.id,
      quota: 'rdsReplicatedBackups' as const,
      fact: 'RDS-13' as const,
      message:
        `${a.id}: no cross-Region backup replication — ${replicated.length} database assets would replicate to ` +
        `${catalog.environment.drRegion} and the quota is ${quota} (RDS-13); more important assets keep it. Raise the ` +
        'quota (Service Quotas) and set environment.quotas.rdsReplicatedBackups.',
    };
  });
}

export function planCatalog(catalog: Catalog): CatalogPlan {
  const memo: PlanMemo = new Map();
  const assets = new Map(catalog.assets.map((a) => [a.id, planAsset(catalog, a, memo)]));
  const limits = fitQuotas(catalog, assets, memo);
  const services = new Map(catalog.services.map((s) => [s.id, planService(catalog, s, memo)]));
  // A pilot light's Region switch plan is built from the entries' plans, then each entry it serves gets its step.
  const regionSwitch = switchPlan(catalog, assets);
  if (regionSwitch) {
    // The standby cluster's SecretStore reads the secrets' replicas in the DR Region (k8s/secrets): nothing to promote.
    for (const a of catalog.assets.filter((x) => x.kind === 'secret')) {
      const p = assets.get(a.id)!;
      const set = p.mechanisms.map((m) =>
        m.id === 'secrets-manager' && m.replicaRegions.includes(catalog.environment.drRegion)
          ? { ...m, readInPlace: [catalog.environment.drRegion] }
          : m,
      );
      assets.set(a.id, replanWith(assetRequest(catalog, a), set));
    }
    for (const a of catalog.assets) {
      const spec = switchSpecOf(catalog, regionSwitch, a.id, false);
      if (spec) assets.set(a.id, extendPlan(assetRequest(catalog, a), assets.get(a.id)!, [spec]));
    }
    for (const s of catalog.services) {
      const spec = switchSpecOf(catalog, regionSwitch, s.id, true);
      if (spec) services.set(s.id, extendPlan(serviceRequest(catalog, s), services.get(s.id)!, [spec]));
    }
  }
  const effective = new Map(
    catalog.services.map((s) => [
      s.id,
      boundByDependencies(
        s,
        services.get(s.id)!.assessment,
        dependenciesOf(s).map((id) => ({
          id,
          assessment: assets.get(id)!.assessment,
          acceptances: catalog.assets.find((a) => a.id === id)?.acceptances ?? [],
        })),
      ),
    ]),
  );
  const audit = allocateAuditControls(catalog, assets);
  return {
    catalog,
    assets,
    services,
    effective,
    limits: [...limits, ...audit.limits],
    auditControls: audit.detailed,
    ...(regionSwitch ? { regionSwitch } : {}),
  };
}

/** The spec of a mechanism in a plan, if the plan has it. */
export function mechanism<I extends MechanismId>(p: Plan, id: I): SpecOf<I> | undefined {
  return p.mechanisms.find((m): m is SpecOf<I> => m.id === id);
}

export function mechanisms<I extends MechanismId>(p: Plan, id: I): SpecOf<I>[] {
  return p.mechanisms.filter((m): m is SpecOf<I> => m.id === id);
}

export type { MechanismSpec };

/** Controls each tier's framework always has: plan frequency and retention, minimum retention, vault lock, manual deletion, encryption. */
export const TIER_AUDIT_CONTROLS = 5;

/** The per-asset Backup Audit Manager controls an asset gets: recovery-point age, restore time if drilled, cross-Region if copied. */
export function auditControlsOf(catalog: Catalog, p: Plan): number {
  const vaulted = p.mechanisms.some((m) => m.id === 'backup-snapshot' || m.id === 'backup-continuous');
  if (!vaulted) return 0;
  const drilled = catalog.drills.some((d) => d.kind === 'pitr-restore' && d.assets.includes(p.id));
  return 1 + Number(drilled) + Number(p.mechanisms.some((m) => m.id === 'backup-copy'));
}

/**
 * Backup Audit Manager allows 50 controls per account and Region (BKP-19, or the catalog's quota). When per-asset
 * controls do not fit, the most important assets keep theirs and each tier's other assets share one control per
 * kind, at the loosest of their figures; the tier's own five controls always stay.
 */
function allocateAuditControls(
  catalog: Catalog,
  assets: ReadonlyMap<string, Plan>,
): { detailed: Set<string>; limits: LimitNote[] } {
  const quota = catalog.environment.quotas.backupAuditControls;
  const audited = byImportance(catalog).filter((a) => auditControlsOf(catalog, assets.get(a.id)!) > 0);
  const tiers = [...new Set(audited.map((a) => a.tier))];
  const perAsset = (a: Asset) => auditControlsOf(catalog, assets.get(a.id)!);
  const all = audited.reduce((n, a) => n + perAsset(a), 0);
  if (TIER_AUDIT_CONTROLS * tiers.length + all <= quota)
    return { detailed: new Set(audited.map((a) => a.id)), limits: [] };
  // Room for each tier's shared controls: one per kind of per-asset control the tier has.
  const shared = (tier: string) => Math.max(...audited.filter((a) => a.tier === tier).map(perAsset));
  let budget = quota - tiers.reduce((n, t) => n + TIER_AUDIT_CONTROLS + shared(t), 0);
  if (budget < 0) {
    throw new Error(
      `environment.quotas.backupAuditControls: ${tiers.length} tiers need at least ${quota - budget} Backup Audit Manager controls ` +
        `and the quota is ${quota} (BKP-19); raise it (Service Quotas) or use fewer tiers`,
    );
  }
  const detailed = new Set<string>();
  for (const a of audited) {
    if (perAsset(a) > budget) break;
    budget -= perAsset(a);
    detailed.add(a.id);
  }
  const limits = tiers.flatMap((tier): LimitNote[] => {
    const rest = audited.filter((a) => a.tier === tier && !detailed.has(a.id));
    if (rest.length === 0) return [];
    return [
      {
        subject: tier,
        quota: 'backupAuditControls',
        fact: 'BKP-19',
        message:
          `${tier}: ${rest.length} asset(s) share the tier's Backup Audit Manager controls at the loosest of their figures ` +
          `(the quota is ${quota} controls per account and Region, BKP-19): ${rest.map((a) => a.id).join(', ')}.`,
      },
    ];
  });
  return { detailed, limits };
}
