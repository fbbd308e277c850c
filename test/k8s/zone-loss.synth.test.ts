/**
 * The AZ rule, enumerated: for every Deployment in dist/k8s, every placement its zone spread allows at the HPA
 * minimum, and the loss of each zone — at least the tier's minimum stays ready, and the replacements schedule in the
 * surviving zones. Spread holds only at scheduling time (K8S-11), which is why the model calls its AZ figure typical.
 */
import { loadCatalog, contextFor } from '../../lib/catalog';
import { achieve, mostPerZone, type SpecOf } from '../../lib/model';
import { planCatalog } from '../../lib/catalog-plan';
import { ZONE_KEY } from '../../k8s/pod';
import { allDocs, hpaFor, labels, name, ofKind, podTemplate, type Doc } from './support/docs';

const catalog = loadCatalog('dr-targets.yaml');
const plan = planCatalog(catalog);
const zones = catalog.environment.availabilityZones[catalog.environment.primaryRegion]!;
const docs = allDocs().map((d) => d.doc);

/** Every way to put `n` pods in `z` zones that DoNotSchedule with `maxSkew` allows (all zones with capacity). */
function placements(n: number, z: number, maxSkew: number): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[], left: number) => {
    if (prefix.length === z - 1) {
      const counts = [...prefix, left];
      if (Math.max(...counts) - Math.min(...counts) <= maxSkew) out.push(counts);
      return;
    }
    for (let k = 0; k <= left; k++) walk([...prefix, k], left - k);
  };
  walk([], n);
  return out;
}

/**
 * Places `missing` replacement pods one at a time as the scheduler's spread filter does: a zone fits when its count
 * plus one, minus the smallest count among eligible domains, is at most maxSkew. With nodeTaintsPolicy Honor the dead
 * zone's tainted nodes are not a domain; with Ignore it stays one, holding 0 pods. Returns the pods left Pending.
 */
function reschedule(
  counts: number[],
  lost: number,
  missing: number,
  maxSkew: number,
  policy: 'Honor' | 'Ignore',
): number {
  const c = counts.map((v, i) => (i === lost ? 0 : v));
  const domains = c.map((_, i) => i).filter((i) => policy === 'Ignore' || i !== lost);
  for (let pending = missing; pending > 0; pending--) {
    const min = Math.min(...domains.map((i) => c[i]!));
    const fit = domains.filter((i) => i !== lost && c[i]! + 1 - min <= maxSkew).sort((a, b) => c[a]! - c[b]!)[0];
    if (fit === undefined) return pending;
    c[fit]!++;
  }
  return 0;
}

function zoneSpec(d: Doc): { maxSkew: number; nodeTaintsPolicy: 'Honor' | 'Ignore' } {
  const t = podTemplate(d)!.spec.topologySpreadConstraints.find((x: Doc) => x.topologyKey === ZONE_KEY);
  return { maxSkew: t.maxSkew, nodeTaintsPolicy: t.nodeTaintsPolicy ?? 'Ignore' };
}

const cases = ofKind(docs, 'Deployment').map((d) => {
  const tierId = labels(d)['dr/tier']!;
  return {
    name: name(d),
    d,
    min: hpaFor(docs, d)!.spec.minReplicas as number,
    minReady: catalog.tiers.find((t) => t.id === tierId)!.policy.minReplicas,
  };
});

describe.each(cases)('$name (HPA min $min, tier needs $minReady ready)', ({ d, min, minReady }) => {
  const spread = zoneSpec(d);
  const all = placements(min, zones.length, spread.maxSkew);

  test.each(zones.map((zone, i) => [zone, i] as const))(
    'losing %s leaves the tier minimum ready and replacements schedule',
    (_zone, lost) => {
      for (const counts of all) {
        expect(min - counts[lost]!).toBeGreaterThanOrEqual(minReady);
        expect(reschedule(counts, lost, counts[lost]!, spread.maxSkew, spread.nodeTaintsPolicy)).toBe(0);
      }
    },
  );

  test("the model's worst zone share equals the enumeration's", () => {
    const spec = { controller: 'Deployment', minReplicas: min, zoneSpread: spread } as SpecOf<'k8s-workload'>;
    expect(mostPerZone(spec, zones.length)).toBe(Math.max(...all.map((c) => Math.max(...c))));
  });
});

test('with nodeTaintsPolicy Ignore a zone loss can leave replacements Pending (K8S-20): Honor is what makes it work', () => {
  const stuck = placements(3, 3, 1).some((counts) =>
    counts.some((n, lost) => reschedule(counts, lost, n, 1, 'Ignore') > 0),
  );
  expect(stuck).toBe(true);
});

test('the model never calls the AZ recovery of a spread workload worst: typical with a declared propagation, else unknown', () => {
  for (const [id, p] of [...plan.services, ...plan.assets]) {
    const spec = p.mechanisms.find((m): m is SpecOf<'k8s-workload'> => m.id === 'k8s-workload');
    if (!spec) continue;
    const tier = (catalog.services.find((s) => s.id === id) ?? catalog.assets.find((a) => a.id === id))!.tier;
    const ctx = contextFor(catalog, tier);
    // Lomash Wood declares no endpoint propagation (MECH-25 publishes none): unknown, with the detection as its floor.
    const az = achieve(spec, ctx, p.mechanisms).az.rto;
    expect([id, az.kind === 'figure' && az.figure.bound]).toEqual([id, 'unknown']);
    // Spread holds only at scheduling time (K8S-11): declared, the figure is typical, never worst.
    const declared = achieve(spec, { ...ctx, endpointPropagationSeconds: 10 }, p.mechanisms).az.rto;
    expect([id, declared.kind === 'figure' && declared.figure.bound]).toEqual([id, 'typical']);
  }
});
