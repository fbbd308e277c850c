/**
 * Recovery point age, measured and alarmed (issue 6): a scheduled function publishes `RecoveryPointAgeSeconds` per
 * asset (and `ReplicatedBackupAgeSeconds` per replicated RDS instance); one alarm per figure, whose threshold is what
 * the model says the configuration achieves (plus one measuring interval when that figure is not a hard bound, see
 * `alarmThresholdSeconds`), notifies the topic. Missing data is breaching: a function that stops measuring raises
 * every alarm rather than none.
 *
 * Self-contained: give it the plan, the naming (with the deployed account) and a topic.
 */
import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { humanDuration } from '../lib/catalog';
import { recoveryPointAgeConfig } from '../lib/catalog-plan';
import { CONFIG_FILE, type Measurement } from '../lib/measurement';
import { logicalId, type NamingContext } from '../lib/names';
import type { CatalogPlan } from '../lib/catalog-plan';
import { acknowledge } from './acknowledgements';
import { functionAssetDir, functionBundle } from './functions/bundle';
import { partsIn, type StackOf } from './shards';

export interface RecoveryPointAlarmsProps {
  readonly plan: CatalogPlan;
  /** Names as deployed: its account builds the ARNs the function reads. */
  readonly naming: NamingContext;
  /** Alarms and their return to OK notify this topic (the catalog's contacts subscribe to it). */
  readonly topic: sns.ITopic;
  /**
   * How often the function measures. Each alarm looks at two of these periods, so one late run does not raise it.
   * @default Duration.minutes(15)
   */
  readonly schedule?: Duration;
  /**
   * Encrypts the function's log group. Its key policy must let `logs.<region>.amazonaws.com` use it (the Region's ops key
   * does).
   * @default - CloudWatch Logs' own encryption, which cdk-nag (HIPAA, NIST 800-53) and cfn-guard report
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * The stack of each asset's resources: an asset's alarms live there (same ids, in a `RecoveryPointAlarms` construct of
   * a shard stack), so this stack does not grow with the assets in shards. @default - every alarm in this stack
   */
  readonly stackOf?: StackOf;
}

/**
 * The age an alarm allows. A `worst` figure is a hard bound: an age above it means the configuration stopped working.
 * A `typical` or `sla` figure is exceeded now and then by its own definition (RDS-2: "typically within the last five
 * minutes"), and with missing data breaching, an alarm at it would flap. Those alarms allow one measuring interval
 * more: an alarm margin, not a fact, so the model's figure stays what the posture and the audit use.
 */
export function alarmThresholdSeconds(m: Pick<Measurement, 'figureSeconds' | 'bound'>, schedule: Duration): number {
  return m.bound === 'worst' ? m.figureSeconds : m.figureSeconds + schedule.toSeconds();
}

export class RecoveryPointAlarms extends Construct {
  readonly function: lambda.Function;
  /** By `<asset>/<metric>`. */
  readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;
  /** Assets the model gives no figure for: no alarm is made for them (the posture shows why). */
  readonly skipped: readonly { readonly asset: string; readonly reason: string }[];

