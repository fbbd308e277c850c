/**
 * Health signals (issue 17): a CloudWatch Synthetics canary for each service whose catalog health is an https URL,
 * and for every service with a signal its RTO alarm — the signal unhealthy for longer than the RTO — which notifies
 * the alerts topic, is read back by the checker (tags dr:role=rto-alarm, dr:service) and is meant as the stop
 * condition of the service's fault-injection experiments (a later slice). Databases have their own signal: the RDS
 * failover events (OTH-60), routed to the same topic.
 */
import { Annotations, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import type { Catalog } from '../lib/catalog';
import { rtoAlarms, serviceSlos, type RtoAlarm, type ServiceSlo } from '../lib/catalog-plan';
import { canaryRoleName, databaseIdentifier, logicalId, TAG, type NamingContext } from '../lib/names';
import { acknowledge } from './acknowledgements';
import { ManagedRole } from './iam';
import type { KeyRing } from './keys';
import { ReportsBucket } from './reports-bucket';

export interface HealthSignalsProps {
  readonly catalog: Catalog;
  readonly naming: NamingContext;
  readonly topic: sns.ITopic;
  readonly keys: KeyRing;
  readonly reports: ReportsBucket;
}

/** The canary's check: one GET of the URL, healthy on a 2xx answer within the canary's timeout. */
function canaryCode(url: string): string {
  return [
    "const synthetics = require('Synthetics');",
    `const target = new URL(${JSON.stringify(url)});`,
    'exports.handler = async () =>',
    "  synthetics.executeHttpStep('health', {",
    "    hostname: target.hostname, method: 'GET', path: target.pathname + target.search,",
    "    port: Number(target.port || 443), protocol: 'https:',",
    '  }, (res) => new Promise((resolve, reject) => {',
    '    if (res.statusCode < 200 || res.statusCode > 299) reject(new Error(`HTTP ${res.statusCode}`));',
    "    res.on('data', () => undefined);",
    "    res.on('end', resolve);",
    '  }));',
    '',
  ].join('\n');
}

export class HealthSignals extends Construct {
  /** By service id. */
  readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly specs: readonly RtoAlarm[];
  /** Services that declare no health signal: no alarm, no experiment stop condition, no SLO. */
  readonly without: readonly string[];
  /** Each service's availability SLO and its burn-rate alarms (lib/catalog-plan/slo.ts). */
  readonly slos: readonly ServiceSlo[];

  constructor(scope: Construct, id: string, props: HealthSignalsProps) {
    super(scope, id);
    const { alarms: specs, without } = rtoAlarms(props.catalog, props.naming);
    this.specs = specs;
    this.without = without;
    const canaries = specs.filter((s) => s.canaryName !== undefined);
    const internal = canaries.some((s) => s.signal.kind === 'canary' && s.signal.internal);
    const role = canaries.length > 0 ? this.canaryRole(props, internal) : undefined;
    const network = internal ? this.clusterNetwork(props.catalog) : undefined;
    const alarms = new Map<string, cloudwatch.Alarm>();
    for (const spec of specs) {
      if (spec.signal.kind === 'canary')
        this.canary(spec, spec.signal.url, role!, props, spec.signal.internal ? network : undefined);
      alarms.set(spec.service, this.alarm(spec, props.topic));
    }
    this.alarms = alarms;
    this.slos = serviceSlos(props.catalog, props.naming);
    for (const slo of this.slos) this.sloAlarms(slo, props.topic);
    this.databaseEvents(props);
  }

  /**
   * The primary cluster's VPC and subnets from the catalog (no lookup), and one security group for the canaries of
   * internal URLs: HTTPS out only — to the URL, and to CloudWatch and S3 through the VPC's route (SLO-6).
   */
  private clusterNetwork(catalog: Catalog): ClusterNetwork {
    const declared = catalog.environment.kubernetes.network;
    if (!declared)
      throw new Error(
        "HealthSignals: an internal health URL needs catalog.environment.kubernetes.network (the cluster's VPC and subnets)",
      );
    const zones = catalog.environment.availabilityZones[catalog.environment.primaryRegion] ?? [];
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'ClusterVpc', { vpcId: declared.vpc, availabilityZones: [...zones] });
    const subnets = declared.subnets.map((id, i) => {
      const subnet = ec2.Subnet.fromSubnetId(this, `ClusterSubnet${i}`, id);
      // Only the canary's VpcConfig reads these subnets: nothing routes through them here.
      Annotations.of(subnet).acknowledgeWarning(
        '@aws-cdk/aws-ec2:noSubnetRouteTableId',
        'the subnet only places the canary; no route of it is read or changed',
      );
      return subnet;
    });
    const securityGroup = new ec2.SecurityGroup(this, 'CanarySecurityGroup', {
      vpc,
      description: 'Health canaries of internal URLs: HTTPS out only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'the health URL, CloudWatch and S3 over HTTPS');
    return { vpc, subnets, securityGroup };
  }

  private canaryRole(props: HealthSignalsProps, inVpc: boolean): ManagedRole {
    const stack = Stack.of(this);
    const bucket = props.reports.bucket;
    const logGroups = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/cwsyn-*`;
    const role = new ManagedRole(this, 'CanaryRole', {
      roleName: canaryRoleName(props.naming),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the health canaries: writes their artifacts, metrics and logs',
      statements: [
        new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [bucket.arnForObjects(`${ReportsBucket.CANARY_PREFIX}/*`)],
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [props.keys.key('ops').keyArn],
        }),
        new iam.PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
        }),
        new iam.PolicyStatement({
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroups],
        }),
        // A canary in a VPC runs as a Lambda function there: the network-interface actions of
        // AWSLambdaVPCAccessExecutionRole, which take no resource-level permissions.
        ...(inVpc
          ? [
              new iam.PolicyStatement({
                actions: [
                  'ec2:CreateNetworkInterface',
                  'ec2:DescribeNetworkInterfaces',
                  'ec2:DeleteNetworkInterface',
                  'ec2:AssignPrivateIpAddresses',
                  'ec2:UnassignPrivateIpAddresses',
                ],
                resources: ['*'],
              }),
            ]
          : []),
      ],
    });
    const policy = role.policy!;
    acknowledge(
      policy,
      'AwsSolutions-IAM5',
      's3:ListAllMyBuckets, cloudwatch:PutMetricData and the Lambda network-interface actions take no resource-level permissions; PutMetricData is held to the CloudWatchSynthetics namespace',
      'Resource::*',
    );
    acknowledge(
      policy,
      'AwsSolutions-IAM5',
      'each canary writes its run artifacts as new objects under the canaries/ prefix of the reports bucket',
      `Resource::<DrReportsBucket.Arn>/${ReportsBucket.CANARY_PREFIX}/*`,
    );
    acknowledge(
      policy,
      'AwsSolutions-IAM5',
      'CloudWatch Synthetics names the log group of each canary run function cwsyn-<canary>-<id>, known only after it creates them',
      `Resource::${logGroups}`,
    );
    return role;
  }

  private canary(
    spec: RtoAlarm,
    url: string,
    role: ManagedRole,
    props: HealthSignalsProps,
    network: ClusterNetwork | undefined,
  ): void {
    const canary = new synthetics.Canary(this, `${logicalId(spec.service)}Canary`, {
      canaryName: spec.canaryName!,
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline(canaryCode(url)), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(Duration.minutes(1)),
      role: role.immutable,
      artifactsBucketLocation: {
        bucket: props.reports.bucket,
        prefix: `${ReportsBucket.CANARY_PREFIX}/${spec.service}`,
      },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
      artifactS3KmsKey: props.keys.key('ops'),
      timeout: Duration.seconds(30),
      successRetentionPeriod: Duration.days(7),
      failureRetentionPeriod: Duration.days(31),
      provisionedResourceCleanup: true,
      ...(network
        ? { vpc: network.vpc, vpcSubnets: { subnets: network.subnets }, securityGroups: [network.securityGroup] }
        : {}),
    });
    Tags.of(canary).add(TAG.service, spec.service);
    Tags.of(canary).add(TAG.role, 'health-canary');
  }

  private alarm(spec: RtoAlarm, topic: sns.ITopic): cloudwatch.Alarm {
    const metric = this.metricOf(spec);
    const alarm = new cloudwatch.Alarm(this, `${logicalId(spec.service)}RtoAlarm`, {
      alarmName: spec.alarmName,
      alarmDescription: `${spec.service} unhealthy for its RTO (${spec.evaluationPeriods} consecutive minutes): the signal ${spec.metric.namespace}/${spec.metric.name} is not ${spec.healthy.op} ${spec.healthy.value}. Alarm and OK go to the alerts topic.`,
      metric,
      comparisonOperator: cloudwatch.ComparisonOperator[UPPER[spec.comparison]],
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.evaluationPeriods,
      // No data is no health: a canary that stopped, or no pod left to report.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
    Tags.of(alarm).add(TAG.service, spec.service);
    Tags.of(alarm).add(TAG.role, 'rto-alarm');
    return alarm;
  }

  /**
   * The SLO's burn-rate alarms: per pair a metric alarm per window — M of N one-minute datapoints on the unhealthy side
   * of the signal, missing data unhealthy as for the RTO alarm — and a composite alarm, in ALARM when both are, which
   * alone notifies the alerts topic (alarm and OK), so one burning window never pages.
   */
  private sloAlarms(slo: ServiceSlo, topic: sns.ITopic): void {
    const spec = slo.signal;
    const base = logicalId(slo.service);
    for (const pair of slo.alarms) {
      const pairId = `${base}Slo${logicalId(pair.slug)}`;
      const windows = (['long', 'short'] as const).map((part) => {
        const w = pair[part];
        const alarm = new cloudwatch.Alarm(this, `${pairId}${part === 'long' ? 'Long' : 'Short'}`, {
          alarmName: w.alarmName,
          alarmDescription: `${slo.service} SLO ${slo.objective} %: ${w.datapointsToAlarm} or more of the last ${w.evaluationPeriods} minutes unhealthy burn the error budget at ${pair.burnRate}× or faster (${part} window of the ${pair.slug} ${pair.severity} pair; the composite alarm ${pair.alarmName} notifies)`,
          metric: this.metricOf(spec),
          comparisonOperator: cloudwatch.ComparisonOperator[UPPER[spec.comparison]],
          threshold: spec.threshold,
          evaluationPeriods: w.evaluationPeriods,
          datapointsToAlarm: w.datapointsToAlarm,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        });
        const why = `one window of a burn-rate pair: the composite alarm ${pair.alarmName} notifies when both windows burn`;
        const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
        for (const rule of WINDOW_ALARM_RULES) acknowledge(cfn, rule, why);
        return alarm;
      });
      const composite = new cloudwatch.CompositeAlarm(this, pairId, {
        compositeAlarmName: pair.alarmName,
        alarmDescription: `${slo.service} burns its ${slo.objective} % availability SLO at ${pair.burnRate}× or faster over ${pair.longMinutes} min and ${pair.shortMinutes} min (${pair.severity}; SLO-4)`,
        alarmRule: cloudwatch.AlarmRule.allOf(
          ...windows.map((w) => cloudwatch.AlarmRule.fromAlarm(w, cloudwatch.AlarmState.ALARM)),
        ),
      });
      composite.addAlarmAction(new actions.SnsAction(topic));
      composite.addOkAction(new actions.SnsAction(topic));
      for (const r of [composite, ...windows]) {
        Tags.of(r).add(TAG.service, slo.service);
        Tags.of(r).add(TAG.role, 'slo-alarm');
      }
    }
  }

  private metricOf(spec: RtoAlarm): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: spec.metric.namespace,
      metricName: spec.metric.name,
      dimensionsMap: { ...spec.metric.dimensions },
      statistic: spec.metric.statistic,
      period: Duration.seconds(spec.metric.periodSeconds),
    });
  }

  /** RDS failover events of the app's databases (OTH-60): their own health signal, to the alerts topic. */
  private databaseEvents(props: HealthSignalsProps): void {
    const ids = props.catalog.assets
      .filter((a) => a.kind === 'postgres' || a.kind === 'mysql')
      .map((a) => databaseIdentifier(props.naming, a.id));
    if (ids.length === 0) return;
    const rule = new events.Rule(this, 'DatabaseFailoverEvents', {
      description: 'Multi-AZ failover started, completed or abandoned on a DR-managed database (OTH-60)',
      eventPattern: {
        source: ['aws.rds'],
        detailType: ['RDS DB Instance Event'],
        detail: {
          EventID: ['RDS-EVENT-0013', 'RDS-EVENT-0015', 'RDS-EVENT-0049', 'RDS-EVENT-0034'],
          SourceIdentifier: ids,
        },
      },
    });
    rule.addTarget(new targets.SnsTopic(props.topic));
  }
}

interface ClusterNetwork {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly securityGroup: ec2.SecurityGroup;
}

/** What a window alarm without actions is acknowledged for: it never notifies alone, its composite does. */
export const WINDOW_ALARM_RULES = [
  'HIPAA.Security-CloudWatchAlarmAction',
  'NIST.800.53.R5-CloudWatchAlarmAction',
  'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
] as const;

const UPPER = {
  GreaterThanOrEqualToThreshold: 'GREATER_THAN_OR_EQUAL_TO_THRESHOLD',
  GreaterThanThreshold: 'GREATER_THAN_THRESHOLD',
  LessThanThreshold: 'LESS_THAN_THRESHOLD',
  LessThanOrEqualToThreshold: 'LESS_THAN_OR_EQUAL_TO_THRESHOLD',
} as const;
