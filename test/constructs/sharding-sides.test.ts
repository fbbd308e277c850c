/**
 * Both sides sharded (a small catalog placed with a small budget) in the failback phase, where replication runs both
 * ways: replicas live in the DR stack their placement names, every source stack deploys after its replica's, and the
 * shared protectors of each side admit shard buckets and secrets by name pattern, once, instead of one by one.
 */
import { fisRoleName, logicalId, shardStackName } from '../../lib/names';
import { instanceExperiments, planCatalog } from '../../lib/catalog-plan';
import { place } from '../../lib/placement';
import { largeCatalog } from '../support/large-catalog';
import { cachedShardedSynth, shardedApp, type Template } from '../support/sharded';

const plan = planCatalog(largeCatalog(60));
const { naming } = plan.catalog;
const placement = place(plan, new Map(), { budget: 80 });
// Built and synthesized once per change of the sources (test/support/sharded.ts cachedShardedSynth).
const { assembly, templates, shards } = cachedShardedSynth(
  'sharding-sides',
  { assets: 60, budget: 80, failback: true },
  () => shardedApp(plan, { placement, context: { failback: 'true' } }),
);
const stacks = { shards: shards.map((stackName) => ({ stackName })) };
const template = (name: string): Template => templates.get(name)!.template;
const ofType = (name: string, type: string) =>
  Object.entries(template(name).Resources).filter(([, r]) => r.Type === type);
const statements = (name: string, type: string) =>
  ofType(name, type).flatMap(
    ([, r]) => (r.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } }).PolicyDocument.Statement,
  );
const pattern = (side: 'primary' | 'dr') =>
  `arn:aws:s3:::acme-scale-*-222222222222-${side === 'primary' ? 'us-east-1' : 'us-west-2'}`;

describe('both sides sharded, failback phase', () => {
  const replicated = plan.catalog.assets.filter((a) => a.kind === 'object-store');

  test('the DR side has shards, and every replica is in the DR stack its placement names', () => {
    expect(stacks.shards.some((s) => s.stackName.startsWith(shardStackName(naming, 'dr', 0)))).toBe(true);
    for (const asset of replicated) {
      const stack = shardStackName(naming, 'dr', placement.get(asset.id)!.dr);
      expect([asset.id, template(stack).Resources[`${logicalId(asset.id)}Bucket`]?.Type]).toEqual([
        asset.id,
        'AWS::S3::Bucket',
      ]);
    }
  });

  test("a bucket's stack deploys after its replica's (S3 rejects a rule whose destination does not exist)", () => {
    for (const asset of replicated) {
      const source = shardStackName(naming, 'primary', placement.get(asset.id)!.primary);
      const replica = shardStackName(naming, 'dr', placement.get(asset.id)!.dr);
      expect([asset.id, assembly.getStackByName(source).dependencies.map((d) => d.id)]).toEqual([
        asset.id,
        expect.arrayContaining([replica]),
      ]);
    }
  });

  test.each(['primary', 'dr'] as const)(
    "the %s side's topic and access-log bucket admit its shard buckets by one name pattern each",
    (side) => {
      const own = shardStackName(naming, side, 0);
      const topic = statements(own, 'AWS::SNS::TopicPolicy').filter((s) => JSON.stringify(s).includes(pattern(side)));
      expect(topic).toEqual([
        expect.objectContaining({
          Action: 'sns:Publish',
          Principal: { Service: 's3.amazonaws.com' },
          Condition: {
            ArnLike: { 'aws:SourceArn': pattern(side) },
            StringEquals: { 'aws:SourceAccount': '222222222222' },
          },
        }),
      ]);
      const logs = statements(own, 'AWS::S3::BucketPolicy').filter((s) => JSON.stringify(s).includes(pattern(side)));
      expect(logs).toEqual([
        expect.objectContaining({ Action: 's3:PutObject', Principal: { Service: 'logging.s3.amazonaws.com' } }),
      ]);
    },
  );

  test("a shard bucket logs to its side's access-log bucket by name, and CDK is left with no warning about it", () => {
    const shard = stacks.shards.find((s) => ofType(s.stackName, 'AWS::S3::Bucket').length > 0)!;
    const [, bucket] = ofType(shard.stackName, 'AWS::S3::Bucket')[0]!;
    expect((bucket.Properties as { LoggingConfiguration: unknown }).LoggingConfiguration).toMatchObject({
      DestinationBucketName: expect.stringMatching(/^acme-scale-access-logs-222222222222-/),
    });
    const warnings = assembly.stacks
      .flatMap((s) => s.messages)
      .filter((m) => String(m.entry.data).includes('accessLogsPolicyNotAdded'));
    expect(warnings).toEqual([]);
  });

  test("the PITR drill's database in a shard gets its restore-testing selection there, naming the plan in the primary stack", () => {
    const home = shardStackName(naming, 'primary', placement.get('pg-0039')!.primary);
    expect(home).not.toBe(shardStackName(naming, 'primary', 0));
    const selections = ofType(home, 'AWS::Backup::RestoreTestingSelection').map(
      ([, r]) => r.Properties as Record<string, unknown>,
    );
    expect(selections).toEqual([
      expect.objectContaining({
        RestoreTestingPlanName: 'acme_scale_pitr',
        RestoreTestingSelectionName: `acme_scale_pitr_rds_shard_${placement.get('pg-0039')!.primary}`,
        ProtectedResourceArns: [
          { 'Fn::Join': ['', ['arn:aws:rds:us-east-1:222222222222:db:', { Ref: 'Pg0039Database' }]] },
        ],
      }),
    ]);
  });

  test('External Secrets reads the secrets of shards by name under the company prefix, never the database master secrets', () => {
    const primary = shardStackName(naming, 'primary', 0);
    const read = statements(primary, 'AWS::IAM::ManagedPolicy').filter((s) =>
      JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'),
    );
    const allow = read.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    // One resource (the prefix) or several (with shard 0's own secrets): placement decides which.
    expect([allow[0]!.Resource].flat()).toContain('arn:aws:secretsmanager:us-east-1:222222222222:secret:acme-scale/*');
    expect(read.filter((s) => s.Effect === 'Deny').map((s) => s.Resource)).toEqual([
      'arn:aws:secretsmanager:us-east-1:222222222222:secret:acme-scale/db/*',
    ]);
  });

  test("a sharded Multi-AZ database's experiment and stop alarm sit in its shard, naming the role by name", () => {
    const experiments = instanceExperiments(plan);
    const sharded = experiments.filter((e) => placement.get(e.asset)!.primary !== 0);
    expect(sharded.length).toBeGreaterThan(0);
    for (const e of sharded) {
      const home = shardStackName(naming, 'primary', placement.get(e.asset)!.primary);
      const [, fis] = ofType(home, 'AWS::FIS::ExperimentTemplate').find(
        ([, r]) => (r.Properties as { Tags: Record<string, string> }).Tags['dr:asset'] === e.asset,
      )!;
      const text = JSON.stringify(fis);
      expect(text).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
      expect(text).toContain(`:role/${fisRoleName(naming)}`);
      const alarms = ofType(home, 'AWS::CloudWatch::Alarm').map(
        ([, r]) => (r.Properties as { AlarmName: string }).AlarmName,
      );
      expect(alarms).toContain(e.alarmName);
    }
    // The one role, in shard 0, may reboot every one of them.
    const reboot = statements(shardStackName(naming, 'primary', 0), 'AWS::IAM::ManagedPolicy').find(
      (st) => st.Action === 'rds:RebootDBInstance',
    )!;
    expect([reboot.Resource].flat()).toHaveLength(experiments.length);
  });
});
