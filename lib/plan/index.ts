/**
 * The catalog asks the model: one plan per asset and per service, and each service's posture bounded by the assets it
 * depends on. Constructs and charts build from these plans; they compute no figure of their own.
 */
import type { Asset, Catalog, Service } from '../catalog';
import {
  boundByDependencies,
  plan,
  type Assessment,
  type MechanismId,
  type MechanismSpec,
  type ModelContext,
  type Plan,
  type PlanMemo,
  type PlanPolicy,
  type SpecOf,
  type VaultLockSpec,
} from '../model';

export interface CatalogPlan {
  readonly catalog: Catalog;
  readonly assets: ReadonlyMap<string, Plan>;
  readonly services: ReadonlyMap<string, Plan>;
  /** Services' postures after the weakest-link bound. */
  readonly effective: ReadonlyMap<string, Assessment>;
}

/** The vault lock the model and the constructs use: the sandbox profile always locks in governance mode (BKP-15). */
export function vaultLockOf(catalog: Catalog, tierId: string): VaultLockSpec & { readonly changeableForDays?: number } {
  const lock = tierOf(catalog, tierId).policy.vaultLock;
  if (catalog.profile === 'sandbox' || lock.mode === 'governance') {
    return { mode: 'governance', minRetentionDays: lock.minRetentionDays, maxRetentionDays: lock.maxRetentionDays };
  }
  return lock;
}

export function tierOf(catalog: Catalog, tierId: string) {
  const tier = catalog.tiers.find((t) => t.id === tierId);
  if (!tier) throw new Error(`unknown tier ${tierId}`);
  return tier;
}

export function contextFor(catalog: Catalog, tierId: string): ModelContext {
  const env = catalog.environment;
  return {
    kubernetesVersion: env.kubernetes.version,
    zones: env.availabilityZones[env.primaryRegion]?.length ?? 1,
    drCompute: env.drCompute !== undefined,
    minReady: tierOf(catalog, tierId).policy.minReplicas,
  };
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
    backupWindow: tier.policy.backupWindow,
    requires,
    drRegion: catalog.environment.drRegion,
    startupSeconds: isAsset ? CACHE_STARTUP_SECONDS : entry.startupSeconds,
    budget: { rpoSeconds: entry.modes.instance.rpoSeconds, rtoSeconds: entry.modes.instance.rtoSeconds },
    ...(isAsset && entry.external ? { external: entry.external } : {}),
  };
}

export function planAsset(catalog: Catalog, asset: Asset, memo?: PlanMemo): Plan {
  return plan({ target: asset, kind: asset.kind, policy: policyFor(catalog, asset), ctx: contextFor(catalog, asset.tier) }, memo);
}

export function planService(catalog: Catalog, service: Service, memo?: PlanMemo): Plan {
  return plan({ target: service, kind: 'service', policy: policyFor(catalog, service), ctx: contextFor(catalog, service.tier) }, memo);
}

/** The assets a service's posture is bounded by: what it owns and what it depends on. */
export function dependenciesOf(service: Service): string[] {
  return [...new Set([...service.owns, ...service.dependsOn])];
}

export function planCatalog(catalog: Catalog): CatalogPlan {
  const memo: PlanMemo = new Map();
  const assets = new Map(catalog.assets.map((a) => [a.id, planAsset(catalog, a, memo)]));
  const services = new Map(catalog.services.map((s) => [s.id, planService(catalog, s, memo)]));
  const effective = new Map(
    catalog.services.map((s) => [
      s.id,
      boundByDependencies(
        s,
        services.get(s.id)!.assessment,
        dependenciesOf(s).map((id) => ({ id, assessment: assets.get(id)!.assessment })),
      ),
    ]),
  );
  return { catalog, assets, services, effective };
}

/** The spec of a mechanism in a plan, if the plan has it. */
export function mechanism<I extends MechanismId>(p: Plan, id: I): SpecOf<I> | undefined {
  return p.mechanisms.find((m): m is SpecOf<I> => m.id === id);
}

export function mechanisms<I extends MechanismId>(p: Plan, id: I): SpecOf<I>[] {
  return p.mechanisms.filter((m): m is SpecOf<I> => m.id === id);
}

export type { MechanismSpec };
