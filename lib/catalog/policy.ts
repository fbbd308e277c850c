/**
 * What a catalog says about one tier, in the terms the model and the constructs need: the tier itself, the vault lock
 * its profile allows, and the platform context its entries are assessed in.
 */
import type { ModelContext, VaultLockSpec } from '../model';
import type { Catalog, Tier } from './types';

export function tierOf(catalog: Catalog, tierId: string): Tier {
  const tier = catalog.tiers.find((t) => t.id === tierId);
  if (!tier) throw new Error(`unknown tier ${tierId}`);
  return tier;
}

/** The vault lock the model and the constructs use: the sandbox profile always locks in governance mode (BKP-15). */
export function vaultLockOf(catalog: Catalog, tierId: string): VaultLockSpec & { readonly changeableForDays?: number } {
  const lock = tierOf(catalog, tierId).policy.vaultLock;
  if (catalog.profile === 'sandbox' || lock.mode === 'governance') {
    return { mode: 'governance', minRetentionDays: lock.minRetentionDays, maxRetentionDays: lock.maxRetentionDays };
  }
  return lock;
}

/** The platform an entry of the tier runs on, as the model's figures need it. */
export function contextFor(catalog: Catalog, tierId: string): ModelContext {
  const env = catalog.environment;
  return {
    kubernetesVersion: env.kubernetes.version,
    zones: env.availabilityZones[env.primaryRegion]?.length ?? 1,
    // Only compute declared elsewhere (`external`) is taken on the catalog's word; a pilot light is read from the
    // artifacts that build it (the standby cluster, the Region switch plan).
    drCompute: env.drCompute?.kind === 'external',
    minReady: tierOf(catalog, tierId).policy.minReplicas,
    endpointPropagationSeconds: tierOf(catalog, tierId).policy.endpointPropagationSeconds,
  };
}
