/**
 * The scale benchmark's catalogs (scripts/generate-catalog.ts): valid, deterministic, every kind, and acceptances that
 * are honest — each comes from a shortfall of the plan, at the figure the plan achieves, and nothing is left a gap.
 * 1,000 assets is for `npm run bench` only.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdkJsonContext, synthesize } from '../../bin/synth-app';
import { formatDuration, parseCatalog, type Catalog } from '../../lib/catalog';
import { ASSET_KIND_IDS, MODES, type Assessment } from '../../lib/model';
import { planCatalog, type CatalogPlan } from '../../lib/catalog-plan';
import { generateCatalog } from '../../scripts/generate-catalog';
import { cachedSynth } from '../support/cached-synth';

const TODAY = '2026-05-01';

/** Every mode assessment of a plan: assets as planned, services after the weakest-link bound. */
function assessments(plan: CatalogPlan): [string, Assessment][] {
  return [...[...plan.assets].map(([id, p]) => [id, p.assessment] as [string, Assessment]), ...plan.effective];
}

describe.each([10, 100])('generateCatalog: %i assets', (assets) => {
  const generated = generateCatalog({ assets, seed: 7, today: TODAY });
  const catalog = parseCatalog(generated.yaml, `generated-${assets}.yaml`);
  // Planned once: the tests below read the same plan.
  const plan = planCatalog(catalog);

  it('is a valid catalog (parseCatalog) with the asked number of assets, every kind, three tiers and services', () => {
    expect(catalog.assets).toHaveLength(assets);
    expect(new Set(catalog.assets.map((a) => a.kind))).toEqual(new Set(ASSET_KIND_IDS));
    expect(catalog.tiers.map((t) => t.id)).toEqual(['gold', 'silver', 'bronze']);
    expect(catalog.services.length).toBe(Math.max(2, Math.ceil(assets / 4)));
    expect(new Set(catalog.assets.map((a) => a.tier)).size).toBe(3);
  });

  it('gives every service an owned asset and a secret to read (Redis keeps its password in one)', () => {
    const secrets = new Set(catalog.assets.filter((a) => a.kind === 'secret').map((a) => a.id));
    for (const s of catalog.services) {
      expect(s.owns.length).toBeGreaterThan(0);
      expect(s.dependsOn.some((d) => secrets.has(d))).toBe(true);
    }
  });

  it('is deterministic from its options, and a different seed gives a different catalog', () => {
    expect(generateCatalog({ assets, seed: 7, today: TODAY }).yaml).toBe(generated.yaml);
    expect(generateCatalog({ assets, seed: 8, today: TODAY }).yaml).not.toBe(generated.yaml);
  });

  it('leaves no gap: every shortfall the plan cannot close is accepted', () => {
    const gaps = assessments(plan).flatMap(([id, a]) =>
      MODES.filter((m) => a[m].status === 'gap').map((m) => `${id} ${m}`),
    );
    expect(gaps).toEqual([]);
    expect(generated.acceptances).toBeGreaterThan(0);
  });

  it('accepts only what falls short, at the figure the plan achieves, dated a year ahead with a generated reason', () => {
    const byId = new Map(assessments(plan));
    // A service's field is judged over parts (its own figure and each dependency's): the ceiling is one of them.
    const parts = (id: string, mode: (typeof MODES)[number], f: 'rpo' | 'rto') => {
      const service = catalog.services.find((s) => s.id === id);
      if (!service) return [byId.get(id)![mode][f]];
      return [
        plan.services.get(id)!.assessment,
        ...[...service.owns, ...service.dependsOn].map((d) => byId.get(d)!),
      ].map((a) => a[mode][f]);
    };
    const entries = [...catalog.assets, ...catalog.services];
    const accepted = entries.flatMap((e) => e.acceptances.map((a) => ({ id: e.id, a })));
    expect(accepted).toHaveLength(generated.acceptances);
    for (const { id, a } of accepted) {
      const mode = byId.get(id)![a.mode];
      expect(mode.unusedAcceptance).toBeUndefined();
      expect(a.expires).toBe('2027-05-01');
      expect(a.owner).toBe('platform');
      expect(a.reason).toMatch(new RegExp(`^Generated ${TODAY} for the scale benchmark \\(seed 7\\)`));
      for (const f of ['rpo', 'rto'] as const) {
        const ceiling = f === 'rpo' ? a.rpoSeconds : a.rtoSeconds;
        if (ceiling === undefined) continue;
        const achieved = parts(id, a.mode, f).map((field) =>
          field.kind === 'figure' && field.figure.seconds !== null ? Math.ceil(field.figure.seconds) : 'unbounded',
        );
        expect([id, a.mode, f, achieved.includes(ceiling)]).toEqual([id, a.mode, f, true]);
        expect(a.reason).toContain(f.toUpperCase());
      }
    }
  });

  it('changes exactly the asked number of asset targets for the second posture of `dr diff`', () => {
    const head = parseCatalog(generateCatalog({ assets, seed: 7, today: TODAY, changedTargets: 5 }).yaml, 'head.yaml');
    expect(head.assets.map((a) => a.id)).toEqual(catalog.assets.map((a) => a.id));
    const target = (c: Catalog, i: number) => `${String(c.assets[i]!.rpo)}/${formatDuration(c.assets[i]!.rtoSeconds)}`;
    const changed = catalog.assets.filter((_, i) => target(catalog, i) !== target(head, i));
    expect(changed).toHaveLength(5);
  });
});

describe('generateCatalog: bad options', () => {
  it('needs one asset of each kind', () => {
    expect(() => generateCatalog({ assets: 6, seed: 1, today: TODAY })).toThrow(
      /`assets` must be a whole number ≥ 7 \(one of each kind\), got 6/,
    );
  });

  it('needs an ISO date to date the acceptances', () => {
    expect(() => generateCatalog({ assets: 10, seed: 1, today: '1 May 2026' })).toThrow(
      /`today` must be YYYY-MM-DD, got 1 May 2026/,
    );
  });
});

describe('a generated catalog through synth (CDK built-in validation off, as the benchmark runs it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dr-generated-'));
  const file = join(dir, 'generated-10.yaml');
  writeFileSync(file, generateCatalog({ assets: 10, seed: 3, today: TODAY }).yaml);
  const options = { catalogFile: file, context: cdkJsonContext(), validation: false } as const;

  it('synthesizes with no failing DR finding: the checker agrees with the acceptances the plan led to', () => {
    // Cached by its inputs' hash (test/support/cached-synth.ts): the outcome and the files synth wrote.
    const synth = cachedSynth('generated-10', file, { validation: false });
    expect([synth.outcome, synth.failing]).toEqual(['ok', []]);
    expect(existsSync(join(synth.dir, 'dist', 'dr-posture.json'))).toBe(true);
  });

  it('with drCheck off (the benchmarking baseline) writes the artifacts but no posture, and returns none', () => {
    const result = synthesize({
      ...options,
      drCheck: false,
      outdir: join(dir, 'off', 'cdk.out'),
      distDir: join(dir, 'off', 'dist'),
    });
    expect('posture' in result || 'check' in result).toBe(false);
    expect(result.assembly.stacks.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dir, 'off', 'dist', 'k8s'))).toBe(true);
    expect(existsSync(join(dir, 'off', 'dist', 'dr-posture.json'))).toBe(false);
  });
});
