/**
 * RecoveryPointAlarms: a construct-level test (Template assertions; CDK's built-in CloudFormation validation off) and
 * the function's logic over aws-sdk-client-mock.
 */
import './support/aws-env';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BackupClient,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByResourceCommand,
} from '@aws-sdk/client-backup';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from '../../constructs/functions/recovery-point-age';
import { alarmThresholdSeconds, RecoveryPointAlarms } from '../../constructs/recovery-point-alarms';
import { recoveryPointAgeConfig } from '../../lib/catalog-plan/alarms';
import type { FunctionConfig } from '../../lib/measurement';
import { awsError } from './support/account';
import { load } from './support/lomash';

const lomash = load();
const naming = lomash.catalog.naming;

describe('RecoveryPointAlarms', () => {
  // GIVEN the shipped catalog's plan, a primary stack and a topic; WHEN the construct is added (synthesized once)
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Primary', { env: { account: naming.account, region: naming.primaryRegion } });
  const topic = new sns.Topic(stack, 'Alerts');
  const logEncryptionKey = new kms.Key(stack, 'Ops');
  const alarms = new RecoveryPointAlarms(stack, 'RecoveryPointAlarms', {
    plan: lomash.plan,
    naming,
    topic,
    logEncryptionKey,
  });
  const template = Template.fromStack(stack);
  const { config } = recoveryPointAgeConfig(lomash.plan, naming);
  const alarmOf = (asset: string, metric: string) =>
    Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((r) => {
      const p = r.Properties as { MetricName: string; Dimensions: { Value: string }[] };
      return p.MetricName === metric && p.Dimensions[0]!.Value === asset;
    })!.Properties as Record<string, unknown>;

  test('one scheduled function on Node.js 24, one run at a time, every 15 minutes', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: 1,
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
  });

  test('one alarm per measured asset and figure: 13 AWS Backup assets less the unmeasured, plus 8 replicated databases', () => {
    expect(
      config.measurements
        .filter((m) => m.metric === 'RecoveryPointAgeSeconds')
        .map((m) => m.asset)
        .sort(),
    ).toEqual(lomash.targets.map((t) => t.asset).sort());
    expect(config.measurements.filter((m) => m.metric === 'ReplicatedBackupAgeSeconds')).toHaveLength(8);
    template.resourceCountIs('AWS::CloudWatch::Alarm', config.measurements.length);
    expect(alarms.alarms.size).toBe(config.measurements.length);
    expect(alarms.skipped).toEqual([]);
  });

  test('thresholds are what the configuration achieves, not the target: daily snapshots a day plus the window (a worst bound)', () => {
    // lomash_orders' target RPO is 0: an alarm at the target would never clear.
    expect(lomash.catalog.assets.find((a) => a.id === 'lomash_orders')!.rpo).toBe(0);
    expect(alarmOf('lomash_products', 'RecoveryPointAgeSeconds').Threshold).toBe(86400 + 7200);
  });

  test('a typical figure gets one 15-minute measuring interval of margin, so the alarm does not flap: continuous RDS 5 min (RDS-2) → 20 min', () => {
    const orders = config.measurements.find(
      (m) => m.asset === 'lomash_orders' && m.metric === 'RecoveryPointAgeSeconds',
    )!;
    expect(orders).toMatchObject({ figureSeconds: 300, bound: 'typical' });
    expect(alarmOf('lomash_orders', 'RecoveryPointAgeSeconds')).toMatchObject({
      Threshold: 300 + 900,
      AlarmDescription: expect.stringMatching(
        /older than 20m: 5m, what the configuration achieves \(typical bound; RDS-2.*plus one 15m measuring interval/,
      ),
    });
    // Replicated backups: RDS-15's 30 minutes, typical too.
    expect(alarmOf('lomash_orders', 'ReplicatedBackupAgeSeconds').Threshold).toBe(1800 + 900);
  });

  test('every threshold is the model figure, plus the schedule unless the figure is a worst bound', () => {
    for (const m of config.measurements) {
      expect(alarmOf(m.asset, m.metric).Threshold).toBe(m.figureSeconds + (m.bound === 'worst' ? 0 : 900));
    }
    expect(config.measurements.some((m) => m.bound === 'worst')).toBe(true);
    expect(config.measurements.some((m) => m.bound === 'typical')).toBe(true);
  });

  test('the margin is the measuring interval the construct is given', () => {
    expect(alarmThresholdSeconds({ figureSeconds: 300, bound: 'typical' }, Duration.minutes(10))).toBe(900);
    expect(alarmThresholdSeconds({ figureSeconds: 300, bound: 'sla' }, Duration.minutes(15))).toBe(1200);
    expect(alarmThresholdSeconds({ figureSeconds: 93600, bound: 'worst' }, Duration.minutes(15))).toBe(93600);
  });

  test('missing data is breaching, over two schedule periods, and alarms and recoveries notify the topic', () => {
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };
    for (const m of config.measurements) {
      expect(alarmOf(m.asset, m.metric)).toMatchObject({
        Namespace: 'LomashWood/DR',
        Statistic: 'Maximum',
        Period: 1800,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [topicRef],
        OKActions: [topicRef],
      });
    }
  });

  test('the catalog stays out of environment variables; the measurements ship in the bundle', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0]!.Properties as {
      Environment?: unknown;
    };
    expect(fn.Environment).toBeUndefined();
    const out = app.synth().directory;
    const bundles = readdirSync(out).filter(
      (d) => d.startsWith('asset.') && existsSync(join(out, d, 'recovery-point-age.json')),
    );
    expect(bundles).toHaveLength(1);
    const shipped = JSON.parse(
      readFileSync(join(out, bundles[0]!, 'recovery-point-age.json'), 'utf8'),
    ) as FunctionConfig;
    expect(shipped).toEqual(JSON.parse(JSON.stringify(config)));
    expect(existsSync(join(out, bundles[0]!, 'index.js'))).toBe(true);
  });

  test('the function may publish only into its namespace, and read only the databases it measures', () => {
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap(
      (p) =>
        (
          p.Properties as {
            PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] };
          }
        ).PolicyDocument.Statement,
    );
    expect(statements.find((s) => s.Action === 'cloudwatch:PutMetricData')).toMatchObject({
      Condition: { StringEquals: { 'cloudwatch:namespace': 'LomashWood/DR' } },
    });
    const describe = statements.find((s) => s.Action === 'rds:DescribeDBInstances')!;
    expect(JSON.stringify(describe.Resource)).toContain(':db:lomash-wood-lomash-orders');
    expect(JSON.stringify(describe.Resource)).not.toContain('lomash-wood-lomash-products'); // snapshot-protected: not read
  });

  test('EC2 DescribeVolumes is granted only where two EBS assets share a tier vault', () => {
    const actions = (t: Template) =>
      Object.values(t.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) =>
        (
          p.Properties as { PolicyDocument: { Statement: { Action: string | string[] }[] } }
        ).PolicyDocument.Statement.flatMap((x) => x.Action),
      );
    expect(actions(template)).not.toContain('ec2:DescribeVolumes');
    // GIVEN the shipped catalog with the product cache made a persistent Redis in tier-1, beside redis-sessions
    const dir = mkdtempSync(join(tmpdir(), 'rpa-'));
    try {
      const yaml = readFileSync('dr-targets.yaml', 'utf8').replace(
        /kind: redis-cache\n(\s+)rpo: rebuildable\n\s+rebuildFrom: lomash_products/,
        'kind: redis\n$1rpo: 1h',
      );
      writeFileSync(join(dir, 'dr-targets.yaml'), yaml);
      const twin = load(join(dir, 'dr-targets.yaml'));
      expect(twin.target('redis-product-cache').match).toMatchObject({
        by: 'vault',
        ambiguousWith: ['redis-sessions'],
      });
      const s2 = new Stack(new App({ builtinCloudFormationValidation: false }), 'Primary', {
        env: { account: naming.account, region: naming.primaryRegion },
      });
      const a2 = new RecoveryPointAlarms(s2, 'RecoveryPointAlarms', {
        plan: twin.plan,
        naming,
        topic: new sns.Topic(s2, 'Alerts'),
      });
      // THEN both are measured (none skipped) and the function may read volume tags
      expect(a2.skipped).toEqual([]);
      expect([...a2.alarms.keys()]).toEqual(
        expect.arrayContaining([
          'redis-sessions/RecoveryPointAgeSeconds',
          'redis-product-cache/RecoveryPointAgeSeconds',
        ]),
      );
      expect(actions(Template.fromStack(s2))).toContain('ec2:DescribeVolumes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('its log group keeps a year of logs under the given key', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(logEncryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] },
    });
  });

  test('a stack without a concrete account that matches the naming is refused', () => {
    const other = new Stack(new App(), 'Agnostic');
    expect(
      () => new RecoveryPointAlarms(other, 'R', { plan: lomash.plan, naming, topic: new sns.Topic(other, 'T') }),
    ).toThrow(/must be concrete and equal `naming.account`/);
  });
});

