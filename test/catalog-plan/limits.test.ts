/** Account quotas become planner rules: the plan degrades and says why instead of a template that cannot deploy. */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { CatalogError, parseCatalog } from '../../lib/catalog';
import { mechanism, planCatalog } from '../../lib/catalog-plan';
import { awsTemplates } from '../constructs/support';

const base = parse(readFileSync('test/fixtures/minimal.yaml', 'utf8')) as Record<string, unknown> & {
  tiers: Record<string, unknown>[];
  services: { owns: string[] }[];
  assets: Record<string, unknown>[];
  environment: Record<string, unknown>;
};

/** The minimal catalog with `n` databases: the first `silver` of them in a second, less important tier. */
function catalogWith(n: number, silver: number, quotas?: Record<string, number>) {
  const doc = structuredClone(base);
  doc.tiers.push({ ...structuredClone(doc.tiers[0]!), id: 'silver', name: 'Silver' });
  doc.assets = Array.from({ length: n }, (_, i) => ({
    id: `db${i}`,
    kind: 'postgres',
    tier: i < silver ? 'silver' : 'gold',
    rpo: '15m',
    rto: '30m',
    owner: 'web',
    backupMethod: 'PITR',
  }));
  doc.services[0]!.owns = doc.assets.map((a) => a.id as string);
  if (quotas) doc.environment.quotas = quotas;
  return parseCatalog(stringify(doc), 'many.yaml');
}

const replicates = (p: ReturnType<typeof planCatalog>, id: string) =>
  mechanism(p.assets.get(id)!, 'rds-backup-replication') !== undefined;

describe('RDS cross-Region replicated backups: at most 20 per destination Region (RDS-13)', () => {
  test('the 20 most important databases keep replication; the rest are planned without it, with a note each', () => {
    const p = planCatalog(catalogWith(23, 3));
    const kept = [...p.assets.keys()].filter((id) => replicates(p, id));
    // gold first (db3…db22 = 20 assets), then silver in catalog order: none of silver fits.
    expect(kept).toEqual(Array.from({ length: 20 }, (_, i) => `db${i + 3}`));
    expect(p.limits.map((l) => [l.subject, l.quota, l.fact])).toEqual([
      ['db0', 'rdsReplicatedBackups', 'RDS-13'],
      ['db1', 'rdsReplicatedBackups', 'RDS-13'],
      ['db2', 'rdsReplicatedBackups', 'RDS-13'],
    ]);
    expect(p.limits[0]!.message).toMatch(
      /^db0: no cross-Region backup replication — 23 database assets would replicate to eu-west-1 and the quota is 20/,
    );
    // The model then does the next best for a Region loss and says what is missing.
    const degraded = p.assets.get('db0')!;
    expect(degraded.assessment.region.rpoStatus).not.toBe('met');
    expect(degraded.shortfalls.some((s) => s.mode === 'region' && s.field === 'rpo')).toBe(true);
  });

  test('a raised quota in the catalog lets every database replicate', () => {
    const p = planCatalog(catalogWith(23, 3, { rdsReplicatedBackups: 30 }));
    expect(p.limits).toEqual([]);
    expect([...p.assets.keys()].every((id) => replicates(p, id))).toBe(true);
  });

  test('within the quota nothing changes', () => {
    expect(planCatalog(catalogWith(20, 5)).limits).toEqual([]);
  });
});

