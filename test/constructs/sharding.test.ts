/**
 * Stack sharding with the real budget: a generated catalog large enough for three primary shards (and DR shards),
 * synthesized once (built-in validation and bundling off), stays under CloudFormation's limits in every template;
 * each stack holds no more than placement estimated; data stores sit in the stack their placement names; selections
 * and alarms sit with the resources they watch; and no side's stack refers to, or grows with, its shards.
 */
import { logicalId, shardStackName } from '../../lib/names';
import { CLOUDFORMATION_LIMITS, estimates, limitViolations, place, SIDES } from '../../lib/placement';
import { planCatalog } from '../../lib/catalog-plan';
import { largeCatalog } from '../support/large-catalog';
import { cachedShardedSynth, shardedApp, type Template } from '../support/sharded';

const ASSETS = 300;
const plan = planCatalog(largeCatalog(ASSETS));
const { naming } = plan.catalog;
// The failback phase: the most resources a catalog gives (replication alarms and roles on the way back).
const placement = place(plan, new Map());
// Built and synthesized once per change of the sources (test/support/sharded.ts cachedShardedSynth).
const { assembly, templates, shards } = cachedShardedSynth('sharding', { ASSETS, failback: true }, () =>
  shardedApp(plan, { placement, context: { failback: 'true' } }),
);
const stacks = { shards: shards.map((stackName) => ({ stackName })) };
const PRIMARY = shardStackName(naming, 'primary', 0);
const DR = shardStackName(naming, 'dr', 0);
const template = (name: string): Template => templates.get(name)!.template;
const resources = (name: string) => Object.entries(template(name).Resources);
/** Stack names whose templates mention another stack's outputs, by the stacks they read. */
const reads = (name: string) => [...templates.get(name)!.text.matchAll(/"StackName": "(\w+)"/g)].map((m) => m[1]!);

