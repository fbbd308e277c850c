/**
 * Sharding moves resources between stacks, never what they achieve: the checker reads a sharded app (selections in
 * shards naming their plan through Fn::GetStackOutput) exactly as it reads the same app in one stack per Region.
 */
import { synthManifests } from '../../k8s/app';
import { loadCatalog } from '../../lib/catalog';
import { check, loadCloudAssembly, manifestsFromMemory } from '../../lib/checker';
import { MODES } from '../../lib/model';
import { planCatalog } from '../../lib/catalog-plan';
import { shardedApp } from '../support/sharded';
import { cdkOut } from '../support/synthesized';

const TODAY = '2026-11-28';
const plan = planCatalog(loadCatalog('dr-targets.yaml'));
const manifests = manifestsFromMemory(synthManifests(plan));

function statuses(result: ReturnType<typeof check>) {
  return Object.fromEntries(
    [...result.assessments].map(([id, a]) => [id, MODES.map((m) => `${a[m].rpoStatus}/${a[m].rtoStatus}`)]),
  );
}

test('the Lomash Wood app spread over many small shards checks exactly like the unsharded one', () => {
  // A budget of 60 resources puts the databases and buckets in several shards per Region.
  const { app, placement } = shardedApp(plan, { budget: 60 });
  // Shards beside each Region's stack (the DR Region's network fills its own stack at this budget).
  expect(new Set([...placement.values()].map((p) => p.primary)).size).toBeGreaterThanOrEqual(2);
  expect(Math.max(...[...placement.values()].map((p) => p.dr))).toBeGreaterThanOrEqual(1);
  const sharded = check({
    catalog: plan.catalog,
    artifacts: { stacks: loadCloudAssembly(app.synth().directory), manifests },
    evidence: [],
    today: TODAY,
  });
  const whole = check({
    catalog: plan.catalog,
    artifacts: { stacks: loadCloudAssembly(cdkOut()), manifests },
    evidence: [],
    today: TODAY,
  });
  const summary = (r: typeof sharded) =>
    r.findings.map((f) => `${f.rule} ${f.entry ?? ''} ${f.mode ?? ''} ${f.field ?? ''}`).sort();
  expect(summary(sharded)).toEqual(summary(whole));
  expect(statuses(sharded)).toEqual(statuses(whole));
});