describe('RDS DB instance quota from the catalog', () => {
  test('more database assets than the declared quota is a located catalog error', () => {
    let error: unknown;
    try {
      catalogWith(5, 0, { rdsInstances: 4 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).message).toMatch(
      /^many\.yaml:\d+:\d+: environment: quotas\.rdsInstances: got 4; expected at least 5: the catalog has 5 database assets, one DB instance each in eu-west-2/,
    );
  });

  test('without a declared quota there is no check (the facts publish no default)', () => {
    expect(catalogWith(50, 0).assets).toHaveLength(50);
  });
});

describe('Backup Audit Manager: at most 50 controls per account and Region (BKP-19)', () => {
  /** Databases whose tier asks for immutable backups: each has a snapshot rule, so each gets a recovery-point control. */
  function vaulted(n: number, silver: number, quotas?: Record<string, number>) {
    const text = readFileSync('test/fixtures/minimal.yaml', 'utf8').replace(
      'immutableBackups: false',
      'immutableBackups: true',
    );
    const withImmutable = parse(text) as typeof base;
    withImmutable.tiers.push({ ...structuredClone(withImmutable.tiers[0]!), id: 'silver', name: 'Silver' });
    withImmutable.assets = Array.from({ length: n }, (_, i) => ({
      id: `db${i}`,
      kind: 'postgres',
      tier: i < silver ? 'silver' : 'gold',
      rpo: '15m',
      rto: '30m',
      owner: 'web',
      backupMethod: 'PITR',
    }));
    withImmutable.services[0]!.owns = withImmutable.assets.map((a) => a.id as string);
    withImmutable.environment.quotas = { rdsReplicatedBackups: 100, ...quotas };
    return parseCatalog(stringify(withImmutable), 'vaulted.yaml');
  }

  test('within the quota every asset keeps its own controls', () => {
    const p = planCatalog(vaulted(30, 10));
    expect(p.auditControls.size).toBe(30);
    expect(p.limits).toEqual([]);
  });

  test('past it, the most important assets keep theirs and each tier’s others share one, with a note per tier', () => {
    const p = planCatalog(vaulted(60, 20));
    // 2 tiers × (5 tier controls + 1 shared) = 12, so 38 assets keep their own; gold (db20…db59) first.
    expect(p.auditControls.size).toBe(38);
    expect([...p.auditControls].every((id) => Number(id.slice(2)) >= 20)).toBe(true);
    expect(p.limits.map((l) => [l.subject, l.quota, l.fact])).toEqual([
      ['gold', 'backupAuditControls', 'BKP-19'],
      ['silver', 'backupAuditControls', 'BKP-19'],
    ]);
    expect(p.limits[1]!.message).toMatch(/^silver: 20 asset\(s\) share the tier's Backup Audit Manager controls/);
  });

  test('a quota too small even for the tiers’ own controls is an error that says what to raise', () => {
    expect(() => planCatalog(vaulted(4, 2, { backupAuditControls: 8 }))).toThrow(
      /^environment\.quotas\.backupAuditControls: 2 tiers need at least 12 Backup Audit Manager controls and the quota is 8 \(BKP-19\)/,
    );
  });
});

describe('Backup Audit Manager quota: the frameworks the AWS app builds', () => {
  test('60 vaulted databases fit 50 controls: own controls for the planned ones, tier-wide ones for the rest', () => {
    // Built without CDK validation, like the construct tests.
    const text = readFileSync('test/fixtures/minimal.yaml', 'utf8').replace(
      'immutableBackups: false',
      'immutableBackups: true',
    );
    const doc = parse(text) as typeof base;
    doc.assets = Array.from({ length: 60 }, (_, i) => ({
      id: `db${i}`,
      kind: 'postgres',
      rpo: '15m',
      rto: '30m',
      owner: 'web',
      backupMethod: 'PITR',
    }));
    doc.services[0]!.owns = doc.assets.map((a) => a.id as string);
    doc.environment.quotas = { rdsReplicatedBackups: 100 };
    const { primary } = awsTemplates(planCatalog(parseCatalog(stringify(doc), 'sixty.yaml')));
    const frameworks = Object.values(primary.findResources('AWS::Backup::Framework')) as {
      Properties: {
        FrameworkControls: { ControlName: string; ControlScope?: { Tags?: { Key: string; Value: string }[] } }[];
      };
    }[];
    const controls = frameworks.flatMap((f) => f.Properties.FrameworkControls);
    expect(controls.length).toBeLessThanOrEqual(50);
    const age = controls.filter((c) => c.ControlName === 'BACKUP_LAST_RECOVERY_POINT_CREATED');
    expect(age.filter((c) => c.ControlScope?.Tags?.[0]?.Key === 'dr:asset')).toHaveLength(44);
    expect(
      age.filter((c) => c.ControlScope?.Tags?.[0]?.Key === 'dr:tier').map((c) => c.ControlScope!.Tags![0]!.Value),
    ).toEqual(['gold']);
  });
});