describe('recovery-point-age function', () => {
  const NOW = new Date('2026-11-28T12:00:00Z');
  const ago = (s: number) => new Date(NOW.getTime() - s * 1000);
  const base = { primaryRegion: 'eu-west-2', figureSeconds: 300, bound: 'typical', basis: 'test' } as const;
  const config: FunctionConfig = {
    namespace: 'LomashWood/DR',
    measurements: [
      {
        ...base,
        asset: 'media',
        metric: 'RecoveryPointAgeSeconds',
        region: 'eu-west-2',
        source: 'recovery-point',
        match: { by: 'arn', arn: 'arn:aws:s3:::media' },
      },
      {
        ...base,
        asset: 'orders',
        metric: 'RecoveryPointAgeSeconds',
        region: 'eu-west-2',
        source: 'latest-restorable-time',
        match: { by: 'arn', arn: 'x' },
        databaseIdentifier: 'orders',
      },
      {
        ...base,
        asset: 'orders',
        metric: 'ReplicatedBackupAgeSeconds',
        region: 'eu-west-1',
        source: 'replicated-backup',
        match: { by: 'arn', arn: 'x' },
        databaseIdentifier: 'orders',
      },
      {
        ...base,
        asset: 'denied',
        metric: 'RecoveryPointAgeSeconds',
        region: 'eu-west-2',
        source: 'recovery-point',
        match: { by: 'arn', arn: 'arn:aws:s3:::denied' },
      },
      {
        ...base,
        asset: 'empty',
        metric: 'RecoveryPointAgeSeconds',
        region: 'eu-west-2',
        source: 'recovery-point',
        match: { by: 'arn', arn: 'arn:aws:s3:::empty' },
      },
    ],
  };
  const mocks = {
    backup: mockClient(BackupClient),
    rds: mockClient(RDSClient),
    cw: mockClient(CloudWatchClient),
    ec2: mockClient(EC2Client),
  };
  const clients = {
    backup: (r: string) => new BackupClient({ region: r }),
    rds: (r: string) => new RDSClient({ region: r }),
    ec2: (r: string) => new EC2Client({ region: r }),
    cloudWatch: new CloudWatchClient({}),
  };
  afterAll(() => Object.values(mocks).forEach((m) => m.restore()));

  test('publishes the age of each readable point and nothing for the rest, saying why', async () => {
    mocks.backup
      .on(ListRecoveryPointsByResourceCommand, { ResourceArn: 'arn:aws:s3:::media' })
      .resolves({ RecoveryPoints: [{ RecoveryPointArn: 'rp', CreationDate: ago(600), Status: 'COMPLETED' }] });
    mocks.backup
      .on(ListRecoveryPointsByResourceCommand, { ResourceArn: 'arn:aws:s3:::denied' })
      .rejects(awsError('AccessDeniedException', 403, 'denied'));
    mocks.backup
      .on(ListRecoveryPointsByResourceCommand, { ResourceArn: 'arn:aws:s3:::empty' })
      .resolves({ RecoveryPoints: [] });
    mocks.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ LatestRestorableTime: ago(120) }] });
    mocks.rds.on(DescribeDBInstanceAutomatedBackupsCommand).resolves({
      DBInstanceAutomatedBackups: [{ DBInstanceIdentifier: 'orders', RestoreWindow: { LatestTime: ago(900) } }],
    });
    mocks.cw.on(PutMetricDataCommand).resolves({});
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await run(config, clients, NOW);
    errors.mockRestore();

    expect(result.published).toBe(3);
    expect(result.missing).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^denied .*AccessDeniedException/),
        expect.stringMatching(/^empty .*no restorable point/),
      ]),
    );
    const puts = mocks.cw.commandCalls(PutMetricDataCommand);
    expect(puts).toHaveLength(1);
    const data = puts[0]!.args[0].input.MetricData!.map((d) => [d.Dimensions![0]!.Value, d.MetricName, d.Value]);
    expect(data).toEqual(
      expect.arrayContaining([
        ['media', 'RecoveryPointAgeSeconds', 600],
        ['orders', 'RecoveryPointAgeSeconds', 120],
        ['orders', 'ReplicatedBackupAgeSeconds', 900],
      ]),
    );
    expect(puts[0]!.args[0].input.Namespace).toBe('LomashWood/DR');
  });

  test('EBS assets sharing a tier vault: each measured on the volumes its dr:asset tag names', async () => {
    mocks.cw.reset();
    const vault = { by: 'vault', resourceType: 'EBS', vault: 'v-tier-1' } as const;
    const ebs: FunctionConfig = {
      namespace: 'LomashWood/DR',
      measurements: [
        {
          ...base,
          asset: 'sessions',
          metric: 'RecoveryPointAgeSeconds',
          region: 'eu-west-2',
          source: 'recovery-point',
          match: { ...vault, ambiguousWith: ['queues'] },
        },
        {
          ...base,
          asset: 'queues',
          metric: 'RecoveryPointAgeSeconds',
          region: 'eu-west-2',
          source: 'recovery-point',
          match: { ...vault, ambiguousWith: ['sessions'] },
        },
      ],
    };
    const vol = (id: string) => `arn:aws:ec2:eu-west-2:111111111111:volume/${id}`;
    mocks.backup.on(ListProtectedResourcesCommand).resolves({
      Results: ['vol-0a', 'vol-0b', 'vol-0c'].map((id) => ({
        ResourceArn: vol(id),
        ResourceType: 'EBS',
        LastBackupVaultArn: 'arn:aws:backup:eu-west-2:111111111111:backup-vault:v-tier-1',
      })),
    });
    const ages: Record<string, number> = { 'vol-0a': 3000, 'vol-0b': 1200, 'vol-0c': 60 };
    mocks.backup.on(ListRecoveryPointsByResourceCommand).callsFake((input: { ResourceArn: string }) => ({
      RecoveryPoints: [
        {
          RecoveryPointArn: `rp-${input.ResourceArn}`,
          CreationDate: ago(ages[input.ResourceArn.split('/')[1]!]!),
          Status: 'COMPLETED',
        },
      ],
    }));
    mocks.ec2.on(DescribeVolumesCommand).callsFake((input: { Filters: { Values: string[] }[] }) => ({
      Volumes: (input.Filters[0]!.Values[0] === 'sessions' ? ['vol-0a', 'vol-0b'] : ['vol-0c']).map((VolumeId) => ({
        VolumeId,
      })),
    }));
    mocks.cw.on(PutMetricDataCommand).resolves({});
    const result = await run(ebs, clients, NOW);
    expect(result).toEqual({ published: 2, missing: [] });
    const data = mocks.cw
      .commandCalls(PutMetricDataCommand)[0]!
      .args[0].input.MetricData!.map((d) => [d.Dimensions![0]!.Value, d.Value]);
    // The freshest volume of each asset: vol-0c's 1 minute never makes sessions look fresh.
    expect(data).toEqual(
      expect.arrayContaining([
        ['sessions', 1200],
        ['queues', 60],
      ]),
    );
  });

  test('a read that never answers publishes nothing for its asset by the deadline; the others are published', async () => {
    mocks.cw.reset();
    mocks.backup.reset();
    mocks.backup
      .on(ListRecoveryPointsByResourceCommand, { ResourceArn: 'arn:aws:s3:::media' })
      .resolves({ RecoveryPoints: [{ RecoveryPointArn: 'rp', CreationDate: ago(600), Status: 'COMPLETED' }] });
    mocks.backup
      .on(ListRecoveryPointsByResourceCommand, { ResourceArn: 'arn:aws:s3:::empty' })
      .callsFake(() => new Promise(() => undefined));
    mocks.cw.on(PutMetricDataCommand).resolves({});
    const slow: FunctionConfig = {
      namespace: 'LomashWood/DR',
      measurements: [config.measurements[0]!, config.measurements[4]!],
    };
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await run(slow, clients, NOW, 50);
    errors.mockRestore();
    expect(result.published).toBe(1);
    expect(result.missing).toEqual([
      expect.stringMatching(/^empty RecoveryPointAgeSeconds: Timeout: no answer within 0 s/),
    ]);
    expect(
      mocks.cw.commandCalls(PutMetricDataCommand)[0]!.args[0].input.MetricData!.map((d) => d.Dimensions![0]!.Value),
    ).toEqual(['media']);
  });
});
