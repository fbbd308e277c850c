/**
 * InstanceExperiments on small stacks: one forced-failover template per Multi-AZ database, its stop condition the
 * database's unavailability alarm for its instance RTO, reports to the reports bucket, a role that may reboot those
 * instances only; none for a database it does not build, nor a role when nothing needs one. cdk-nag's three packs
 * run on the experiments. The pure plan (lib/catalog-plan instanceExperimentOf) caps the wait at FIS's 12 hours.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { InstanceExperiments } from '../../constructs/experiments';
import { KeyRing } from '../../constructs/keys';
import { ReportsBucket } from '../../constructs/reports-bucket';
import { azExperiments, instanceExperimentOf, isMultiAzDatabase, podExperiments } from '../../lib/catalog-plan';
import { asset, baseDoc, planOf, testStacks } from './support';

function docWith(assets: Record<string, unknown>[]) {
  const doc = baseDoc();
  doc.assets = assets;
  return doc;
}

const ORDERS = asset('orders', 'postgres', '5m', '30m', { tier: 'gold' });
const KEYS = asset('keys', 'secret', '0', '5m', { tier: 'gold' });
const AUDIT = asset('audit', 'mysql', '1h', '8h', { tier: 'bronze' });

/** The web service of baseDoc with a metric health signal (so it has an RTO alarm). */
function withSignal(doc: ReturnType<typeof docWith>, rto = '10m') {
  doc.services = [
    {
      id: 'web',
      tier: 'gold',
      rpo: 'stateless',
      rto,
      notes: 'Front end.',
      owns: [],
      // A Redis asset keeps its AUTH password in a secret its clients read.
      dependsOn: doc.assets.some((a) => a.id === 'keys') ? ['keys'] : [],
      health: {
        metric: {
          namespace: 'Shop',
          name: 'Up',
          dimensions: { Service: 'web' },
          statistic: 'Minimum',
          healthy: '>= 1',
        },
      },
    },
  ];
  return doc;
}

function build(
  doc: ReturnType<typeof docWith>,
  opts: { built?: string[]; nag?: boolean; zones?: boolean; vpc?: boolean; pods?: boolean } = {},
) {
  const plan = planOf(doc);
  const { app, primary } = testStacks(plan);
  if (opts.nag)
    Validations.of(app).addPlugins(new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks());
  const naming = plan.catalog.naming;
  const keys = new KeyRing(primary, 'Keys', { naming });
  const reports = new ReportsBucket(primary, 'DrReports', {
    naming,
    keys,
    accessLogs: new s3.Bucket(primary, 'AccessLogs'),
  });
  const rtoAlarms = new Map<string, cloudwatch.IAlarm>(
    plan.catalog.services
      .filter((s) => s.health)
      .map((s) => [
        s.id,
        cloudwatch.Alarm.fromAlarmArn(
          primary,
          `${s.id}Rto`,
          `arn:aws:cloudwatch:us-east-1:222222222222:alarm:${s.id}-rto`,
        ),
      ]),
  );
  const dataVpc = opts.vpc
    ? new ec2.Vpc(primary, 'Vpc', {
        maxAzs: 2,
        natGateways: 0,
        subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      })
    : undefined;
  const experiments = new InstanceExperiments(primary, 'Experiments', {
    plan,
    naming,
    reports,
    reportsKey: keys.key('ops'),
    ...(opts.built ? { built: new Set(opts.built) } : {}),
    ...(opts.zones ? { zones: { rtoAlarms, ...(dataVpc ? { dataVpc } : {}) } } : {}),
    ...(opts.pods ? { pods: { rtoAlarms } } : {}),
  });
  return { plan, experiments, template: Template.fromStack(primary) };
}

