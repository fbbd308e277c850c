/**
 * How a catalog asks for a cross-Region read replica (asset `regionStrategy`): `replica` always, `auto` only under a
 * Region RPO target tighter than replicated automated backups give (RDS-15: 30 minutes), `restore` (the default) never;
 * only on databases, and only with a DR network to run in — both located errors otherwise. The plan then has
 * `rds-read-replica` with its lag alarm at the Region RPO target, costs a second instance more, and with a pilot light
 * the Region mode takes the promote path (RPO the lag: unknown; RTO the promote step's timeout: typical).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalog } from '../../lib/catalog';
import { catalogJsonSchema } from '../../lib/catalog/json-schema';
import { mechanism, planCatalog } from '../../lib/catalog-plan';
import { problemsOf } from '../catalog/problems';

const base = readFileSync(join(__dirname, '..', 'fixtures', 'minimal.yaml'), 'utf8');
const PILOT = '  drCompute: { kind: pilot-light, kubernetesVersion: "1.33" }\n';

/** The fixture's `orders` database with more lines, and more environment lines (after imageTag). */
function catalogWith(assetLines: string, environment = ''): string {
  const anchor = '    backupMethod: PITR\n';
  const env = '    imageTag: "2.0.1"\n';
  if (!base.includes(anchor) || !base.includes(env)) throw new Error('fixture changed');
  return base.replace(anchor, `${anchor}${assetLines}`).replace(env, `${env}${environment}`);
}

const planOf = (text: string) => planCatalog(parseCatalog(text, 'minimal.yaml'));

describe('located errors', () => {
  test('on a kind other than postgres or mysql', () => {
    const text = catalogWith(
      '  - id: media\n    kind: object-store\n    rpo: 1h\n    rto: 1h\n    owner: web\n    backupMethod: CRR\n    regionStrategy: replica\n',
      PILOT,
    );
    expect(problemsOf(text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^minimal\.yaml:\d+:\d+: asset media: regionStrategy: got "replica"; expected only on kind postgres or mysql \(this asset's kind is object-store\)/,
        ),
      ]),
    );
  });

  test('a replica (or auto) without a DR network to run in', () => {
    for (const strategy of ['replica', 'auto']) {
      expect(problemsOf(catalogWith(`    regionStrategy: ${strategy}\n`))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^minimal\\.yaml:\\d+:\\d+: asset orders: regionStrategy: got "${strategy}"; expected restore: a read replica runs in the DR Region's network, and this catalog has none`,
          ),
        ),
      ]);
    }
  });

  test('a value that is none of the three', () => {
    expect(problemsOf(catalogWith('    regionStrategy: promote\n', PILOT)).join('\n')).toMatch(
      /regionStrategy: .*expected restore, replica or auto/,
    );
  });

  test('the JSON Schema lists the three values', () => {
    expect(JSON.stringify(catalogJsonSchema())).toContain('"enum":["restore","replica","auto"]');
  });
});

describe('the plan', () => {
  const orders = (text: string) => planOf(text).assets.get('orders')!;

  test('replica: the plan has one, alarmed at the Region RPO target (the tier: 1h), for a second instance more', () => {
    const withReplica = orders(catalogWith('    regionStrategy: replica\n', PILOT));
    const without = orders(catalogWith('', PILOT));
    expect(mechanism(withReplica, 'rds-read-replica')).toEqual({ id: 'rds-read-replica', lagAlarmSeconds: 3600 });
    expect(mechanism(without, 'rds-read-replica')).toBeUndefined();
    expect(withReplica.cost - without.cost).toBe(8);
  });

  test('auto: none under a 1h Region RPO (replicated backups give 30 minutes); one under 15m', () => {
    expect(mechanism(orders(catalogWith('    regionStrategy: auto\n', PILOT)), 'rds-read-replica')).toBeUndefined();
    const tight = catalogWith('    regionStrategy: auto\n    modes: { region: { rpo: 15m } }\n', PILOT);
    expect(mechanism(orders(tight), 'rds-read-replica')).toEqual({ id: 'rds-read-replica', lagAlarmSeconds: 900 });
  });

  test('restore (the default): none', () => {
    expect(mechanism(orders(catalogWith('    regionStrategy: restore\n', PILOT)), 'rds-read-replica')).toBeUndefined();
  });

  test('with a pilot light the Region mode takes the promote path: RPO its lag (unknown), RTO the promote step (its timeout, 1h; unknown here: the tier declares no recovery overhead)', () => {
    const p = planOf(catalogWith('    regionStrategy: replica\n', PILOT));
    expect(p.regionSwitch!.serves.get('orders')).toEqual({ path: 'promote', step: 'promote-orders' });
    const region = p.assets.get('orders')!.assessment.region;
    expect(region.rpo.kind === 'figure' && [region.rpo.mechanism, region.rpo.figure.seconds]).toEqual([
      'rds-read-replica',
      null,
    ]);
    expect(region.rto.kind === 'figure' && [region.rto.mechanism, region.rto.figure.atLeast]).toEqual([
      'region-switch',
      3600,
    ]);
    expect(region.rpoStatus).toBe('unverified');
  });

  test('without a pilot light (a DR network only) the replica is promoted by hand: both figures unknown', () => {
    const text = catalogWith('    regionStrategy: replica\n', '  network: { eu-west-1: create }\n');
    const region = planOf(text).assets.get('orders')!.assessment.region;
    expect(region.rto.kind === 'figure' && region.rto.figure.seconds).toBeNull();
    expect(planOf(text).regionSwitch).toBeUndefined();
  });
});
