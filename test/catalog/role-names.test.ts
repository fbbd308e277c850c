/** IAM role names at their 64-character limit: a long purpose is cut with a digest, never into another's name. */
import { preDeployBackupRoleName, preDeployBackupServiceRoleName, roleName } from '../../lib/names';
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
