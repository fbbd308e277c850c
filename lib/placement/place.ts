/**
 * Placement: which stack of each side holds an asset's resources. Assets the previous placement knows keep their
 * stacks, always (moving a data store between stacks replaces it); new assets, in catalog order, go to the first
 * stack of the side whose estimate stays within the budget, or open the next shard. Pure: the file is file.ts.
 */
import type { Side } from '../names';
import type { CatalogPlan } from '../catalog-plan';
import { estimator, sharedEstimate, STACK_BUDGET } from './estimate';

export const SIDES: readonly Side[] = ['primary', 'dr'];

/** The shard of each side that holds one asset's resources: 0 is the side's own stack. */
export type AssetPlacement = Readonly<Record<Side, number>>;

/** By asset id. */
export type Placement = ReadonlyMap<string, AssetPlacement>;

export interface PlaceOptions {
  /** Stop filling a stack at this estimate. @default STACK_BUDGET */
  readonly budget?: number;
}

/**
 * The placement of every catalog asset: `previous` entries for assets still in the catalog unchanged, new ones placed.
 * Entries of assets no longer in the catalog are the caller's to refuse or drop (file.ts); they are not in the result
 * and their estimate no longer counts.
 */
export function place(plan: CatalogPlan, previous: Placement, options: PlaceOptions = {}): Placement {
  const { catalog } = plan;
  const budget = options.budget ?? STACK_BUDGET;
  const assetEstimate = estimator(plan);
  const kept = catalog.assets.filter((a) => previous.has(a.id));
  const load = Object.fromEntries(SIDES.map((side) => [side, [sharedEstimate(catalog, side)]])) as Record<
    Side,
    number[]
  >;
  for (const asset of kept) {
    for (const side of SIDES) {
      const shard = previous.get(asset.id)![side];
      const loads = load[side];
      while (loads.length <= shard) loads.push(0);
      loads[shard] = loads[shard]! + assetEstimate(asset, side);
    }
  }
  const out = new Map<string, AssetPlacement>(kept.map((a) => [a.id, previous.get(a.id)!]));
  for (const asset of catalog.assets.filter((a) => !previous.has(a.id))) {
    const at = (side: Side): number => {
      const cost = assetEstimate(asset, side);
      const loads = load[side];
      let shard = loads.findIndex((l) => l + cost <= budget);
      if (shard === -1) shard = loads.push(0) - 1;
      loads[shard] = loads[shard]! + cost;
      return shard;
    };
    out.set(asset.id, { primary: at('primary'), dr: at('dr') });
  }
  return out;
}

/** The estimate of every stack of a side under a placement, by shard. */
export function estimates(plan: CatalogPlan, placement: Placement, side: Side): number[] {
  const { catalog } = plan;
  const assetEstimate = estimator(plan);
  const loads = [sharedEstimate(catalog, side)];
  for (const asset of catalog.assets) {
    const shard = placement.get(asset.id)?.[side];
    if (shard === undefined) continue;
    while (loads.length <= shard) loads.push(0);
    loads[shard] = loads[shard]! + assetEstimate(asset, side);
  }
  return loads;
}
