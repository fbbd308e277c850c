/**
 * Placement decides from estimates, like a lock file: placed assets never move, new ones go to the first stack of the
 * side with room, or open the next shard. Pure; the estimates themselves are held to the templates in
 * sharding.test.ts.
 */
import fc from 'fast-check';
import { loadCatalog } from '../../lib/catalog';
import { estimates, place, SIDES, STACK_BUDGET } from '../../lib/placement';
import { planCatalog, type CatalogPlan } from '../../lib/catalog-plan';
import { largeCatalog } from '../support/large-catalog';

const big = planCatalog(largeCatalog(400));

/** The same plan with only some of its assets, in the given order (an asset's plan does not depend on the others). */
function withAssets(plan: CatalogPlan, ids: readonly string[]): CatalogPlan {
  const byId = new Map(plan.catalog.assets.map((a) => [a.id, a]));
  return { ...plan, catalog: { ...plan.catalog, assets: ids.map((id) => byId.get(id)!) } };
}

describe('place', () => {
  test('the shipped catalog fits in its two stacks', () => {
    const plan = planCatalog(loadCatalog('dr-targets.yaml'));
    const placement = place(plan, new Map());
    expect([...placement.values()].every((p) => p.primary === 0 && p.dr === 0)).toBe(true);
    expect(placement.size).toBe(plan.catalog.assets.length);
  });

  test('a catalog without a placement fills each side in catalog order, opening shards, none over the budget', () => {
    const placement = place(big, new Map());
    const primary = estimates(big, placement, 'primary');
    expect(primary.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...primary)).toBeLessThanOrEqual(STACK_BUDGET);
    expect(new Set([...placement.values()].map((p) => p.primary))).toEqual(new Set(primary.map((_, i) => i)));
    // Catalog order: the first asset is in the side's own stack, the last in the last shard.
    const ids = big.catalog.assets.map((a) => a.id);
    expect(placement.get(ids[0]!)!.primary).toBe(0);
    expect(placement.get(ids[ids.length - 1]!)!.primary).toBe(primary.length - 1);
  });

  test('a stack that would go over the budget takes no more assets, but a smaller asset may still fill its gap', () => {
    const placement = place(big, new Map(), { budget: 150 });
    for (const side of SIDES) expect(Math.max(...estimates(big, placement, side))).toBeLessThanOrEqual(150);
    const shards = big.catalog.assets.map((a) => placement.get(a.id)!.primary);
    const backfilled = big.catalog.assets.filter((_, j) => shards.slice(0, j).some((s) => s > shards[j]!));
    expect(backfilled.length).toBeGreaterThan(0);
    expect(new Set(backfilled.map((a) => a.kind))).not.toContain('postgres');
  });

  test('property: adding assets anywhere in the catalog never moves a placed one, and no stack goes over the budget', () => {
    const ids = big.catalog.assets.map((a) => a.id);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ids, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 100, max: STACK_BUDGET }),
        (before, budget) => {
          // The grown catalog keeps the first catalog's order and adds the other assets in their own places.
          const kept = new Set(before);
          const after = [...before, ...ids.filter((id) => !kept.has(id))].sort(
            (a, b) => ids.indexOf(a) - ids.indexOf(b),
          );
          const first = place(withAssets(big, before), new Map(), { budget });
          const grown = withAssets(big, after);
          const second = place(grown, first, { budget });
          for (const id of before) expect(second.get(id)).toEqual(first.get(id));
          expect(second.size).toBe(after.length);
          for (const side of SIDES) expect(Math.max(...estimates(grown, second, side))).toBeLessThanOrEqual(budget);
        },
      ),
      { numRuns: 25 },
    );
  });
});
