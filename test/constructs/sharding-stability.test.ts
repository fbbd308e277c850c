/**
 * Moving a data store between stacks replaces it. Property: adding one asset, of any kind, anywhere in a large sharded
 * catalog — through the placement file, as `npm run synth` does — never changes the stack or the logical id of any
 * stateful resource that existed, and every new stateful resource is the new asset's. The construct tree is enough:
 * logical ids and stacks are decided before synthesis.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseCatalog } from '../../lib/catalog';
import { logicalId } from '../../lib/names';
import { formatPlacement, parsePlacement, place } from '../../lib/placement';
import { planCatalog } from '../../lib/catalog-plan';
import { largeCatalogDoc } from '../support/large-catalog';
import { shardedApp, statefulHomes } from '../support/sharded';

const BASE = 39;
/** Small enough that 39 assets fill several stacks on both sides. */
const BUDGET = 60;
const base = largeCatalogDoc(BASE);
// Candidates for the added asset: the next eleven (a database, buckets, a secret, a Redis, a git repository), whose
// owner exists already.
const extra = (largeCatalogDoc(BASE + 11).assets as Record<string, unknown>[]).slice(BASE);

const plan0 = planCatalog(parseCatalog(stringify(base), 'large-targets.yaml'));
const placement0 = place(plan0, new Map(), { budget: BUDGET });
const before = statefulHomes(shardedApp(plan0, { placement: placement0 }).app);

test('the base catalog is sharded on both sides', () => {
  const stacks = new Set(before.values());
  expect([...stacks].filter((s) => /DrPrimaryShard\d+$/.test(s)).length).toBeGreaterThanOrEqual(3);
  expect([...stacks].filter((s) => /DrRecoveryShard\d+$/.test(s)).length).toBeGreaterThanOrEqual(1);
});

test('property: adding an asset anywhere never moves or renames an existing stateful resource', () => {
  fc.assert(
    fc.property(fc.constantFrom(...extra), fc.integer({ min: 0, max: BASE }), (added, at) => {
      const assets = [...(base.assets as unknown[])];
      assets.splice(at, 0, added);
      const plan = planCatalog(parseCatalog(stringify({ ...base, assets }), 'large-targets.yaml'));
      // Through the file, as synth reads it back.
      const previous = new Map(
        [...parsePlacement(formatPlacement(placement0, plan.catalog.naming), 'p.yaml', plan.catalog.naming)].map(
          ([id, e]) => [id, e.placement],
        ),
      );
      const after = statefulHomes(shardedApp(plan, { placement: place(plan, previous, { budget: BUDGET }) }).app);
      for (const [resource, stack] of before) expect([resource, after.get(resource)]).toEqual([resource, stack]);
      // The asset's own logical ids, or generated ones under its construct (`Assets/<Id>/…`: a database's log groups).
      const own = new RegExp(`^(Assets)?${logicalId(added.id as string)}(?![0-9])`);
      const fresh = [...after.keys()].filter((r) => !before.has(r));
      for (const r of fresh) expect([r, own.test(r.split(' ')[2]!)]).toEqual([r, true]);
    }),
    { numRuns: 6 },
  );
});
