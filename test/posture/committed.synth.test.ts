/**
 * The posture of the shipped catalog, from the app synthesized once for the suite: the committed copy under docs/ is
 * byte-identical (so every PR that changes the posture shows it), and the checker, reading the artifacts, finds what
 * the planner promised for every entry and mode.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../lib/catalog';
import { checkOnDisk } from '../../lib/checker';
import { MODES } from '../../lib/model';
import { planCatalog } from '../../lib/catalog-plan';
import { cdkOut, distDir } from '../support/synthesized';

const UPDATE = 'the posture changed: run `npm run posture:update` and commit docs/dr-posture.{json,md,svg}';

describe('the committed posture', () => {
  // The suite's synth judges on the committed posture's asOf (test/support/global-setup.ts), so this holds on any day.
  test.each(['dr-posture.json', 'dr-posture.md', 'dr-posture.svg'])(
    'docs/%s is what synth writes, byte for byte',
    (file) => {
      const synthesized = readFileSync(join(distDir(), file), 'utf8');
      const committed = readFileSync(join('docs', file), 'utf8');
      if (committed !== synthesized) throw new Error(`docs/${file}: ${UPDATE}`);
      expect(committed).toBe(synthesized);
    },
  );
});

describe('the committed runbooks', () => {
  const RUNBOOKS = 'the runbooks changed: run `npm run posture:update` and commit docs/runbooks/';
  test('docs/runbooks/ holds exactly what synth writes to dist/runbooks/, byte for byte', () => {
    const written = readdirSync(join(distDir(), 'runbooks')).sort();
    const committed = readdirSync(join('docs', 'runbooks')).sort();
    expect(committed).toEqual(written);
    const differ = written.filter(
      (f) => readFileSync(join(distDir(), 'runbooks', f), 'utf8') !== readFileSync(join('docs', 'runbooks', f), 'utf8'),
    );
    if (differ.length > 0) throw new Error(`docs/runbooks/${differ.join(', ')}: ${RUNBOOKS}`);
    expect(written).toContain('README.md');
  });
});

describe('the shipped catalog, checked from its synthesized artifacts', () => {
  const catalog = loadCatalog('dr-targets.yaml');
  const { result } = checkOnDisk({
    catalogFile: 'dr-targets.yaml',
    cdkOut: cdkOut(),
    k8sDir: join(distDir(), 'k8s'),
    today: '2026-11-28',
  });

  test('the checker finds, for every entry and mode, the status the planner promised', () => {
    const plan = planCatalog(catalog);
    const differ: string[] = [];
    for (const [id, e] of result.entries) {
      const promised = plan.effective.get(id) ?? plan.assets.get(id)!.assessment;
      for (const m of MODES)
        if (promised[m].status !== e.assessment[m].status)
          differ.push(`${id}.${m}: plan ${promised[m].status}, artifacts ${e.assessment[m].status}`);
    }
    expect(differ).toEqual([]);
  });

  test('no failing finding: no gap, no unlabelled data store, no empty selection', () => {
    expect(result.findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([]);
  });
});
