/**
 * Fault-injection experiments (issue 17, first slice: the instance mode of Multi-AZ databases). Per Multi-AZ database
 * the DR layer builds, an `AWS::FIS::ExperimentTemplate` (L1 only in aws-cdk-lib 2.276) that forces a Multi-AZ
 * failover of that one DB instance by ARN (`aws:rds:reboot-db-instances`, `forceFailover: 'true'`, FIS-1), then waits
 * as long as the database's instance RTO (`aws:fis:wait`, FIS-15) so the stop condition can judge it; the stop
 * condition is the database's unavailability alarm (no RDS metric for longer than that RTO, FIS-18), which also goes
 * to the alerts topic. `emptyTargetResolutionMode: 'fail'` (FIS-5): a template whose database is gone fails instead
 * of passing. Reports go to the DR reports bucket under `experiments/<asset>/` (FIS-14). One role runs them all,
 * allowed to reboot only these instances. Each template and alarm sit with their database's stack (a shard's, when
 * placed there); the role sits in the primary stack. Everything is addressed by name, so no stack exports to another.
 * Not here (later slices): pod and AZ experiments, `dr drill --mode`, reading results back.
 */
import { ArnFormat, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FIS, instanceExperiments, type CatalogPlan, type InstanceExperiment } from '../lib/catalog-plan';
import { alertsTopicName, fisRoleName, logicalId, reportsBucketName, TAG, type NamingContext } from '../lib/names';
import { acknowledge } from './acknowledgements';
import { ManagedRole } from './iam';
import { ReportsBucket } from './reports-bucket';
import { partsIn, type StackOf } from './shards';

export interface InstanceExperimentsProps {
  readonly plan: CatalogPlan;
  readonly naming: NamingContext;
  /** The bucket the experiment reports go to, in this construct's stack. */
  readonly reports: ReportsBucket;
  /** The key of the reports bucket (the primary Region's ops key). */
  readonly reportsKey: kms.IKey;
  /**
   * The databases the DR layer builds: only they get an experiment (an adopted database is the team's; the checker
   * reports it, DR-FIS-EXPERIMENT). @default every Multi-AZ database of the plan
   */
  readonly built?: ReadonlySet<string>;
  /** Where each asset lives (a shard's stack). @default this construct's stack */
  readonly stackOf?: StackOf;
}

export class InstanceExperiments extends Construct {
  readonly specs: readonly InstanceExperiment[];
  readonly templates: ReadonlyMap<string, fis.CfnExperimentTemplate>;
  readonly role?: ManagedRole;