describe(`a generated catalog of ${ASSETS} assets, placed with the real budget, failback phase`, () => {
  test('needs at least three primary shards beside the primary stack, and DR shards, named from lib/names', () => {
    const names = stacks.shards.map((s) => s.stackName);
    expect(names.slice(0, 3)).toEqual([1, 2, 3].map((n) => shardStackName(naming, 'primary', n)));
    expect(names).toContain(shardStackName(naming, 'dr', 1));
    expect([...templates.keys()].sort()).toEqual([PRIMARY, DR, ...names].sort());
  });

  test("every template is under CloudFormation's limits: resources, template bytes, outputs, parameters", () => {
    for (const [name, { text, template: t }] of templates) {
      expect([name, limitViolations(name, text)]).toEqual([name, []]);
      expect(Object.keys(t.Resources).length).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.resources);
    }
  });

  test('no stack holds more than its estimate, counting the stack the Secrets Manager transform adds per rotation', () => {
    for (const side of SIDES) {
      estimates(plan, placement, side).forEach((estimate, shard) => {
        const name = shardStackName(naming, side, shard);
        const rotations = resources(name).filter(([, r]) => r.Type === 'AWS::SecretsManager::RotationSchedule').length;
        expect([name, resources(name).length + rotations <= estimate]).toEqual([name, true]);
      });
    }
  });

  test("each asset's data stores are in the stack its placement names, under the logical ids its id gives", () => {
    for (const asset of plan.catalog.assets) {
      const id = logicalId(asset.id);
      const expected: Record<string, string[]> = {
        postgres: [`${id}Database`, `${id}DatabaseSecret`],
        mysql: [`${id}Database`, `${id}DatabaseSecret`],
        'object-store': [`${id}Bucket`],
        secret: [`${id}Secret`],
      };
      const stack = shardStackName(naming, 'primary', placement.get(asset.id)!.primary);
      for (const logical of expected[asset.kind] ?? [])
        expect([asset.id, logical, template(stack).Resources[logical]?.Type]).toEqual([
          asset.id,
          logical,
          expect.any(String),
        ]);
    }
  });

  test('a backup selection is in the stack of the resources it lists, and refers to the plan in the primary stack', () => {
    const shardSelections = stacks.shards.flatMap((s) =>
      resources(s.stackName)
        .filter(([, r]) => r.Type === 'AWS::Backup::BackupSelection')
        .map(([, r]) => ({
          stack: s.stackName,
          props: r.Properties as {
            BackupPlanId: unknown;
            BackupSelection: { SelectionName: string; Resources: unknown[] };
          },
        })),
    );
    expect(shardSelections.length).toBeGreaterThan(0);
    for (const { stack, props } of shardSelections) {
      expect(props.BackupPlanId).toEqual({
        'Fn::GetStackOutput': {
          StackName: PRIMARY,
          Region: naming.primaryRegion,
          OutputName: expect.stringMatching(/BackupPlanId/),
        },
      });
      // Every resource it lists is a resource of its own stack.
      for (const arn of props.BackupSelection.Resources) {
        const refs = JSON.stringify(arn).match(/"(Ref|Fn::GetAtt)":\s*\[?"(\w+)"/g) ?? [];
        expect(refs.length).toBeGreaterThan(0);
        for (const ref of refs) expect(template(stack).Resources[/"(\w+)"$/.exec(ref)![1]!]).toBeDefined();
      }
      expect(props.BackupSelection.SelectionName).toBe(`resources-shard-${Number(/Shard(\d+)$/.exec(stack)![1])}`);
    }
  });

  test("a PITR drill's restore-testing selection is in the stack of the databases it lists, naming the plan in the primary stack", () => {
    const [drill] = plan.catalog.drills;
    const homes = new Set(drill!.assets.map((a) => shardStackName(naming, 'primary', placement.get(a)!.primary)));
    for (const home of homes) {
      const [selection] = resources(home).filter(([, r]) => r.Type === 'AWS::Backup::RestoreTestingSelection');
      const listed = JSON.stringify(
        (selection![1].Properties as { ProtectedResourceArns: unknown }).ProtectedResourceArns,
      );
      const here = drill!.assets.filter((a) => shardStackName(naming, 'primary', placement.get(a)!.primary) === home);
      expect(here.map((a) => listed.includes(`"${logicalId(a)}Database"`))).toEqual(here.map(() => true));
      expect(selection![1].Properties).toMatchObject({ RestoreTestingPlanName: 'acme_scale_pitr' });
    }
    expect(resources(PRIMARY).filter(([, r]) => r.Type === 'AWS::Backup::RestoreTestingPlan')).toHaveLength(1);
  });

  test("recovery-point alarms of an asset in a shard are in that shard and notify the primary stack's topic", () => {
    const sharded = plan.catalog.assets.filter((a) => placement.get(a.id)!.primary > 0).map((a) => logicalId(a.id));
    const alarms = stacks.shards.flatMap((s) =>
      resources(s.stackName).filter(
        ([id, r]) => r.Type === 'AWS::CloudWatch::Alarm' && id.startsWith('RecoveryPointAlarms'),
      ),
    );
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, r] of alarms) {
      expect(sharded.some((a) => id.startsWith(`RecoveryPointAlarms${a}`))).toBe(true);
      expect(JSON.stringify(r.Properties)).toContain(`"StackName":"${PRIMARY}"`);
    }
    expect(resources(PRIMARY).filter(([id]) => sharded.some((a) => id.startsWith(`RecoveryPointAlarms${a}`)))).toEqual(
      [],
    );
  });

  test("no side's stack refers to a shard; shards read only the side stacks", () => {
    for (const side of [PRIMARY, DR]) expect(reads(side).filter((s) => s !== DR)).toEqual([]);
    for (const s of stacks.shards) expect(reads(s.stackName).every((r) => r === PRIMARY || r === DR)).toBe(true);
  });

  test("the primary stack's outputs are one per shared value, however many assets use it", () => {
    const outputs = Object.values(template(PRIMARY).Outputs ?? {}).map((o) => JSON.stringify(o.Value));
    expect(new Set(outputs).size).toBe(outputs.length);
    expect(outputs.length).toBeLessThanOrEqual(20);
  });

  test("deploy order: every shard after its side's stack, the primary side after the DR side", () => {
    const after = (name: string, seen = new Set<string>()): Set<string> => {
      for (const d of assembly
        .getStackByName(name)
        .dependencies.map((x) => x.id)
        .filter((id) => templates.has(id) && !seen.has(id))) {
        seen.add(d);
        after(d, seen);
      }
      return seen;
    };
    for (const s of stacks.shards) {
      const primarySide = s.stackName.startsWith(PRIMARY);
      expect([s.stackName, [...after(s.stackName)]]).toEqual([
        s.stackName,
        expect.arrayContaining(primarySide ? [PRIMARY, DR] : [DR]),
      ]);
      expect(after(s.stackName).has(s.stackName)).toBe(false);
    }
  });
});
