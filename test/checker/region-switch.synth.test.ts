/**
 * The pilot light's Region switch plan, read back from the synthesized app (readers/region-switch.ts): its step graph
 * and timeouts are the catalog plan's, and give the synth-time bound per entry; removing a part of it (the plan, a
 * step, the DNS failover, the DR network, the DR manifests) or slowing a step past a tier's Region RTO fails
 * `dr check` for the entries that part serves, in mode region. Copies of the one synthesized app; never re-synthesized.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../lib/catalog';
import { planCatalog, switchSteps } from '../../lib/catalog-plan';
import { checkOnDisk, loadCloudAssembly, loadManifests } from '../../lib/checker';
import { readRegionSwitch } from '../../lib/checker/readers/region-switch';
import { bySite } from '../../lib/checker/sites';
import { databaseIdentifier } from '../../lib/names';
import { cdkOut, distDir } from '../support/synthesized';
import {
  CATALOG,
  check,
  editObjects,
  editResources,
  named,
  removeResources,
  type Copy,
  type Json,
  freshCopies,
} from './mutate';

const catalog = loadCatalog(CATALOG);
const plan = planCatalog(catalog);
const switchPlan = plan.regionSwitch!;
const served = (pred: (s: { path: string; step: string }) => boolean) =>
  [...switchPlan.serves].filter(([, s]) => pred(s)).map(([id]) => id);
const services = new Set(catalog.services.map((s) => s.id));
const isPlan = (r: Json) => r.Type === 'AWS::ARCRegionSwitch::Plan';
type Step = { Name: string; ExecutionBlockType: string; ExecutionBlockConfiguration: Json };
const activation = (p: Json) =>
  ((p.Workflows as Json[]).find((w) => w.WorkflowTargetRegion === catalog.environment.drRegion)!.Steps as Step[]) ?? [];

describe('the Region switch plan read back from the template', () => {
  const stacks = loadCloudAssembly(cdkOut());
  const dr = bySite(loadManifests(join(distDir(), 'k8s-dr'))).dr;
  const reading = readRegionSwitch({
    stacks,
    drObjects: dr,
    primaryRegion: catalog.environment.primaryRegion,
    drRegion: catalog.environment.drRegion,
    databases: new Map(catalog.assets.map((a) => [databaseIdentifier(catalog.naming, a.id), a.id])),
  });

  test('one plan, its RTO the tightest Region RTO it serves, nothing unreadable or broken', () => {
    expect(reading.plans.map((p) => p.rtoMinutes)).toEqual([switchPlan.recoveryTimeObjectiveMinutes]);
    expect([reading.problems, reading.broken]).toEqual([[], []]);
  });

  test('every entry the catalog plan serves, by the same step and path, with the same step graph and timeouts', () => {
    const steps = switchSteps(switchPlan.activate);
    expect([...reading.specs.keys()].sort()).toEqual([...switchPlan.serves.keys()].sort());
    for (const [id, s] of switchPlan.serves) {
      const spec = reading.specs.get(id)!;
      expect([id, spec.path, spec.serving]).toEqual([id, s.path, s.step]);
      expect(spec.steps).toEqual(steps);
      // A service is reached through the entry point's failover records; a cache inside the cluster.
      expect([id, spec.traffic === undefined]).toEqual([id, !services.has(id)]);
      if (services.has(id)) expect(spec.traffic).not.toBeNull();
    }
  });

  test("the checker's Region RTO of each served entry is the planner's, bound and all", () => {
    const { result } = checkOnDisk({
      catalogFile: CATALOG,
      cdkOut: cdkOut(),
      k8sDir: join(distDir(), 'k8s'),
      today: '2026-11-28',
    });
    for (const id of switchPlan.serves.keys()) {
      const promised = plan.effective.get(id) ?? plan.assets.get(id)!.assessment;
      expect([id, result.assessments.get(id)!.region.rto]).toEqual([id, promised.region.rto]);
    }
  });
});

describe('mutations of the pilot light fail dr check for the entries they serve, in mode region', () => {
  let c: Copy;
  freshCopies((copied) => (c = copied));

  // Services and caches come back only through the plan: without it nothing runs them in the DR Region.
  const scaled = served((s) => s.path === 'redeploy' || s.path === 'start');

  test('the plan removed: every scaled or started entry loses its Region RTO', async () => {
    expect(removeResources(c, isPlan)).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toEqual(expect.arrayContaining(scaled.map((id) => `gap ${id}.region.rto`)));
  });

  const independent = served((s) => s.step === 'scale-independent');
  test(`the step scale-independent removed: ${independent.join(', ')} lose their Region RTO, redis-sessions keeps it`, async () => {
    expect(independent.length).toBeGreaterThan(0);
    editResources(c, isPlan, (p) => {
      for (const s of activation(p)) {
        const par = s.ExecutionBlockConfiguration.ParallelConfig as { Steps: Step[] } | undefined;
        if (par) par.Steps = par.Steps.filter((x) => x.Name !== 'scale-independent');
      }
    });
    const r = await check(c);
    expect(r.code).toBe(1);
    const gaps = named(r.failing);
    expect(gaps).toEqual(expect.arrayContaining(independent.map((id) => `gap ${id}.region.rto`)));
    expect(gaps.filter((g) => g.startsWith('gap redis-sessions.'))).toEqual([]);
  });

  test('the DNS failover removed: every service loses its Region RTO (nothing moves clients); caches keep theirs', async () => {
    expect(removeResources(c, (r) => r.Type === 'AWS::Route53::RecordSet')).toBe(2);
    const r = await check(c);
    expect(r.code).toBe(1);
    const gaps = r.failing.filter((f) => f.kind === 'gap' && f.mode === 'region');
    expect(new Set(gaps.map((f) => f.entry))).toEqual(new Set(catalog.services.map((s) => s.id)));
    expect(gaps.find((f) => f.entry === 'api-gateway')!.message).toMatch(/no Route 53 failover records/);
  });

  const restored = served((s) => s.path === 'restore');
  test(`the DR network removed: the restores of ${restored.length} databases have nowhere to go (DR-SWITCH-STEP)`, async () => {
    const n = removeResources(c, (r, id) => r.Type === 'AWS::RDS::DBSubnetGroup' && id.startsWith('Network'));
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    const steps = r.failing.filter((f) => f.rule === 'DR-SWITCH-STEP');
    expect(steps.map((f) => `${f.entry}.${f.mode}`).sort()).toEqual(restored.map((id) => `${id}.region`).sort());
    expect(steps[0]!.message).toMatch(/the DR network is missing/);
    // The restore step is no path any more: what is left is the unpublished restore of the replicated backups.
    const { result } = checkOnDisk({ catalogFile: CATALOG, cdkOut: c.cdkOut, k8sDir: c.k8s, today: '2026-11-28' });
    for (const id of restored) expect([id, result.assessments.get(id)!.region.rto.kind]).not.toContain('none');
  });

  test("the plan role's access entry on the standby cluster removed: the scaled services fail (ARC-6)", async () => {
    const n = removeResources(c, (r, id) => r.Type === 'AWS::EKS::AccessEntry' && id.startsWith('RegionSwitchPlan'));
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    const deployments = served((s) => s.path === 'redeploy');
    expect(named(r.failing)).toEqual(expect.arrayContaining(deployments.map((id) => `gap ${id}.region.rto`)));
    expect(new Set(r.failing.filter((f) => f.rule === 'DR-SWITCH-STEP').map((f) => f.entry))).toEqual(
      new Set(deployments),
    );
  });

  test('the DR manifests removed: the plan scales nothing that exists, every service fails', async () => {
    rmSync(c.k8sDr, { recursive: true });
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(named(r.failing)).toEqual(expect.arrayContaining(catalog.services.map((s) => `gap ${s.id}.region.rto`)));
  });

  test('a step slower than the Region RTO: a gap whose message names the step that dominates', async () => {
    const tier = catalog.tiers.find((t) => t.id === catalog.services.find((s) => s.id === independent[0])!.tier)!;
    const minutes = tier.policy.region.rtoSeconds / 60 + 60;
    editResources(c, isPlan, (p) => {
      for (const s of activation(p)) {
        for (const x of (s.ExecutionBlockConfiguration.ParallelConfig as { Steps: Step[] } | undefined)?.Steps ?? [])
          if (x.Name === 'scale-independent')
            (x.ExecutionBlockConfiguration.EksResourceScalingConfig as Json).TimeoutMinutes = minutes;
      }
    });
    const r = await check(c);
    expect(r.code).toBe(1);
    const gap = r.failing.find((f) => f.kind === 'gap' && f.entry === independent[0] && f.mode === 'region')!;
    expect(gap.field).toBe('rto');
    expect(gap.message).toContain('dominated by scale-independent');
  });

  test('an execution block type ARC does not have is unreadable, never guessed', async () => {
    editResources(c, isPlan, (p) => void (activation(p)[0]!.ExecutionBlockType = 'MANUAL_APPROVAL'));
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.filter((f) => f.rule === 'DR-UNREADABLE').map((f) => f.message)).toEqual([
      expect.stringContaining('ExecutionBlockType "MANUAL_APPROVAL" is not one of'),
    ]);
  });

  test("the DR site's SecretStore removed: app-secrets is no longer read in place, its Region RTO unknown again", async () => {
    const bound = (k8sDir: string, cdk: string) => {
      const rto = checkOnDisk({
        catalogFile: CATALOG,
        cdkOut: cdk,
        k8sDir,
        today: '2026-11-28',
      }).result.assessments.get('app-secrets')!.region.rto;
      return rto.kind === 'figure' ? rto.figure.bound : rto.kind;
    };
    expect(bound(c.k8s, c.cdkOut)).toBe('typical');
    expect(
      editObjects(
        c,
        (o) => o.kind === 'SecretStore',
        (o) => void (o.kind = 'ConfigMap'),
        'dr',
      ),
    ).toBeGreaterThan(0);
    expect(bound(c.k8s, c.cdkOut)).toBe('unknown');
  });

  test('a DR Deployment idling below its HPA minimum without the pilot-light marker: DR-PILOT-LIGHT', async () => {
    const n = editObjects(
      c,
      (o) => o.kind === 'Deployment' && (o.metadata as Json).name === 'api-gateway',
      (o) => void delete ((o.metadata as Json).annotations as Json)['dr/pilot-light-replicas'],
      'dr',
    );
    expect(n).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(r.failing.map((f) => f.rule)).toEqual(['DR-PILOT-LIGHT']);
  });
});
