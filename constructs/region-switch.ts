/**
 * The catalog's ARC Region switch plan (`AWS::ARCRegionSwitch::Plan`, no L2; ARC-1..18), rendered from the catalog
 * plan's `regionSwitch` (lib/catalog-plan region-switch.ts), in the Recovery stack so it outlives a loss of the primary
 * Region: active/passive between the two Regions, an activation workflow into the DR Region and one back, the
 * tightest Region RTO it serves as `RecoveryTimeObjectiveMinutes` (informational, ARC-1), and execution reports to a
 * bucket of the DR Region (ARC-14), which `dr audit --evidence` reads.
 *
 * Beside it: the execution role ARC assumes (ARC-17), the role a person approves the failover with (ARC-5), the
 * custom-step function (functions/region-actions) with its network reach, and their access entries on the standby
 * cluster (the primary cluster's entry is the primary stack's: an access entry is Regional).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as arc from 'aws-cdk-lib/aws-arcregionswitch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { mechanism, restoreTarget, type CatalogPlan, type PlannedStep, type SwitchPlan } from '../lib/catalog-plan';
import {
  dbParameterGroupName,
  dbSubnetGroupName,
  k8sName,
  REGION_SWITCH_REPORT_PREFIX,
  regionSwitchReportBucketName,
  roleName,
  vaultName,
  type NamingContext,
} from '../lib/names';
import { acknowledge, notAnAssetReason } from './acknowledgements';
import { functionAssetDir, functionBundle } from './functions/bundle';
import { ManagedRole } from './iam';
import type { KeyRing } from './keys';
import { scalingAccessEntry } from './standby-cluster';
import { secureBucketProps } from './secure-bucket';
import { tagProtector } from './tags';

export interface ClusterRef {
  readonly name: string;
  /** Built from the name: what IAM statements name. */
  readonly arn: string;
  /** How the plan and the access entries name it: the created cluster's attributes, else `name` and `arn`. */
  readonly ref?: { readonly name: string; readonly arn: string };
  /** The cluster resource when this stack creates it: access entries wait for it. */
  readonly resource?: IConstruct;
}

export interface RegionSwitchProps {
  readonly plan: CatalogPlan;
  readonly switchPlan: SwitchPlan;
  readonly naming: NamingContext;
  readonly keys: KeyRing;
  readonly accessLogs: s3.IBucket;
  readonly clusters: { readonly primary: ClusterRef; readonly dr: ClusterRef };
  readonly namespace: string;
  /** The DR network: where the custom-step function runs, and the restored databases' security group. */
  readonly vpc: ec2.IVpc;
  readonly functionSubnets: ec2.SubnetSelection;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  /** The standby cluster's own security group (created here): the function reaches its private API endpoint. */
  readonly clusterSecurityGroupId?: string;
  /** The role AWS Backup restores a vault copy with (the restore-testing role). */
  readonly restoreRoleArn: string;
}

/** The role the plan runs as: its name is fixed so the primary stack's access entry can name it. */
export function executionRoleName(naming: NamingContext): string {
  return roleName(naming, 'region-switch');
}

export class RegionSwitch extends Construct {
  readonly plan: arc.CfnPlan;
  readonly executionRole: iam.Role;
  readonly function: lambda.Function;
  readonly reports: s3.Bucket;

