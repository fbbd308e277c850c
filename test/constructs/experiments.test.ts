/**
 * InstanceExperiments on small stacks: one forced-failover template per Multi-AZ database, its stop condition the
 * database's unavailability alarm for its instance RTO, reports to the reports bucket, a role that may reboot those
 * instances only; none for a database it does not build, nor a role when nothing needs one. cdk-nag's three packs
 * run on the experiments. The pure plan (lib/catalog-plan instanceExperimentOf) caps the wait at FIS's 12 hours.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { InstanceExperiments } from '../../constructs/experiments';
import { KeyRing } from '../../constructs/keys';
import { ReportsBucket } from '../../constructs/reports-bucket';
import { instanceExperimentOf, isMultiAzDatabase } from '../../lib/catalog-plan';
import { asset, baseDoc, planOf, testStacks } from './support';

function docWith(assets: Record<string, unknown>[]) {
  const doc = baseDoc();
  doc.assets = assets;
  return doc;
}

const ORDERS = asset('orders', 'postgres', '5m', '30m', { tier: 'gold' });
const AUDIT = asset('audit', 'mysql', '1h', '8h', { tier: 'bronze' });

function build(doc: ReturnType<typeof docWith>, opts: { built?: string[]; nag?: boolean } = {}) {
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
  const experiments = new InstanceExperiments(primary, 'Experiments', {
    plan,
    naming,
    reports,
    reportsKey: keys.key('ops'),
    ...(opts.built ? { built: new Set(opts.built) } : {}),
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

  test('cdk-nag (AWS Solutions, HIPAA, NIST 800-53 R5): no unacknowledged error on the experiments, alarms and role', () => {
    let report = '';
    try {
      build(docWith([ORDERS, AUDIT]), { nag: true });
    } catch (e) {
      report = (e as Error).message;
    }
    const blocks = report.split(/\n\s*\n/).filter((b) => /\bERROR\b/.test(b));
    expect(blocks.length).toBeGreaterThan(0); // the packs ran: the test's own plain access-log bucket fails them
    const ours = blocks.filter((b) => /^\s+Primary\/Experiments\//m.test(b));
    expect(ours.map((b) => /Acknowledge with '([^']+)'[\s\S]*/.exec(b)?.[1] ?? b)).toEqual([]);
  });
});
