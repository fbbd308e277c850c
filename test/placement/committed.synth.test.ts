/**
 * The committed placement files are current (CI fails on a stale one, like the committed posture), and the shipped
 * catalog's stacks hold no more than placement estimated.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../lib/catalog';
import { stackName } from '../../lib/names';
import { estimates, placementPath, resolvePlacement, SIDES } from '../../lib/placement';
import { planCatalog } from '../../lib/catalog-plan';
import { placementFile, template } from '../support/synthesized';

const UPDATE = (file: string) =>
  `${file} is stale: run \`npm run synth\` (or \`DR_TARGETS=… npm run synth\`) and commit it`;

describe('the committed placement files', () => {
  test('dr-targets.placement.yaml is what synth writes for dr-targets.yaml, byte for byte', () => {
    const committed = readFileSync(placementPath('dr-targets.yaml'), 'utf8');
    const synthesized = readFileSync(placementFile(), 'utf8');
    if (committed !== synthesized) throw new Error(UPDATE('dr-targets.placement.yaml'));
    expect(committed).toBe(synthesized);
  });

  test('test/fixtures/bookshop.placement.yaml is current', () => {
    const resolved = resolvePlacement(planCatalog(loadCatalog('test/fixtures/bookshop.yaml')));
    if (resolved.changed) throw new Error(UPDATE(resolved.file));
    expect(resolved.changed).toBe(false);
  });
});

test('the shipped catalog: each stack holds no more than its estimate (rotation stacks of the transform included)', () => {
  const plan = planCatalog(loadCatalog('dr-targets.yaml'));
  const { placement } = resolvePlacement(plan);
  for (const side of SIDES) {
    const [estimate, ...shards] = estimates(plan, placement, side);
    expect(shards).toEqual([]);
    const resources = Object.values(template(stackName(plan.catalog.naming, side)).Resources);
    const rotations = resources.filter((r) => r.Type === 'AWS::SecretsManager::RotationSchedule').length;
    expect(resources.length + rotations).toBeLessThanOrEqual(estimate!);
  }
});