describe('InstanceExperiments', () => {
  test('a Multi-AZ database: a forced failover of that instance by ARN, a wait of its instance RTO, failing on no target', () => {
    const { plan, template } = build(docWith([ORDERS]));
    expect(isMultiAzDatabase(plan.assets.get('orders')!)).toBe(true);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      RoleArn: 'arn:aws:iam::222222222222:role/acme-test-fis-experiments',
      Targets: {
        Database: {
          ResourceType: 'aws:rds:db',
          ResourceArns: ['arn:aws:rds:us-east-1:222222222222:db:acme-test-orders'],
          SelectionMode: 'ALL',
        },
      },
      Actions: {
        Failover: {
          ActionId: 'aws:rds:reboot-db-instances',
          Parameters: { forceFailover: 'true' },
          Targets: { DBInstances: 'Database' },
        },
        // The instance RTO is 30 minutes: the alarm needs 30 periods, the wait one more.
        Recover: { ActionId: 'aws:fis:wait', Parameters: { duration: 'PT31M' }, StartAfter: ['Failover'] },
      },
      StopConditions: [
        {
          Source: 'aws:cloudwatch:alarm',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('OrdersUnavailableAlarm'), 'Arn'] },
        },
      ],
      ExperimentOptions: { EmptyTargetResolutionMode: 'fail', AccountTargeting: 'single-account' },
      ExperimentReportConfiguration: {
        Outputs: {
          ExperimentReportS3Configuration: {
            BucketName: Match.stringLikeRegexp('dr-reports'),
            Prefix: 'experiments/orders',
          },
        },
      },
      Tags: Match.objectLike({ 'dr:asset': 'orders', 'dr:mode': 'instance', 'dr:role': 'experiment' }),
    });
  });

  test('the stop condition: no RDS datapoint for as many minutes as the instance RTO, missing data breaching, to the alerts topic', () => {
    const { template } = build(docWith([ORDERS]));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-test-orders-unavailable',
      Namespace: 'AWS/RDS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'acme-test-orders' }],
      Statistic: 'SampleCount',
      Period: 60,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 30,
      DatapointsToAlarm: 30,
      TreatMissingData: 'breaching',
      AlarmActions: ['arn:aws:sns:us-east-1:222222222222:acme-test-dr-alerts'],
      OKActions: ['arn:aws:sns:us-east-1:222222222222:acme-test-dr-alerts'],
    });
  });

  test('the role: trusted by FIS for this account, may reboot those instances only and write reports under experiments/', () => {
    const { template } = build(docWith([ORDERS, AUDIT]));
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-test-fis-experiments',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'fis.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
          }),
        ],
      },
    });
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
      JSON.stringify(p).includes('rds:RebootDBInstance'),
    );
    expect(policies).toHaveLength(1);
    const statements = (policies[0]!.Properties.PolicyDocument.Statement as Record<string, unknown>[]).map((s) => ({
      action: s.Action,
      resource: JSON.stringify(s.Resource),
    }));
    const reboot = statements.find((s) => s.action === 'rds:RebootDBInstance')!;
    expect(reboot.resource).toMatch(/db:acme-test-orders"/);
    expect(reboot.resource).toMatch(/db:acme-test-audit"/);
    expect(reboot.resource).not.toMatch(/\*/);
    const described = statements.find((s) => s.action === 'cloudwatch:DescribeAlarms')!.resource;
    expect(described).toMatch(/alarm:acme-test-orders-unavailable"/);
    expect(described).toMatch(/alarm:acme-test-audit-unavailable"/);
    expect(statements.find((s) => s.action === 's3:PutObject')!.resource).toMatch(
      /DrReportsBucket.*\/experiments\/\*"/,
    );
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 2);
  });

  test('a database it does not build gets no experiment; with none left, no role either', () => {
    const one = build(docWith([ORDERS, AUDIT]), { built: ['audit'] });
    one.template.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    one.template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Tags: Match.objectLike({ 'dr:asset': 'audit' }),
    });
    const none = build(docWith([ORDERS, asset('media', 'object-store', '15m', '1h', { tier: 'gold' })]), { built: [] });
    none.template.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    none.template.resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: 'acme-test-fis-experiments' }, 0);
    expect(none.experiments.role).toBeUndefined();
  });

  test('the plan: the wait is the RTO in whole minutes plus one, capped at the 12 hours aws:fis:wait takes', () => {
    const plan = planOf(docWith([ORDERS, AUDIT, asset('ledger', 'postgres', '5m', '13h', { tier: 'bronze' })]));
    const of = (id: string) =>
      instanceExperimentOf(
        plan.catalog.naming,
        plan.catalog.assets.find((a) => a.id === id)!,
        plan.assets.get(id)!,
      )!;
    expect([of('audit').evaluationPeriods, of('audit').waitDuration]).toEqual([480, 'PT481M']);
    expect([of('ledger').evaluationPeriods, of('ledger').waitDuration]).toEqual([780, 'PT720M']);
    expect(
      instanceExperimentOf(plan.catalog.naming, plan.catalog.assets[0]!, {
        ...plan.assets.get('orders')!,
        mechanisms: [],
      }),
    ).toBeUndefined();
  });

  test('cdk-nag (AWS Solutions, HIPAA, NIST 800-53 R5): no unacknowledged error on the experiments (instance and AZ), alarms and role', () => {
    let report = '';
    try {
      build(withSignal(docWith([ORDERS, AUDIT, asset('sessions', 'redis', '1h', '15m', { tier: 'gold' }), KEYS])), {
        nag: true,
        zones: true,
        vpc: true,
        pods: true,
      });
    } catch (e) {
      report = (e as Error).message;
    }
    const blocks = report.split(/\n\s*\n/).filter((b) => /\bERROR\b/.test(b));
    expect(blocks.length).toBeGreaterThan(0); // the packs ran: the test's own plain access-log bucket fails them
    const ours = blocks.filter((b) => /^\s+Primary\/Experiments\//m.test(b));
    expect(ours.map((b) => /Acknowledge with '([^']+)'[\s\S]*/.exec(b)?.[1] ?? b)).toEqual([]);
  });

  test("AZ mode: a template per zone — the cluster nodes, the zone's data subnet, the databases whose primary is there, the volumes — failing on no target", () => {
    const doc = withSignal(docWith([ORDERS, asset('sessions', 'redis', '1h', '15m', { tier: 'gold' }), KEYS]), '20m');
    const { template } = build(doc, { zones: true, vpc: true });
    const zoneTemplates = template.findResources('AWS::FIS::ExperimentTemplate', {
      Properties: { Tags: { 'dr:mode': 'az' } },
    });
    expect(Object.values(zoneTemplates).map((r) => r.Properties.Tags['dr:zone'])).toEqual(['us-east-1a', 'us-east-1b']);
    const a = Object.values(zoneTemplates)[0]!.Properties;
    expect(a.Tags).toEqual({
      Name: 'acme-test-az-us-east-1a',
      'dr:role': 'experiment',
      'dr:mode': 'az',
      'dr:zone': 'us-east-1a',
    });
    expect(a.ExperimentOptions).toEqual({ EmptyTargetResolutionMode: 'fail', AccountTargeting: 'single-account' });
    expect(a.Targets.Nodes).toEqual({
      ResourceType: 'aws:ec2:instance',
      ResourceTags: { 'eks:cluster-name': 'shop-prod' },
      Filters: [
        { Path: 'Placement.AvailabilityZone', Values: ['us-east-1a'] },
        { Path: 'State.Name', Values: ['running'] },
      ],
      SelectionMode: 'ALL',
    });
    // The one data subnet of the zone, by ARN.
    expect(a.Targets.Subnets.ResourceArns).toHaveLength(1);
    expect(JSON.stringify(a.Targets.Subnets.ResourceArns)).toMatch(/subnet\/.*VpcdataSubnet1/);
    expect(a.Targets.Databases).toEqual({
      ResourceType: 'aws:rds:db',
      ResourceArns: ['arn:aws:rds:us-east-1:222222222222:db:acme-test-orders'],
      Parameters: { availabilityZoneIdentifiers: 'us-east-1a' },
      SelectionMode: 'ALL',
    });
    expect(a.Targets.SessionsVolumes).toEqual({
      ResourceType: 'aws:ec2:ebs-volume',
      ResourceTags: { 'dr:asset': 'sessions' },
      Parameters: { availabilityZoneIdentifier: 'us-east-1a' },
      SelectionMode: 'ALL',
    });
    // The RTO alarm is 20 periods: the outage lasts one minute more, and the volumes stay paused as long after it.
    expect(a.Actions).toEqual({
      StopNodes: expect.objectContaining({
        ActionId: 'aws:ec2:stop-instances',
        Parameters: { startInstancesAfterDuration: 'PT21M', completeIfInstancesTerminated: 'true' },
        Targets: { Instances: 'Nodes' },
      }),
      CutSubnets: expect.objectContaining({
        ActionId: 'aws:network:disrupt-connectivity',
        Parameters: { scope: 'availability-zone', duration: 'PT21M' },
        Targets: { Subnets: 'Subnets' },
      }),
      FailoverDatabases: expect.objectContaining({
        ActionId: 'aws:rds:reboot-db-instances',
        Parameters: { forceFailover: 'true' },
        Targets: { DBInstances: 'Databases' },
      }),
      PauseSessionsVolumes: expect.objectContaining({
        ActionId: 'aws:ebs:pause-volume-io',
        Parameters: { duration: 'PT21M' },
        Targets: { Volumes: 'SessionsVolumes' },
        StartAfter: ['StopNodes'],
      }),
    });
    expect(a.StopConditions).toEqual([
      { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [expect.stringMatching(/AzStopAlarm/), 'Arn'] } },
    ]);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'acme-test-az-experiment-stop',
      AlarmRule: '(ALARM("arn:aws:cloudwatch:us-east-1:222222222222:alarm:web-rto"))',
    });
  });

  test("AZ mode, the role: stops only the cluster's instances in the catalog's zones, pauses only the assets' volumes, ACLs only in the data network", () => {
    const doc = withSignal(docWith([ORDERS, asset('sessions', 'redis', '1h', '15m', { tier: 'gold' }), KEYS]));
    const { template } = build(doc, { zones: true, vpc: true });
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) =>
      JSON.stringify(p).includes('ec2:StopInstances'),
    )!;
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    const by = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    expect(by('ec2:StopInstances')).toEqual([
      expect.objectContaining({
        Resource: 'arn:aws:ec2:us-east-1:222222222222:instance/*',
        Condition: {
          StringEquals: {
            'aws:ResourceTag/eks:cluster-name': 'shop-prod',
            'ec2:AvailabilityZone': ['us-east-1a', 'us-east-1b'],
          },
        },
      }),
    ]);
    expect(by('ec2:PauseVolumeIO')).toEqual([
      expect.objectContaining({
        Resource: 'arn:aws:ec2:us-east-1:222222222222:volume/*',
        Condition: { StringEquals: { 'aws:ResourceTag/dr:asset': ['sessions'] } },
      }),
    ]);
    expect(by('ec2:CreateNetworkAcl').map((s) => s.Condition ?? null)).toEqual([
      { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } },
      null,
    ]);
    const replace = by('ec2:ReplaceNetworkAclAssociation');
    expect(JSON.stringify(replace[0]!.Resource)).toMatch(/subnet\/.*Subnet1.*subnet\/.*Subnet2/);
    expect(replace[1]!.Condition).toEqual({ StringEquals: { 'ec2:Vpc': expect.anything() } });
    expect(JSON.stringify(by('cloudwatch:DescribeAlarms')[0]!.Resource)).toMatch(/alarm:acme-test-az-experiment-stop/);
    expect(by('kms:CreateGrant')[0]!.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    });
  });

  test('AZ mode needs a health signal to judge it: no signal, no zone template; no data network, no subnet target', () => {
    const silent = build(docWith([ORDERS]), { zones: true, vpc: true });
    silent.template.resourcePropertiesCountIs(
      'AWS::FIS::ExperimentTemplate',
      { Tags: Match.objectLike({ 'dr:mode': 'az' }) },
      0,
    );
    expect(silent.experiments.zoneSpecs).toEqual([]);
    const noVpc = build(withSignal(docWith([])), { zones: true });
    const t = Object.values(noVpc.template.findResources('AWS::FIS::ExperimentTemplate'));
    expect(t).toHaveLength(2);
    expect(Object.keys(t[0]!.Properties.Targets)).toEqual(['Nodes']);
    expect(Object.keys(t[0]!.Properties.Actions)).toEqual(['StopNodes']);
    noVpc.template.resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: 'acme-test-fis-experiments' }, 1);
  });

  test('AZ plan: the outage is the longest RTO alarm plus a minute, capped at 12 hours', () => {
    const plan = planOf(withSignal(docWith([]), '13h'));
    expect(azExperiments(plan).map((z) => [z.zone, z.outage])).toEqual([
      ['us-east-1a', 'PT720M'],
      ['us-east-1b', 'PT720M'],
    ]);
  });

  test("pods: a pod of the service and a pod of the Redis it owns deleted, stopped by the service's RTO alarm; the role gets an access entry", () => {
    const doc = withSignal(docWith([asset('sessions', 'redis', '1h', '15m', { tier: 'gold' }), KEYS]), '10m');
    const { template, experiments } = build(doc, { pods: true });
    expect(experiments.podSpecs.map((p) => [p.entry, p.kind, p.selector, p.waitDuration])).toEqual([
      ['web', 'service', 'app.kubernetes.io/name=web', 'PT11M'],
      ['sessions', 'redis', 'app.kubernetes.io/name=sessions,app.kubernetes.io/component=redis', 'PT11M'],
    ]);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: {
        Pods: {
          ResourceType: 'aws:eks:pod',
          Parameters: {
            clusterIdentifier: 'shop-prod',
            namespace: 'shop',
            selectorType: 'labelSelector',
            selectorValue: 'app.kubernetes.io/name=web',
          },
          SelectionMode: 'COUNT(1)',
        },
      },
      Actions: {
        DeletePod: {
          ActionId: 'aws:eks:pod-delete',
          Parameters: {
            kubernetesServiceAccount: 'fis-experiments',
            fisPodSecurityPolicy: 'restricted',
            fisPodLabels: '{"dr/role":"fis-experiment"}',
          },
          Targets: { Pods: 'Pods' },
        },
        Recover: { ActionId: 'aws:fis:wait', Parameters: { duration: 'PT11M' }, StartAfter: ['DeletePod'] },
      },
      StopConditions: [
        { Source: 'aws:cloudwatch:alarm', Value: 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:web-rto' },
      ],
      ExperimentOptions: { EmptyTargetResolutionMode: 'fail', AccountTargeting: 'single-account' },
      Tags: { Name: 'acme-test-web-instance', 'dr:asset': 'web', 'dr:role': 'experiment', 'dr:mode': 'instance' },
    });
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Tags: Match.objectLike({ 'dr:asset': 'sessions', 'dr:mode': 'instance' }),
      StopConditions: [
        { Source: 'aws:cloudwatch:alarm', Value: 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:web-rto' },
      ],
    });
    template.resourceCountIs('AWS::EKS::AccessEntry', 1);
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'shop-prod',
      Username: 'dr-fis-experiments',
      Type: 'STANDARD',
      AccessPolicies: Match.absent(),
    });
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0]!;
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'eks:DescribeCluster',
        Resource: 'arn:aws:eks:us-east-1:222222222222:cluster/shop-prod',
      }),
    );
  });

  test('pods: none for a service without a signal, nor for a Redis asset whose owner has none', () => {
    const doc = docWith([asset('sessions', 'redis', '1h', '15m', { tier: 'gold' }), KEYS]);
    doc.services[0]!.dependsOn = ['keys'];
    expect(podExperiments(planOf(doc))).toEqual([]);
    const { template, experiments } = build(docWith([]), { pods: true });
    expect(experiments.role).toBeUndefined();
    template.resourceCountIs('AWS::EKS::AccessEntry', 0);
  });
});