  constructor(scope: Construct, id: string, props: RecoveryPointAlarmsProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    if (Token.isUnresolved(account) || account !== props.naming.account) {
      throw new Error(
        `RecoveryPointAlarms: the stack's account (${account}) must be concrete and equal \`naming.account\` (${props.naming.account})`,
      );
    }
    const schedule = props.schedule ?? Duration.minutes(15);
    const { config, skipped } = recoveryPointAgeConfig(props.plan, props.naming);
    this.skipped = skipped;

    // The measurements travel with the code: environment variables stop at 4 KB.
    const assetDir = functionAssetDir(functionBundle('recovery-point-age'), {
      [CONFIG_FILE]: `${JSON.stringify(config, null, 2)}\n`,
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      ...(props.logEncryptionKey ? { encryptionKey: props.logEncryptionKey } : {}),
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Reads AWS Backup and RDS backup state and publishes recovery point ages',
    });
    this.function = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(assetDir),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(5),
      // One run at a time: the schedule never needs two, and a stuck run must not pile up more.
      reservedConcurrentExecutions: 1,
      role,
      logGroup,
      description: `Publishes ${config.namespace} recovery point ages every ${humanDuration(schedule.toSeconds())}`,
    });
    this.grant(role, logGroup, config.namespace, config.measurements);
    const noData =
      'a failed run publishes nothing, and every alarm treats missing data as breaching: the alarms are the failure signal';
    const apisOnly =
      'the function calls only AWS APIs (AWS Backup, RDS, EC2, CloudWatch) and reaches no resource inside a VPC';
    const fn = this.function.node.defaultChild as lambda.CfnFunction;
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      acknowledge(fn, `${pack}-LambdaDLQ`, noData);
      acknowledge(fn, `${pack}-LambdaInsideVPC`, apisOnly);
    }
    acknowledge(fn, 'cdk-validator-cfnguard::lambda_inside_vpc_check', apisOnly);

    new events.Rule(this, 'Schedule', {
      description: 'Measures recovery point ages',
      schedule: events.Schedule.rate(schedule),
      targets: [new targets.LambdaFunction(this.function)],
    });

    const notify = new actions.SnsAction(props.topic);
    const alarms = new Map<string, cloudwatch.Alarm>();
    for (const m of config.measurements) {
      const at = props.stackOf?.(m.asset);
      const scope = !at || at.stack === Stack.of(this) ? this : partsIn(at.stack, this.node.id);
      const alarm = this.alarm(scope, m, config.namespace, schedule);
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      alarms.set(`${m.asset}/${m.metric}`, alarm);
    }
    this.alarms = alarms;
  }

  private alarm(scope: Construct, m: Measurement, namespace: string, schedule: Duration): cloudwatch.Alarm {
    const metric = new cloudwatch.Metric({
      namespace,
      metricName: m.metric,
      dimensionsMap: { Asset: m.asset },
      statistic: 'Maximum',
      period: Duration.seconds(schedule.toSeconds() * 2),
    });
    const what =
      m.metric === 'RecoveryPointAgeSeconds' ? 'newest restorable point' : 'newest replicated automated backup';
    const threshold = alarmThresholdSeconds(m, schedule);
    const achieves = `what the configuration achieves (${m.basis})`;
    const why =
      threshold === m.figureSeconds
        ? `, ${achieves}`
        : `: ${humanDuration(m.figureSeconds)}, ${achieves}, plus one ${humanDuration(schedule.toSeconds())} measuring interval, since a ${m.bound} figure is sometimes exceeded`;
    return metric.createAlarm(scope, `${logicalId(m.asset)}${m.metric.replace(/Seconds$/, '')}`, {
      alarmDescription: `${m.asset}: the ${what} in ${m.region} is older than ${humanDuration(threshold)}${why}. No data counts as breaching.`,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  private grant(
    role: iam.Role,
    logGroup: logs.LogGroup,
    namespace: string,
    measurements: readonly Measurement[],
  ): void {
    const stack = Stack.of(this);
    const identifiers = [
      ...new Set(measurements.filter((m) => m.source === 'latest-restorable-time').map((m) => m.databaseIdentifier!)),
    ];
    const statements = [
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({
        actions: ['backup:ListRecoveryPointsByResource', 'backup:ListProtectedResources'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({ actions: ['rds:DescribeDBInstanceAutomatedBackups'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
      }),
      // EBS assets sharing a tier vault are told apart by their volumes' dr:asset tags.
      ...(measurements.some((m) => m.match.by === 'vault' && m.match.ambiguousWith.length > 0)
        ? [new iam.PolicyStatement({ actions: ['ec2:DescribeVolumes'], resources: ['*'] })]
        : []),
      ...(identifiers.length > 0
        ? [
            new iam.PolicyStatement({
              actions: ['rds:DescribeDBInstances'],
              resources: identifiers.map((id) =>
                stack.formatArn({
                  service: 'rds',
                  resource: 'db',
                  resourceName: id,
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                }),
              ),
            }),
          ]
        : []),
    ];
    const policy = new iam.ManagedPolicy(this, 'Policy', { statements, roles: [role] });
    // The first scheduled run must find its permissions in place.
    this.function.node.addDependency(policy);
    const why =
      'these list and describe actions (and PutMetricData, narrowed by namespace) take no resource-level permissions';
    acknowledge(policy, 'AwsSolutions-IAM5', why, 'Resource::*');
  }
}
