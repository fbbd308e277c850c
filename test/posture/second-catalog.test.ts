/**
 * A second catalog that shares nothing with the shipped one (test/fixtures/bookshop.yaml: four word-named tiers, no
 * RPO-0 asset, a MySQL database, us-east-1/us-west-2, sandbox, Kubernetes 1.32) synthesizes, checks and reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import { checkOnDisk } from '../../lib/checker';
import { MODES } from '../../lib/model';
import { parsePosture } from '../../lib/posture';
import { cachedSynth, type CachedSynth } from '../support/cached-synth';

const CATALOG = 'test/fixtures/bookshop.yaml';

describe('a second, different catalog', () => {
  const catalog = parseCatalog(readFileSync(CATALOG, 'utf8'), CATALOG);
  let dir: string;
  let synth: CachedSynth;
  beforeAll(() => {
    // With CDK's built-in CloudFormation validation on, as `npm run synth` runs it: a template CloudFormation would
    // reject (a MySQL engine version it does not know, for one) fails here, not only in the benchmark. Cached by its
    // inputs' hash (test/support/cached-synth.ts).
    synth = cachedSynth('bookshop', CATALOG);
    dir = synth.dir;
  });

  test('is what the fixture says it is', () => {
    expect(catalog.tiers.map((t) => t.id)).toEqual(['platinum', 'gold', 'silver', 'bronze']);
    expect([...catalog.assets, ...catalog.services].every((e) => e.modes.instance.rpoSeconds !== 0)).toBe(true);
    expect(catalog.assets.map((a) => a.kind)).toContain('mysql');
    expect([catalog.environment.primaryRegion, catalog.environment.drRegion]).toEqual(['us-east-1', 'us-west-2']);
  });

  test('synthesizes into its own Regions with no CloudFormation validation error, and the synth-time check passes', () => {
    const report = JSON.parse(readFileSync(join(dir, 'cdk.out', 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
    };
    expect(report.pluginReports.map((r) => `${r.pluginName} ${r.conclusion} ${r.violations.length}`)).toContain(
      'CloudFormation Validate success 0',
    );
    const manifest = JSON.parse(readFileSync(join(dir, 'cdk.out', 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; environment?: string }>;
    };
    const envs = Object.values(manifest.artifacts)
      .filter((a) => a.type === 'aws:cloudformation:stack')
      .map((a) => a.environment)
      .sort();
    expect(envs).toEqual(['aws://210987654321/us-east-1', 'aws://210987654321/us-west-2']);
    expect([synth.outcome, synth.failing]).toEqual(['ok', []]);
  });

  test('dr check on the files reads back what the planner promised, entry by entry and mode by mode', () => {
    const { result } = checkOnDisk({
      catalogFile: CATALOG,
      cdkOut: join(dir, 'cdk.out'),
      k8sDir: join(dir, 'dist', 'k8s'),
      today: '2026-11-28',
    });
    const plan = planCatalog(catalog);
    const differ: string[] = [];
    for (const [id, e] of result.entries) {
      const promised = plan.effective.get(id) ?? plan.assets.get(id)!.assessment;
      for (const m of MODES) if (promised[m].status !== e.assessment[m].status) differ.push(`${id}.${m}`);
    }
    expect(differ).toEqual([]);
    const orders = result.entries.get('orders-db')!;
    expect(orders.groups[0]!.mechanisms.map((m) => m.id).sort()).toEqual([
      'backup-continuous',
      'rds-backup-replication',
      'rds-multi-az-instance',
    ]);
  });

  test('reports: the posture file parses back, and the Markdown has a table per tier', () => {
    const posture = parsePosture(readFileSync(join(dir, 'dist', 'dr-posture.json'), 'utf8'), 'dr-posture.json');
    expect(posture.entries.map((e) => `${e.id}:${e.kind}:${e.tier}`)).toEqual([
      'checkout:service:platinum',
      'catalogue:service:gold',
      'accounts:service:silver',
      'reports:service:bronze',
      'orders-db:mysql:platinum',
      'accounts-db:postgres:silver',
      'covers:object-store:gold',
      'search-cache:redis-cache:gold',
      'shop-secrets:secret:platinum',
    ]);
    const md = readFileSync(join(dir, 'dist', 'dr-posture.md'), 'utf8');
    expect(md.split('\n').filter((l) => /^## \w+ \([a-z]+\)$/.test(l))).toEqual([
      '## Platinum (platinum)',
      '## Gold (gold)',
      '## Silver (silver)',
      '## Bronze (bronze)',
    ]);
    expect(md).toMatch(/^# DR posture — Fernhill Books$/m);
  });
});