  constructor(scope: Construct, id: string, props: RegionSwitchProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { naming, switchPlan } = props;
    const { catalog } = props.plan;

    this.reports = this.reportBucket(props);
    // By name (known at synth), so the statement and its acknowledgement read the same.
    const reportObjects = `arn:aws:s3:::${regionSwitchReportBucketName(naming)}/${REGION_SWITCH_REPORT_PREFIX}/*`;
    const fn = this.customSteps(props);
    this.function = fn;
    const clusters = [props.clusters.primary, props.clusters.dr];
    const execution = new ManagedRole(this, 'ExecutionRole', {
      roleName: executionRoleName(naming),
      assumedBy: new iam.ServicePrincipal('arc-region-switch.amazonaws.com'),
      description: `Runs the ${switchPlan.name} Region switch plan (ARC-17)`,
      statements: [
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
        new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: clusters.map((c) => c.arn) }),
        new iam.PolicyStatement({
          actions: ['eks:ListAssociatedAccessPolicies'],
          resources: clusters.map((c) => accessEntries(c.arn)),
        }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [reportObjects] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
          resources: [props.keys.key('ops').keyArn],
        }),
        ...promoteStatements(props.plan, naming),
      ],
    });
    this.executionRole = execution.role;
    acknowledge(
      execution.policy!,
      'AwsSolutions-IAM5',
      'ARC writes execution reports under their prefix, with object keys it chooses (ARC-14)',
      `Resource::${reportObjects}`,
    );
    for (const c of clusters) {
      acknowledge(
        execution.policy!,
        'AwsSolutions-IAM5',
        "ARC reads the access entries of each cluster of its EKS step (ARC-17): an entry's ARN ends in an id EKS gives",
        `Resource::${accessEntries(c.arn)}`,
      );
    }

    const approver = new ManagedRole(this, 'ApproverRole', {
      roleName: roleName(naming, 'region-switch-approver'),
      // People of this account assume it (their own IAM policies decide who may): the plan's approval step names it.
      assumedBy: new iam.AccountPrincipal(stack.account),
      description: `Approves (or declines) a run of the ${switchPlan.name} Region switch plan (ARC-5)`,
    });

    this.plan = new arc.CfnPlan(this, 'Plan', {
      name: switchPlan.name,
      description: `${catalog.company}: fail over from ${naming.primaryRegion} to ${naming.drRegion} (dr-targets, issue 16)`,
      executionRole: execution.role.roleArn,
      primaryRegion: naming.primaryRegion,
      regions: [naming.primaryRegion, naming.drRegion],
      recoveryApproach: 'activePassive',
      recoveryTimeObjectiveMinutes: switchPlan.recoveryTimeObjectiveMinutes,
      reportConfiguration: {
        reportOutput: [
          {
            s3Configuration: {
              // By name, as dr audit finds it (lib/names); the plan waits for the bucket below.
              bucketPath: `${regionSwitchReportBucketName(naming)}/${REGION_SWITCH_REPORT_PREFIX}`,
              bucketOwner: stack.account,
            },
          },
        ],
      },
      workflows: [
        {
          // The API's literal (the .d.ts comment's "ACTIVATE" is not one, ARC-18).
          workflowTargetAction: 'activate',
          workflowTargetRegion: naming.drRegion,
          workflowDescription: `Activate ${naming.drRegion}: approve, restore the data, scale the workloads up`,
          steps: switchPlan.activate.map((s) => this.step(s, props, approver.role.roleArn, naming.drRegion)),
        },
        {
          workflowTargetAction: 'activate',
          workflowTargetRegion: naming.primaryRegion,
          workflowDescription: `Fail back to ${naming.primaryRegion} once its data is back (docs/aws.md, the runbook)`,
          steps: switchPlan.failback.map((s) => this.step(s, props, approver.role.roleArn, naming.primaryRegion)),
        },
      ],
    });
    this.plan.overrideLogicalId('RegionSwitchPlan');
    this.plan.node.addDependency(execution, this.reports);
    // The approver may act on this plan's runs only (a policy of its own: it names the plan, which names the role).
    const approval = new iam.ManagedPolicy(this, 'ApproverPolicy', {
      description: `Permissions of ${roleName(naming, 'region-switch-approver')}`,
      roles: [approver.role],
      statements: [
        new iam.PolicyStatement({
          actions: [
            'arc-region-switch:ApprovePlanExecutionStep',
            'arc-region-switch:GetPlan',
            'arc-region-switch:GetPlanExecution',
            'arc-region-switch:ListPlanExecutions',
            'arc-region-switch:ListPlanExecutionEvents',
          ],
          resources: [this.plan.attrArn, `${this.plan.attrArn}/*`],
        }),
      ],
    });
    acknowledge(
      approval,
      'AwsSolutions-IAM5',
      "a plan's executions are named under the plan's ARN by ARC at run time",
      'Resource::<RegionSwitchPlan.Arn>/*',
    );

    // The standby cluster: ARC's scaling policy for the plan, edit rights for the custom steps, in the app's namespace.
    const dr = props.clusters.dr;
    scalingAccessEntry(this, 'PlanAccessEntry', {
      clusterName: dr.ref?.name ?? dr.name,
      principalArn: execution.role.roleArn,
      namespace: props.namespace,
      policy: 'AmazonARCRegionSwitchScalingPolicy',
      ...(dr.resource ? { after: dr.resource } : {}),
    });
    scalingAccessEntry(this, 'FunctionAccessEntry', {
      clusterName: dr.ref?.name ?? dr.name,
      principalArn: fn.role!.roleArn,
      namespace: props.namespace,
      policy: 'AmazonEKSEditPolicy',
      ...(dr.resource ? { after: dr.resource } : {}),
    });
  }

  /** One step as CloudFormation takes it (ARC-18's literals for `executionBlockType`). */
  private step(s: PlannedStep, props: RegionSwitchProps, approver: string, target: string): arc.CfnPlan.StepProperty {
    switch (s.kind) {
      case 'approval':
        return {
          name: s.name,
          executionBlockType: 'ManualApproval',
          description: `A person approves the switch to ${target} (the tier's decide)`,
          executionBlockConfiguration: {
            executionApprovalConfig: { approvalRole: approver, timeoutMinutes: s.timeoutMinutes },
          },
        };
      case 'parallel':
        return {
          name: s.name,
          executionBlockType: 'Parallel',
          executionBlockConfiguration: {
            parallelConfig: { steps: s.steps.map((c) => this.step(c, props, approver, target)) },
          },
        };
      case 'restore-database':
      case 'start-redis':
      case 'promoted-database':
        return {
          name: s.name,
          executionBlockType: 'CustomActionLambda',
          description:
            s.kind === 'restore-database'
              ? `Restore ${s.asset} into the DR network (${s.source})`
              : s.kind === 'promoted-database'
                ? `Wait for the promotion of ${s.asset}, check its automated backups, write its endpoint`
                : `Start ${s.asset} from its newest shipped snapshot`,
          executionBlockConfiguration: {
            customActionLambdaConfig: {
              lambdas: [{ arn: this.function.functionArn, payload: JSON.stringify(payloadOf(s, props)) }],
              regionToRun: 'activatingRegion',
              retryIntervalMinutes: s.retryIntervalMinutes,
              timeoutMinutes: s.timeoutMinutes,
            },
          },
        };
      case 'promote-database':
      case 'recreate-replica': {
        const { identifier } = restoreTarget(props.plan.catalog, s.asset);
        const arn = (region: string) => `arn:aws:rds:${region}:${props.naming.account}:db:${identifier}`;
        // The same instance identifier in both Regions: the replica is named as its source (constructs/region-replica).
        const config = {
          dbInstanceArnMap: {
            [props.naming.primaryRegion]: arn(props.naming.primaryRegion),
            [props.naming.drRegion]: arn(props.naming.drRegion),
          },
          timeoutMinutes: s.timeoutMinutes,
        };
        return s.kind === 'promote-database'
          ? {
              name: s.name,
              executionBlockType: 'RdsPromoteReadReplica',
              description: `Promote the read replica of ${s.asset} in ${target}`,
              executionBlockConfiguration: { rdsPromoteReadReplicaConfig: config },
            }
          : {
              name: s.name,
              executionBlockType: 'RdsCreateCrossRegionReplica',
              description: `Make ${s.asset} a replica in ${target} again, of the instance that served meanwhile (ARC-9)`,
              // The property is `rdsCreateCrossRegionReadReplicaConfig` in the installed types (its type: RdsCreateCrossRegionReplica…).
              executionBlockConfiguration: { rdsCreateCrossRegionReadReplicaConfig: config },
            };
      }
      case 'scale-deployments': {
        const { naming, namespace, clusters } = props;
        const resource = (name: string) => ({ namespace, name, hpaName: name });
        return {
          name: s.name,
          executionBlockType: 'EKSResourceScaling',
          description: `Scale ${s.deployments.length} Deployment(s) up to the other Region's sampled 24-hour maximum (ARC-7)`,
          executionBlockConfiguration: {
            eksResourceScalingConfig: {
              kubernetesResourceType: { apiVersion: 'apps/v1', kind: 'Deployment' },
              eksClusters: [clusters.primary, clusters.dr].map((c) => ({ clusterArn: c.ref?.arn ?? c.arn })),
              scalingResources: s.deployments.map((d) => ({
                [k8sName(d.entry)]: { [naming.primaryRegion]: resource(d.name), [naming.drRegion]: resource(d.name) },
              })),
              capacityMonitoringApproach: 'sampledMaxInLast24Hours',
              targetPercent: 100,
              timeoutMinutes: s.timeoutMinutes,
            },
          },
        };
      }
    }
  }

  private reportBucket(props: RegionSwitchProps): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Reports', {
      ...secureBucketProps({
        bucketName: regionSwitchReportBucketName(props.naming),
        encryptionKey: props.keys.key('ops'),
        accessLogs: props.accessLogs,
      }),
      // Evidence counts for at most a tier's evidence validity (a year for Lomash Wood): kept a little longer.
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
    });
    const cfn = bucket.node.defaultChild as s3.CfnBucket;
    cfn.overrideLogicalId('RegionSwitchReportsBucket');
    cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    tagProtector(bucket, 'region-switch-reports');
    const reason = notAnAssetReason("the Region switch plan's execution reports, evidence read by dr audit");
    acknowledge(cfn, 'HIPAA.Security-S3BucketReplicationEnabled', reason);
    acknowledge(cfn, 'NIST.800.53.R5-S3BucketReplicationEnabled', reason);
    acknowledge(
      cfn,
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'execution reports expire on a lifecycle; Object Lock would keep them past it',
    );
    return bucket;
  }

  /** The custom-step function, in the DR network (the standby cluster's API endpoint is private). */
  private customSteps(props: RegionSwitchProps): lambda.Function {
    const { naming } = props;
    const group = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: props.vpc,
      description: 'The Region switch custom steps: HTTPS to AWS APIs and the standby cluster',
      allowAllOutbound: false,
    });
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs and the cluster API (HTTPS)');
    if (props.clusterSecurityGroupId) {
      new ec2.CfnSecurityGroupIngress(this, 'ClusterApiFromFunction', {
        groupId: props.clusterSecurityGroupId,
        sourceSecurityGroupId: group.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: 'The Region switch custom steps call the cluster API',
      });
    }
    const logGroup = new logs.LogGroup(this, 'FunctionLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.keys.key('ops'),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const dbArn = (id: string) => `arn:aws:rds:${naming.drRegion}:${naming.account}:db:${id}`;
    const restores = restoresOf(props.switchPlan.activate);
    const identifiers = restores.map((r) => restoreTarget(props.plan.catalog, r.asset).identifier);
    const promoted = promotedOf(props.switchPlan.activate).map(
      (r) => restoreTarget(props.plan.catalog, r.asset).identifier,
    );
    const kinds = [...new Set(restores.map((r) => props.plan.catalog.assets.find((a) => a.id === r.asset)!.kind))];
    const rdsArn = (resource: string) => `arn:aws:rds:${naming.drRegion}:${naming.account}:${resource}`;
    // Replicated automated backups and recovery points get their ids from AWS.
    const autoBackups = rdsArn('auto-backup:*');
    const recoveryPoints = `arn:aws:backup:${naming.drRegion}:${naming.account}:recovery-point:*`;
    const role = new ManagedRole(this, 'FunctionRole', {
      roleName: roleName(naming, 'region-switch-steps'),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'The Region switch custom steps: restore databases, scale StatefulSets, write endpoints',
      awsManagedPolicies: ['service-role/AWSLambdaVPCAccessExecutionRole'],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [props.clusters.dr.arn] }),
        // A promoted replica: read it, and turn its automated backups on should it have none (ARC-8, OTH-42).
        ...(promoted.length > 0
          ? [
              new iam.PolicyStatement({
                actions: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance'],
                resources: promoted.map(dbArn),
              }),
            ]
          : []),
        ...(identifiers.length > 0
          ? [
              new iam.PolicyStatement({
                actions: ['rds:DescribeDBInstances', 'rds:RestoreDBInstanceToPointInTime', 'rds:AddTagsToResource'],
                resources: [
                  ...identifiers.map(dbArn),
                  autoBackups,
                  rdsArn(`subgrp:${dbSubnetGroupName(naming)}`),
                  ...kinds.map((k) => rdsArn(`pg:${dbParameterGroupName(naming, k)}`)),
                ],
              }),
              new iam.PolicyStatement({
                actions: ['rds:DescribeDBInstanceAutomatedBackups'],
                resources: [autoBackups],
              }),
              new iam.PolicyStatement({ actions: ['backup:ListRecoveryPointsByResource'], resources: ['*'] }),
              new iam.PolicyStatement({
                actions: ['backup:GetRecoveryPointRestoreMetadata', 'backup:StartRestoreJob'],
                resources: [recoveryPoints],
              }),
              new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [props.restoreRoleArn] }),
              // Restoring an encrypted copy has RDS use the DR Region's rds key by a grant (RDS-42: no key is given).
              new iam.PolicyStatement({
                actions: ['kms:CreateGrant', 'kms:DescribeKey'],
                resources: [props.keys.key('rds').keyArn],
                conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
              }),
            ]
          : []),
      ],
    });
    const fn = new lambda.Function(this, 'Function', {
      // The bundle alone in its own folder (the cache folder may hold more).
      code: lambda.Code.fromAsset(functionAssetDir(functionBundle('region-actions'), {})),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(2),
      // ARC runs each step's call again after its retry interval: a few at once at most (one per parallel step).
      reservedConcurrentExecutions: 10,
      role: role.immutable,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.functionSubnets,
      securityGroups: [group],
      environment: {
        DB_SECURITY_GROUP_ID: props.databaseSecurityGroup.securityGroupId,
        CLUSTER_NAME: props.clusters.dr.name,
        NAMESPACE: props.namespace,
        RESTORE_ROLE_ARN: props.restoreRoleArn,
      },
      description: 'Custom steps of the Region switch plan (restore databases, start StatefulSets)',
    });
    const cfn = fn.node.defaultChild as lambda.CfnFunction;
    const synchronous =
      'ARC invokes the step synchronously and runs it again after its retry interval; no event is lost';
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) acknowledge(cfn, `${pack}-LambdaDLQ`, synchronous);
    acknowledge(
      role.role,
      'AwsSolutions-IAM4',
      'AWSLambdaVPCAccessExecutionRole: the network interfaces of a function in a VPC',
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
    );
    if (identifiers.length > 0) {
      const ids = 'replicated automated backups and recovery points get their ids from AWS when they are made';
      acknowledge(role.policy!, 'AwsSolutions-IAM5', ids, `Resource::${autoBackups}`);
      acknowledge(role.policy!, 'AwsSolutions-IAM5', ids, `Resource::${recoveryPoints}`);
      acknowledge(
        role.policy!,
        'AwsSolutions-IAM5',
        'backup:ListRecoveryPointsByResource takes no resource-level permission; it lists what AWS Backup holds of a source',
        'Resource::*',
      );
    }
    return fn;
  }
}

