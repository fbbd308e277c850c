/**
 * The Region switch plan a pilot light gets from the catalog plan (lib/catalog-plan region-switch.ts): approval, then
 * the data in parallel with the Deployments that depend on none of it, then the rest; failback; the tightest Region
 * RTO it serves; the approval's patience; ARC's limits of 20 parallel blocks per step (ARC-15).
 */
import { stringify } from 'yaml';
import { loadCatalog, parseCatalog } from '../../lib/catalog';
import { planCatalog, switchSteps, type PlannedStep } from '../../lib/catalog-plan';
import { completion } from '../../lib/model';
import { asset, baseDoc } from '../constructs/support';

const names = (steps: readonly PlannedStep[]): unknown[] =>
  steps.map((s) => (s.kind === 'parallel' ? { [s.name]: names(s.steps) } : s.name));

describe('the Lomash Wood plan', () => {
  const plan = planCatalog(loadCatalog('dr-targets.yaml'));
  const sp = plan.regionSwitch!;

  test('approve, promote lomash_orders (its replica), restore the other databases and start Redis beside the independent Deployments, then the services', () => {
    expect(names(sp.activate)).toEqual([
      'approve-failover',
      {
        data: [
          'promote-lomash-orders',
          'endpoint-lomash-orders',
          'restore-lomash-auth',
          'restore-lomash-products',
          'restore-lomash-appointments',
          'restore-lomash-customers',
          'restore-lomash-content',
          'restore-lomash-notifications',
          'restore-lomash-analytics',
          'start-redis-sessions',
          'scale-independent',
        ],
      },
      'scale-services',
    ]);
    const independent = (sp.activate[1] as Extract<PlannedStep, { kind: 'parallel' }>).steps.at(-1)!;
    expect(independent.kind === 'scale-deployments' && independent.deployments.map((d) => d.entry)).toEqual([
      'api-gateway',
      'background-jobs',
      'redis-product-cache',
    ]);
  });

  test('each entry is served by one step, with its path', () => {
    expect(sp.serves.get('lomash_orders')).toEqual({ path: 'promote', step: 'promote-lomash-orders' });
    expect(sp.serves.get('lomash_auth')).toEqual({ path: 'restore', step: 'restore-lomash-auth' });
    expect(sp.serves.get('redis-sessions')).toEqual({ path: 'start', step: 'start-redis-sessions' });
    expect(sp.serves.get('api-gateway')).toEqual({ path: 'redeploy', step: 'scale-independent' });
    expect(sp.serves.get('auth-service')).toEqual({ path: 'redeploy', step: 'scale-services' });
    // Nothing to restore for a replicated bucket, a secret's replicas or Git: they are not plan steps.
    for (const id of ['s3-media', 'app-secrets', 'k8s-config']) expect(sp.serves.has(id)).toBe(false);
  });

  test('RecoveryTimeObjectiveMinutes is the tightest Region RTO served (tier-1: 4h); the approval waits 72h', () => {
    expect(sp.recoveryTimeObjectiveMinutes).toBe(240);
    expect(sp.activate[0]).toEqual({ kind: 'approval', name: 'approve-failover', timeoutMinutes: 72 * 60 });
  });

  test('failback: approval, the replica made again in the primary Region and promoted there, then the primary’s Deployments (restored data goes back by hand first)', () => {
    expect(names(sp.failback)).toEqual([
      'approve-failback',
      'replicate-lomash-orders',
      'promote-lomash-orders',
      'scale-primary',
    ]);
    expect(sp.failback.map((s) => s.kind)).toEqual([
      'approval',
      'recreate-replica',
      'promote-database',
      'scale-deployments',
    ]);
  });

  test('the promoted database: served by its promote step (1h, typical), its endpoint step beside it turns backups on at the asset retention', () => {
    const steps = switchSteps(sp.activate);
    const done = completion(steps, 'promote-lomash-orders')!;
    expect([done.seconds, done.bound]).toEqual([3600, 'typical']);
    const data = sp.activate[1] as Extract<PlannedStep, { kind: 'parallel' }>;
    expect(data.steps.find((s) => s.kind === 'promoted-database')).toEqual({
      kind: 'promoted-database',
      name: 'endpoint-lomash-orders',
      asset: 'lomash_orders',
      retentionDays: 35,
      timeoutMinutes: 75,
      retryIntervalMinutes: 2,
    });
  });

  test('the model reads the planned steps: api-gateway waits only for its own step; auth-service for a restore', () => {
    const steps = switchSteps(sp.activate);
    expect(completion(steps, 'scale-independent')!.seconds).toBe(30 * 60);
    expect(completion(steps, 'scale-services')!.seconds).toBeNull();
  });
});

test('without a pilot light there is no plan', () => {
  const doc = baseDoc();
  doc.assets = [asset('orders', 'postgres', '1h', '4h')];
  expect(planCatalog(parseCatalog(stringify(doc), 'x.yaml')).regionSwitch).toBeUndefined();
});

test('more than 20 blocks in a step are split into parallel steps of at most 20 (ARC-15)', () => {
  const doc = baseDoc();
  (doc.environment as Record<string, unknown>).drCompute = { kind: 'pilot-light', kubernetesVersion: '1.33' };
  doc.assets = Array.from({ length: 23 }, (_, i) => asset(`db${i}`, 'postgres', '1h', '4h'));
  (doc.services[0] as { dependsOn: string[] }).dependsOn = ['db0'];
  const sp = planCatalog(parseCatalog(stringify(doc), 'x.yaml')).regionSwitch!;
  const parallel = sp.activate.filter((s): s is Extract<PlannedStep, { kind: 'parallel' }> => s.kind === 'parallel');
  expect(parallel.map((p) => [p.name, p.steps.length])).toEqual([
    ['data-1', 20],
    ['data-2', 3],
  ]);
});
