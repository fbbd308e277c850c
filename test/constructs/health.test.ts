/**
 * HealthSignals and ReportsBucket on small stacks: a metric signal becomes an alarm on that metric for the RTO, an
 * https URL a canary (in the cluster's VPC when the URL is internal) and an alarm on its SuccessPercent; a service
 * without a signal gets neither; the databases' failover events reach the alerts topic. cdk-nag's three packs run on
 * the stack with the VPC canary, which the Lomash Wood synth (public URL) does not build.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { Alerts } from '../../constructs/alerts';
import { HealthSignals } from '../../constructs/health';
import { KeyRing } from '../../constructs/keys';
import { ReportsBucket } from '../../constructs/reports-bucket';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { asset, baseDoc, catalogOf, testStacks, planOf } from './support';

const NETWORK = { vpc: 'vpc-0123456789abcdef0', subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] };

function docWith(health: Record<string, unknown>[], network = false) {
  const doc = baseDoc();
  const env = doc.environment as { kubernetes: Record<string, unknown> };
  if (network) env.kubernetes.network = NETWORK;
  const web = doc.services[0]!;
  doc.services = [
    { ...web, ...(health[0] ? { health: health[0] } : {}), owns: ['orders'] },
    {
      id: 'api',
      tier: 'gold',
      rpo: 'stateless',
      rto: '1h',
      notes: 'API.',
      owns: [],
      dependsOn: [],
      ...(health[1] ? { health: health[1] } : {}),
    },
    { id: 'jobs', tier: 'bronze', rpo: 'stateless', rto: '30m', notes: 'No signal.', owns: [], dependsOn: [] },
  ];
  doc.assets = [asset('orders', 'postgres', '5m', '30m', { tier: 'gold' })];
  return doc;
}

function build(doc: ReturnType<typeof docWith>, nag = false) {
  const catalog = catalogOf(doc);
  const { app, primary } = testStacks(planOf(doc));
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks());
  const keys = new KeyRing(primary, 'Keys', { naming: catalog.naming });
  const topic = new Alerts(primary, 'Alerts', { naming: catalog.naming, contacts: catalog.contacts, keys }).topic;
  const logs = new s3.Bucket(primary, 'AccessLogs');
  const reports = new ReportsBucket(primary, 'DrReports', { naming: catalog.naming, keys, accessLogs: logs });
  const health = new HealthSignals(primary, 'Health', { catalog, naming: catalog.naming, topic, keys, reports });
  return { primary, health, template: Template.fromStack(primary) };
}

const metric = { namespace: 'ContainerInsights', name: 'service_number_of_running_pods', healthy: '>= 1' };

describe('HealthSignals', () => {
  test('a metric signal: an alarm on that metric, unhealthy side of its condition, for the RTO in minutes; missing data breaches', () => {
    const { template, health } = build(
      docWith([{ metric: { ...metric, dimensions: { Service: 'web' }, statistic: 'Minimum' } }, undefined as never]),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-test-web-rto',
      Namespace: 'ContainerInsights',
      MetricName: 'service_number_of_running_pods',
      Dimensions: [{ Name: 'Service', Value: 'web' }],
      Statistic: 'Minimum',
      Period: 60,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 10,
      DatapointsToAlarm: 10,
      TreatMissingData: 'breaching',
      AlarmActions: [Match.anyValue()],
      OKActions: [Match.anyValue()],
    });
    // The RTO alarm and web's SLO: three pairs of window alarms, three composites.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 3);
    template.resourceCountIs('AWS::Synthetics::Canary', 0);
    expect(health.without).toEqual(['api', 'jobs']);
  });

  test('an SLO on the signal: per burn-rate pair two M-of-N window alarms without actions, and a composite of both that notifies', () => {
    const doc = docWith([{ metric: { ...metric, dimensions: { Service: 'web' }, statistic: 'Minimum' } }]);
    doc.services[0] = { ...doc.services[0]!, sla: 99.95 };
    const { template } = build(doc);
    const windows = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((r) => r.Properties as Record<string, unknown>)
      .filter((p) => String(p.AlarmName).includes('-slo-'))
      .map((p) => [
        p.AlarmName,
        p.EvaluationPeriods,
        p.DatapointsToAlarm,
        p.ComparisonOperator,
        p.Threshold,
        p.MetricName,
        p.Period,
        p.TreatMissingData,
        p.AlarmActions ?? null,
      ]);
    expect(windows).toEqual(
      [
        ['page-1h-long', 60, 1],
        ['page-1h-short', 5, 1],
        ['page-6h-long', 360, 2],
        ['page-6h-short', 30, 1],
        ['ticket-1d-long', 1440, 3],
        ['ticket-1d-short', 120, 1],
      ].map(([slug, n, m]) => [
        `acme-test-web-slo-${slug}`,
        n,
        m,
        'LessThanThreshold',
        1,
        'service_number_of_running_pods',
        60,
        'breaching',
        null,
      ]),
    );
    const composites = template.findResources('AWS::CloudWatch::CompositeAlarm');
    const page = Object.values(composites).find((r) => r.Properties.AlarmName === 'acme-test-web-slo-page-1h')!;
    const rule = JSON.stringify(page.Properties.AlarmRule);
    expect(rule).toMatch(/ALARM\(/);
    expect(rule).toMatch(/ AND /);
    expect(rule).toMatch(/WebSlopage1hLong|WebSloPage1hLong/);
    expect(rule).toMatch(/WebSlopage1hShort|WebSloPage1hShort/);
    expect(page.Properties.AlarmActions).toHaveLength(1);
    expect(page.Properties.OKActions).toHaveLength(1);
    expect(page.Properties.Tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Value: 'slo-alarm' }),
        expect.objectContaining({ Value: 'web' }),
      ]),
    );
  });

  test('a condition "< 5" alarms at 5 or more; an RTO that is not whole minutes rounds up', () => {
    const doc = docWith([{ metric: { ...metric, name: 'Errors', healthy: '< 5' } }]);
    doc.services[0]!.rto = '90s';
    build(doc).template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5,
      EvaluationPeriods: 2,
    });
  });

  test('a public URL: a canary every minute into the reports bucket, KMS-encrypted, and an alarm on its SuccessPercent below 100', () => {
    const { template } = build(docWith([undefined as never, { url: 'https://api.acme.example/health' }]));
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      Name: 'acme-test-api',
      RuntimeVersion: 'syn-nodejs-puppeteer-13.0',
      Schedule: { Expression: 'rate(1 minute)' },
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_KMS' } },
      Code: { Handler: 'index.handler', Script: Match.stringLikeRegexp('"https://api.acme.example/health"') },
      VPCConfig: Match.absent(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-test-api-rto',
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'SuccessPercent',
      Dimensions: [{ Name: 'CanaryName', Value: 'acme-test-api' }],
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 100,
      EvaluationPeriods: 60,
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.stringLikeRegexp('dr-reports'),
      VersioningConfiguration: { Status: 'Enabled' },
    });
    // No VPC, so no network-interface permissions.
    expect(JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'))).not.toMatch(/ec2:CreateNetworkInterface/);
  });

  test("an internal URL: the canary runs in the cluster's subnets behind a group with HTTPS out only, and may manage its interfaces", () => {
    const { template } = build(docWith([{ url: 'https://web.shop.internal/health', internal: true }], true));
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      Name: 'acme-test-web',
      VPCConfig: {
        VpcId: NETWORK.vpc,
        SubnetIds: NETWORK.subnets,
        SecurityGroupIds: [Match.anyValue()],
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: NETWORK.vpc,
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }],
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['ec2:CreateNetworkInterface']), Resource: '*' }),
        ]),
      },
    });
  });

  test('cdk-nag (AWS Solutions, HIPAA, NIST 800-53 R5): no unacknowledged error on the canaries, alarms and reports bucket', () => {
    let report = '';
    try {
      build(
        docWith(
          [{ url: 'https://web.shop.internal/health', internal: true }, { url: 'https://api.acme.example/health' }],
          true,
        ),
        true,
      );
    } catch (e) {
      report = (e as Error).message;
    }
    // The report has a block per violation: the rule, the construct path, how to acknowledge it.
    const blocks = report.split(/\n\s*\n/).filter((b) => /\bERROR\b/.test(b));
    expect(blocks.length).toBeGreaterThan(0); // the packs ran: the test's own plain access-log bucket fails them
    const ours = blocks.filter((b) => /^\s+Primary\/(Health|DrReports)\//m.test(b));
    expect(ours.map((b) => /Acknowledge with '([^']+)'[\s\S]*/.exec(b)?.[1] ?? b)).toEqual([]);
  });

  test("the databases' own signal: their Multi-AZ failover events (OTH-60) go to the alerts topic", () => {
    const { template } = build(docWith([]));
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.rds'],
        'detail-type': ['RDS DB Instance Event'],
        detail: {
          EventID: ['RDS-EVENT-0013', 'RDS-EVENT-0015', 'RDS-EVENT-0049', 'RDS-EVENT-0034'],
          SourceIdentifier: [Match.stringLikeRegexp('orders')],
        },
      },
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('an internal URL without the cluster network is refused by the catalog, naming the field', () => {
    expect(() => catalogOf(docWith([{ url: 'https://web.shop.internal/health', internal: true }]))).toThrow(
      /health\.internal: got true; expected environment\.kubernetes\.network/,
    );
  });
});