/** Every access entry of a cluster, by its ARN: `…:access-entry/<cluster>/*`. */
function accessEntries(clusterArn: string): string {
  return `${clusterArn.replace(':cluster/', ':access-entry/')}/*`;
}

/** The promoted-database steps of a workflow, nested ones included. */
function promotedOf(steps: readonly PlannedStep[]): Extract<PlannedStep, { kind: 'promoted-database' }>[] {
  return steps.flatMap((s) =>
    s.kind === 'promoted-database' ? [s] : s.kind === 'parallel' ? promotedOf(s.steps) : [],
  );
}

/** The restore steps of a workflow, nested ones included. */
function restoresOf(steps: readonly PlannedStep[]): Extract<PlannedStep, { kind: 'restore-database' }>[] {
  return steps.flatMap((s) => (s.kind === 'restore-database' ? [s] : s.kind === 'parallel' ? restoresOf(s.steps) : []));
}

/** A custom step's payload: literal JSON the checker reads back (docs/artifacts.md). */
function payloadOf(
  s: Extract<PlannedStep, { kind: 'restore-database' | 'start-redis' | 'promoted-database' }>,
  props: RegionSwitchProps,
) {
  const { catalog } = props.plan;
  const asset = catalog.assets.find((a) => a.id === s.asset)!;
  if (s.kind === 'start-redis') {
    return { action: 'scale-statefulset', asset: s.asset, name: k8sName(s.asset), replicas: s.replicas };
  }
  if (s.kind === 'promoted-database') {
    return {
      action: 'promoted-database',
      asset: s.asset,
      identifier: restoreTarget(catalog, s.asset).identifier,
      retentionDays: s.retentionDays,
    };
  }
  const target = restoreTarget(catalog, s.asset);
  const p = props.plan.assets.get(s.asset)!;
  return {
    action: 'restore-database',
    asset: s.asset,
    tier: asset.tier,
    identifier: target.identifier,
    engine: asset.kind,
    source: s.source,
    sourceArn: target.sourceArn,
    subnetGroup: target.dbSubnetGroupName,
    parameterGroup: target.dbParameterGroupName,
    multiAz: mechanism(p, 'rds-multi-az-instance') !== undefined,
    ...(s.source === 'vault-copy' ? { vault: vaultName(props.naming, asset.tier) } : {}),
  };
}

/** ARC's promote and create-replica blocks (ARC-17): describe, promote, create and modify the replicas. */
function promoteStatements(plan: CatalogPlan, naming: NamingContext): iam.PolicyStatement[] {
  const promoted = [...plan.assets.values()].filter((p) => mechanism(p, 'rds-read-replica'));
  if (promoted.length === 0) return [];
  const arns = promoted.flatMap((p) =>
    [naming.primaryRegion, naming.drRegion].map(
      (r) => `arn:aws:rds:${r}:${naming.account}:db:${restoreTarget(plan.catalog, p.id).identifier}`,
    ),
  );
  return [
    new iam.PolicyStatement({
      actions: [
        'rds:DescribeDBInstances',
        'rds:PromoteReadReplica',
        'rds:CreateDBInstanceReadReplica',
        'rds:ModifyDBInstance',
      ],
      resources: arns,
    }),
  ];
}
