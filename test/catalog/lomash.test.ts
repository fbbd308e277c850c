/** The shipped catalog carries the whole Lomash Wood targets document. */
import { loadCatalog } from '../../lib/catalog';

const catalog = loadCatalog('dr-targets.yaml');
const HOUR = 3600;
const MINUTE = 60;

describe('dr-targets.yaml (Lomash Wood)', () => {
  test('tiers carry their definitions and SLAs, in order', () => {
    expect(catalog.tiers.map((t) => [t.id, t.name, t.sla])).toEqual([
      ['tier-1', 'Critical', 99.9],
      ['tier-2', 'Important', 99.5],
      ['tier-3', 'Supporting', 99.0],
    ]);
    expect(catalog.tiers.every((t) => t.definition.length > 20)).toBe(true);
  });

  test('every service of the document, with its tier, RPO and RTO', () => {
    expect(catalog.services.map((s) => [s.id, s.tier, s.rpo, s.rtoSeconds])).toEqual([
      ['api-gateway', 'tier-1', 'stateless', 5 * MINUTE],
      ['auth-service', 'tier-1', HOUR, 15 * MINUTE],
      ['order-payment-service', 'tier-1', 0, 20 * MINUTE],
      ['product-service', 'tier-1', 4 * HOUR, 15 * MINUTE],
      ['appointment-service', 'tier-1', HOUR, 20 * MINUTE],
      ['customer-service', 'tier-2', 4 * HOUR, 30 * MINUTE],
      ['content-service', 'tier-2', 24 * HOUR, 30 * MINUTE],
      ['notification-service', 'tier-2', 24 * HOUR, 45 * MINUTE],
      ['analytics-service', 'tier-3', 24 * HOUR, 2 * HOUR],
      ['background-jobs', 'tier-3', 'stateless', HOUR],
      ['admin-cms', 'tier-3', 24 * HOUR, HOUR],
    ]);
  });

  test('payment processing keeps its own 99.95% SLA; others take their tier’s', () => {
    const sla = Object.fromEntries(catalog.services.map((s) => [s.id, s.sla]));
    expect(sla['order-payment-service']).toBe(99.95);
    expect(sla['customer-service']).toBe(99.5);
  });

  test('every data asset of the document, with kind, tier (inherited where the document gives none), RPO and RTO', () => {
    expect(catalog.assets.map((a) => [a.id, a.kind, a.tier, a.rpo, a.rtoSeconds])).toEqual([
      ['lomash_orders', 'postgres', 'tier-1', 0, 20 * MINUTE],
      ['lomash_auth', 'postgres', 'tier-1', HOUR, 15 * MINUTE],
      ['lomash_products', 'postgres', 'tier-1', 4 * HOUR, 15 * MINUTE],
      ['lomash_appointments', 'postgres', 'tier-1', HOUR, 20 * MINUTE],
      ['lomash_customers', 'postgres', 'tier-2', 4 * HOUR, 30 * MINUTE],
      ['lomash_content', 'postgres', 'tier-2', 24 * HOUR, 30 * MINUTE],
      ['lomash_notifications', 'postgres', 'tier-2', 24 * HOUR, 45 * MINUTE],
      ['lomash_analytics', 'postgres', 'tier-3', 24 * HOUR, 2 * HOUR],
      ['redis-sessions', 'redis', 'tier-1', HOUR, 5 * MINUTE],
      ['redis-product-cache', 'redis-cache', 'tier-1', 'rebuildable', 5 * MINUTE],
      ['s3-media', 'object-store', 'tier-1', 0, 10 * MINUTE],
      ['k8s-config', 'git', 'tier-1', 0, 5 * MINUTE],
      ['app-secrets', 'secret', 'tier-1', 0, 5 * MINUTE],
    ]);
    expect(catalog.assets.find((a) => a.id === 'redis-product-cache')?.rebuildFrom).toBe('lomash_products');
    expect(catalog.assets.every((a) => a.backupMethod.length > 0)).toBe(true);
  });

  test('Region targets follow the tier interpretation, never stricter than the asset’s own target', () => {
    const modes = (id: string) => catalog.assets.find((a) => a.id === id)!.modes;
    expect(modes('lomash_orders').region).toEqual({ rpoSeconds: HOUR, rtoSeconds: 4 * HOUR });
    expect(modes('lomash_orders').corruption).toEqual({ rpoSeconds: 0, rtoSeconds: 20 * MINUTE });
    expect(modes('lomash_content').region).toEqual({ rpoSeconds: 24 * HOUR, rtoSeconds: 24 * HOUR });
    expect(modes('lomash_analytics').region).toEqual({ rpoSeconds: 24 * HOUR, rtoSeconds: 72 * HOUR });
    expect(modes('redis-product-cache').region.rpoSeconds).toBeNull();
    expect(catalog.tiers.every((t) => t.policy.region.interpretation.length > 40)).toBe(true);
  });

  test('the drill schedule, business-impact table, SLA policy and contacts are data', () => {
    expect(catalog.drills.map((d) => [d.id, d.frequency, d.owner])).toEqual([
      ['database-pitr-restore', 'quarterly', 'lead-backend-engineer'],
      ['redis-restore', 'monthly', 'devops'],
      ['tier-1-failover', 'semi-annually', 'engineering-manager'],
      ['multi-region-failover', 'annually', 'cto'],
      ['runbook-walkthrough', 'quarterly', 'all-engineers'],
    ]);
    expect(catalog.drills[0]!.schedule).toBe('cron(0 5 ? 1,4,7,10 MON#1 *)');
    expect(catalog.businessImpact.map((b) => b.fromSeconds)).toEqual([
      0,
      5 * MINUTE,
      15 * MINUTE,
      30 * MINUTE,
      HOUR,
      4 * HOUR,
    ]);
    expect(catalog.slaPolicy).toEqual({
      reportTo: 'cto',
      reportWithinSeconds: 24 * HOUR,
      postMortemWithinSeconds: 48 * HOUR,
    });
    expect(catalog.environment).toMatchObject({ primaryRegion: 'eu-west-2', drRegion: 'eu-west-1' });
    // A pilot light in eu-west-1 with Route 53 failover of the public entry point (issue 16).
    expect(catalog.environment.drCompute).toMatchObject({ kind: 'pilot-light', cluster: 'create', replicas: 0 });
    expect(catalog.environment.networks).toEqual({ primary: { kind: 'create' }, dr: { kind: 'create' } });
    expect(catalog.environment.dns?.recordName).toBe('api.lomashwood.example');
  });

  test('acceptances are dated at least six months after this catalog was written (2026-11-28)', () => {
    const all = [...catalog.services, ...catalog.assets].flatMap((e) => e.acceptances.map((a) => ({ id: e.id, ...a })));
    expect(all.length).toBeGreaterThan(0);
    for (const a of all) {
      expect(a.expires >= '2027-05-28').toBe(true);
      expect(a.reason.length).toBeGreaterThanOrEqual(20);
    }
    // The document's own example: no restore gives RPO 0 after corruption; Stripe replay is the accepted answer.
    const orders = all.find((a) => a.id === 'lomash_orders');
    // Its ceiling covers the restore precision and the time until the corruption is noticed (declared), no more.
    expect(orders).toMatchObject({ mode: 'corruption', rpoSeconds: 360 });
    expect(orders?.reason).toMatch(/Stripe/);
  });
});
