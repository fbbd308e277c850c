/** IAM role names at their 64-character limit: a long purpose is cut with a digest, never into another's name. */
import { nameProblem } from '../../lib/catalog/names-check';
import {
  preDeployBackupRoleName,
  preDeployBackupServiceRoleName,
  regionSwitchPlanName,
  roleName,
} from '../../lib/names';
import { parseCatalog } from '../../lib/catalog';
import { readFileSync } from 'node:fs';

const naming = parseCatalog(readFileSync('test/fixtures/minimal.yaml', 'utf8'), 'minimal.yaml').naming;

describe('roleName', () => {
  test('a name that fits is kept as written', () => {
    expect(roleName(naming, 'restore_testing')).toBe(`${naming.prefix}-restore-testing`);
  });

  test('two long purposes that share their first 64 characters get two names of at most 64', () => {
    const id = `orders${'x'.repeat(39)}`;
    const [a, b] = [preDeployBackupRoleName(naming, id), preDeployBackupServiceRoleName(naming, id)];
    expect(`${naming.prefix}-${id}-pre-deploy-backup`.length).toBeGreaterThan(64);
    expect([a.length, b.length]).toEqual([64, 64]);
    expect(a).not.toBe(b);
    expect(a.slice(0, 55)).toBe(`${naming.prefix}-${id}-pre-deploy-backup`.slice(0, 55));
    // Stable: the same purpose, the same name (a role's name is its identity in CloudFormation).
    expect(preDeployBackupRoleName(naming, id)).toBe(a);
    expect(a).toMatch(/^[\w+=,.@-]+$/);
  });
});

describe('regionSwitchPlanName (ARC-1: at most 32 characters)', () => {
  test('a name that fits is kept as written', () => {
    expect(regionSwitchPlanName({ prefix: 'lomash-wood' })).toBe('lomash-wood-region-switch');
  });

  test('a stage that pushes it past 32 gets a cut name with a digest: valid, stable, distinct per prefix', () => {
    const staging = regionSwitchPlanName({ prefix: 'lomash-wood-staging' });
    expect(staging).toMatch(/^lomash-wood-staging-reg-[0-9a-f]{8}$/);
    expect(staging.length).toBeLessThanOrEqual(32);
    expect(nameProblem('region-switch-plan', staging)).toBeUndefined();
    expect(regionSwitchPlanName({ prefix: 'lomash-wood-staging' })).toBe(staging);
    expect(regionSwitchPlanName({ prefix: 'lomash-wood-staging2' })).not.toBe(staging);
    // A cut that would end in a hyphen does not leave two in a row.
    const cut = regionSwitchPlanName({ prefix: 'a'.repeat(22) });
    expect(cut).toMatch(/^a{22}-[0-9a-f]{8}$/);
    expect(nameProblem('region-switch-plan', cut)).toBeUndefined();
  });
});