  constructor(scope: Construct, id: string, props: InstanceExperimentsProps) {
    super(scope, id);
    const { naming } = props;
    this.specs = instanceExperiments(props.plan, naming).filter((e) => !props.built || props.built.has(e.asset));
    const templates = new Map<string, fis.CfnExperimentTemplate>();
    this.templates = templates;
    if (this.specs.length === 0) return;
    const stack = Stack.of(this);
    const dbArn = (s: Stack, e: InstanceExperiment) =>
      s.formatArn({
        service: 'rds',
        resource: 'db',
        resourceName: e.databaseIdentifier,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const alarmArn = (s: Stack, e: InstanceExperiment) =>
      s.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: e.alarmName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

    this.role = new ManagedRole(this, 'Role', {
      roleName: fisRoleName(naming),
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      description: "Runs the DR layer's fault-injection experiments: forced Multi-AZ failovers of its own databases",
      statements: [
        new iam.PolicyStatement({
          actions: ['rds:RebootDBInstance'],
          resources: this.specs.map((e) => dbArn(stack, e)),
        }),
        new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['cloudwatch:DescribeAlarms'],
          resources: this.specs.map((e) => alarmArn(stack, e)),
        }),
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [props.reports.bucket.arnForObjects(`${ReportsBucket.EXPERIMENT_PREFIX}/*`)],
        }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.reportsKey.keyArn] }),
      ],
    });
    const policy = this.role.policy!;
    acknowledge(
      policy,
      'AwsSolutions-IAM5',
      'FIS resolves the target instances with rds:DescribeDBInstances, a read-only call; the reboot itself is allowed on the named instances only',
      'Resource::*',
    );
    acknowledge(
      policy,
      'AwsSolutions-IAM5',
      'each experiment writes its report as new objects under the experiments/ prefix of the reports bucket',
      `Resource::<DrReportsBucket.Arn>/${ReportsBucket.EXPERIMENT_PREFIX}/*`,
    );

    for (const e of this.specs) {
      const at = props.stackOf?.(e.asset);
      const home = !at || at.stack === stack ? this : partsIn(at.stack, this.node.id);
      const homeStack = Stack.of(home);
      const alarm = this.alarm(home, e, naming);
      const template = new fis.CfnExperimentTemplate(home, `${logicalId(e.asset)}InstanceExperiment`, {
        description: `${e.asset}: forced Multi-AZ failover of ${e.databaseIdentifier}, then ${e.waitDuration.slice(2).toLowerCase()} to recover within its instance RTO (${e.rtoSeconds} s)`,
        roleArn: homeStack.formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: fisRoleName(naming),
        }),
        targets: {
          Database: { resourceType: FIS.dbInstance, resourceArns: [dbArn(homeStack, e)], selectionMode: 'ALL' },
        },
        actions: {
          Failover: {
            actionId: FIS.rebootDbInstances,
            description: 'Reboot with a forced failover to the standby in another Availability Zone',
            parameters: { forceFailover: 'true' },
            targets: { DBInstances: 'Database' },
          },
          Recover: {
            actionId: FIS.wait,
            description: 'Keep the stop condition watching for the instance RTO',
            parameters: { duration: e.waitDuration },
            startAfter: ['Failover'],
          },
        },
        stopConditions: [{ source: FIS.alarmStopCondition, value: alarm.alarmArn }],
        experimentOptions: { emptyTargetResolutionMode: 'fail', accountTargeting: 'single-account' },
        experimentReportConfiguration: {
          outputs: {
            experimentReportS3Configuration: {
              bucketName: reportsBucketName(naming),
              prefix: `${ReportsBucket.EXPERIMENT_PREFIX}/${e.asset}`,
            },
          },
        },
        tags: {
          Name: `${e.databaseIdentifier}-instance`,
          [TAG.asset]: e.asset,
          [TAG.role]: 'experiment',
          'dr:mode': 'instance',
        },
      });
      // The role must exist before a template names it (FIS checks the role when the template is created).
      if (homeStack === stack) template.node.addDependency(this.role);
      templates.set(e.asset, template);
    }
  }

  private alarm(scope: Construct, e: InstanceExperiment, naming: NamingContext): cloudwatch.Alarm {
    const homeStack = Stack.of(scope);
    const metric = new cloudwatch.Metric({
      namespace: e.metric.namespace,
      metricName: e.metric.name,
      dimensionsMap: { ...e.metric.dimensions },
      statistic: e.metric.statistic,
      period: Duration.seconds(e.metric.periodSeconds),
    });
    const alarm = new cloudwatch.Alarm(scope, `${logicalId(e.asset)}UnavailableAlarm`, {
      alarmName: e.alarmName,
      alarmDescription: `${e.asset}: ${e.databaseIdentifier} has reported no ${e.metric.name} for ${e.evaluationPeriods} consecutive minutes, longer than its instance RTO (FIS-18). The stop condition of its instance experiment; alarm and OK go to the alerts topic.`,
      metric,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      evaluationPeriods: e.evaluationPeriods,
      datapointsToAlarm: e.evaluationPeriods,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    const topic = sns.Topic.fromTopicArn(
      scope,
      `${logicalId(e.asset)}AlertsTopic`,
      homeStack.formatArn({ service: 'sns', resource: alertsTopicName(naming), arnFormat: ArnFormat.NO_RESOURCE_NAME }),
    );
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
    Tags.of(alarm).add(TAG.asset, e.asset);
    Tags.of(alarm).add(TAG.role, 'database-unavailable');
    return alarm;
  }
}
