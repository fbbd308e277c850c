/**
 * Fault-injection experiments (issue 17). One role runs them all (`<prefix>-fis-experiments`, in the primary stack).
 *
 * - Instance mode of a Multi-AZ database the DR layer builds: an `AWS::FIS::ExperimentTemplate` (L1 only in
 *   aws-cdk-lib 2.276) that forces a Multi-AZ failover of that one DB instance by ARN (`aws:rds:reboot-db-instances`,
 *   `forceFailover: 'true'`, FIS-1), then waits as long as the database's instance RTO (`aws:fis:wait`, FIS-15) so the
 *   stop condition can judge it; the stop condition is the database's unavailability alarm (no RDS metric for longer
 *   than that RTO, FIS-18), which also goes to the alerts topic. Each template and alarm sit with their database's stack
 *   (a shard's, when placed there).
 * - AZ mode, one template per zone of the primary Region (lib/catalog-plan `azExperiments`): the primary cluster's
 *   nodes in the zone stopped and restarted after the outage, the data network's subnets of the zone cut off from the
 *   other zones, the Multi-AZ databases whose primary is in the zone failed over, then the cluster's volumes of the
 *   catalog's assets in the zone paused; stopped by one composite alarm over the services' RTO alarms (HealthSignals).
 *
 * Every template fails on an empty target (`emptyTargetResolutionMode: 'fail'`, FIS-5) instead of passing having
 * injected nothing, and reports to the DR reports bucket under `experiments/` (FIS-14). Everything is addressed by
 * name, so no stack exports to another. Tags (`dr:role=experiment`, `dr:mode`, `dr:asset` or `dr:zone`) are how
 * `dr drill --mode` and the checker find a template.
 */
import { ArnFormat, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  azExperiments,
  EKS_CLUSTER_TAG,
  FIS,
  instanceExperiments,
  podExperiments,
  type AzExperiment,
  type CatalogPlan,
  type InstanceExperiment,
  type PodExperiment,
} from '../lib/catalog-plan';
import {
  alertsTopicName,
  EXPERIMENT_TAG,
  experimentName,
  FIS_K8S,
  fisRoleName,
  logicalId,
  reportsBucketName,
  TAG,
  type NamingContext,
} from '../lib/names';
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
  /**
   * The zone experiments (AZ mode): the services' RTO alarms they stop on (HealthSignals `alarms`, by service id; none:
   * no zone experiment) and the data network whose subnets they cut.
   * @default - no zone experiment
   */
  readonly zones?: {
    readonly rtoAlarms: ReadonlyMap<string, cloudwatch.IAlarm>;
    /** The databases' VPC (its isolated subnets, one per zone). @default - no subnet is cut */
    readonly dataVpc?: ec2.IVpc;
  };
  /**
   * The pod experiments (instance mode of the services and Redis assets): the services' RTO alarms they stop on, by
   * service id. With any, the FIS role gets an access entry on the primary cluster (the user the manifests' RoleBinding
   * names, FIS-8).
   * @default - no pod experiment
   */
  readonly pods?: { readonly rtoAlarms: ReadonlyMap<string, cloudwatch.IAlarm> };
}

/** The EC2 read calls FIS makes to resolve the zone experiments' targets (FIS-11, FIS-12), which take no resource. */
/**
 * What every experiment template here shares: it stops on `stop` (its fail signal too), fails instead of passing when a
 * target resolves to nothing (FIS-5), and writes its report to the DR reports bucket under `experiments/<subject>`.
 */
function runSettings(
  naming: NamingContext,
  stop: cloudwatch.IAlarm,
  subject: string,
): Pick<fis.CfnExperimentTemplateProps, 'stopConditions' | 'experimentOptions' | 'experimentReportConfiguration'> {
  return {
    stopConditions: [{ source: FIS.alarmStopCondition, value: stop.alarmArn }],
    experimentOptions: { emptyTargetResolutionMode: 'fail', accountTargeting: 'single-account' },
    experimentReportConfiguration: {
      outputs: {
        experimentReportS3Configuration: {
          bucketName: reportsBucketName(naming),
          prefix: `${ReportsBucket.EXPERIMENT_PREFIX}/${subject}`,
        },
      },
    },
  };
}

const EC2_READS = [
  'ec2:DescribeInstances',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeManagedPrefixLists',
  'ec2:GetManagedPrefixListEntries',
  'ec2:DescribeVolumes',
];

export class InstanceExperiments extends Construct {
  readonly specs: readonly InstanceExperiment[];
  readonly templates: ReadonlyMap<string, fis.CfnExperimentTemplate>;
  /** AZ mode: the zone experiments, by zone name. */
  readonly zoneSpecs: readonly AzExperiment[];
  readonly zoneTemplates: ReadonlyMap<string, fis.CfnExperimentTemplate>;
  /** Instance mode of the services and Redis assets: pod deletions, by entry id. */
  readonly podSpecs: readonly PodExperiment[];
  readonly podTemplates: ReadonlyMap<string, fis.CfnExperimentTemplate>;
  /** The FIS role's access entry on the primary cluster, when there is a pod experiment. */
  readonly accessEntry?: eks.CfnAccessEntry;
  readonly role?: ManagedRole;

  constructor(scope: Construct, id: string, props: InstanceExperimentsProps) {
    super(scope, id);
    const { naming } = props;
    this.specs = instanceExperiments(props.plan, naming).filter((e) => !props.built || props.built.has(e.asset));
    const templates = new Map<string, fis.CfnExperimentTemplate>();
    this.templates = templates;
    const zoneTemplates = new Map<string, fis.CfnExperimentTemplate>();
    this.zoneTemplates = zoneTemplates;
    const stack = Stack.of(this);
    const zoned = props.zones && props.zones.rtoAlarms.size > 0;
    this.zoneSpecs = zoned ? azExperiments(props.plan, naming, new Set(this.specs.map((e) => e.asset))) : [];
    const podTemplates = new Map<string, fis.CfnExperimentTemplate>();
    this.podTemplates = podTemplates;
    this.podSpecs = props.pods ? podExperiments(props.plan, naming) : [];
    if (this.specs.length === 0 && this.zoneSpecs.length === 0 && this.podSpecs.length === 0) return;
    const dbArn = (s: Stack, e: { databaseIdentifier: string }) =>
      s.formatArn({
        service: 'rds',
        resource: 'db',
        resourceName: e.databaseIdentifier,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const alarmArn = (s: Stack, name: string) =>
      s.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const az = this.zoneSpecs[0];
    const zoneSubnets = (zone: string) =>
      (props.zones?.dataVpc?.isolatedSubnets ?? []).filter((sn) => sn.availabilityZone === zone);
    const ec2Arn = (resource: string, name = '*') => stack.formatArn({ service: 'ec2', resource, resourceName: name });

    const statements = [
      new iam.PolicyStatement({
        actions: ['rds:RebootDBInstance'],
        resources: this.specs.map((e) => dbArn(stack, e)),
      }),
      new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['cloudwatch:DescribeAlarms'],
        resources: [
          ...this.specs.map((e) => alarmArn(stack, e.alarmName)),
          ...(az ? [alarmArn(stack, az.stopAlarmName)] : []),
          ...[...new Set(this.podSpecs.map((p) => p.alarm.alarmName))].map((n) => alarmArn(stack, n)),
        ],
      }),
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.reports.bucket.arnForObjects(`${ReportsBucket.EXPERIMENT_PREFIX}/*`)],
      }),
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.reportsKey.keyArn] }),
      ...(az ? this.zoneStatements(az, props, zoneSubnets, ec2Arn) : []),
      ...(this.podSpecs.length > 0 ? this.podStatements(this.podSpecs[0]!.cluster, !az) : []),
    ].filter((st) => st.resources.length > 0);
    this.role = new ManagedRole(this, 'Role', {
      roleName: fisRoleName(naming),
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      description:
        "Runs the DR layer's fault-injection experiments: forced Multi-AZ failovers of its own databases, pod deletions in the primary cluster, and zone outages of the cluster's nodes, the data network's subnets and the cluster's volumes",
      statements,
    });
    const policy = this.role.policy!;
    acknowledge(
      policy,
      'AwsSolutions-IAM5',
      az || this.podSpecs.length > 0
        ? "FIS resolves targets with read calls that take no resource (rds:DescribeDBInstances, the EC2 Describe calls, tag:GetResources), and for zone experiments creates KMS grants through EC2 only, for AWS resources, on the cluster's encrypted node volumes whose keys are the cluster's (FIS-12); every call that changes a resource names it or is conditioned on its tags"
        : 'FIS resolves the target instances with rds:DescribeDBInstances, a read-only call; the reboot itself is allowed on the named instances only',
      'Resource::*',
    );
    if (az) {
      const zones = this.zoneSpecs.map((z) => z.zone).join(', ');
      acknowledge(
        policy,
        'AwsSolutions-IAM5',
        `the zone experiments stop and start only instances tagged ${EKS_CLUSTER_TAG}=${az.cluster} in ${zones}: the nodes come and go, so no ARN can name them`,
        `Resource::${ec2Arn('instance')}`,
      );
      if (az.volumeAssets.length > 0)
        acknowledge(
          policy,
          'AwsSolutions-IAM5',
          `the zone experiments pause only volumes tagged ${TAG.asset} with ${az.volumeAssets.join(', ')}: the cluster creates them, so no ARN can name them`,
          `Resource::${ec2Arn('volume')}`,
        );
      if (props.zones?.dataVpc)
        acknowledge(
          policy,
          'AwsSolutions-IAM5',
          'disrupt-connectivity creates its own network ACLs (tagged managedByFIS at creation, in the data network only): no ARN exists before the call',
          `Resource::${ec2Arn('network-acl')}`,
        );
    }
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
        ...runSettings(naming, alarm, e.asset),
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

    if (this.podSpecs.length > 0) {
      // The FIS role as a Kubernetes user of the primary cluster (not this app's: its authentication mode must admit
      // access entries, EKS-5). No access policy: the manifests' Role and RoleBinding grant what FIS needs (FIS-8).
      this.accessEntry = new eks.CfnAccessEntry(this, 'AccessEntry', {
        clusterName: this.podSpecs[0]!.cluster,
        principalArn: this.role.role.roleArn,
        username: FIS_K8S.user,
        type: 'STANDARD',
      });
      for (const p of this.podSpecs) {
        const alarm = props.pods!.rtoAlarms.get(p.alarm.service);
        if (!alarm) throw new Error(`InstanceExperiments: \`pods.rtoAlarms\` has no RTO alarm of '${p.alarm.service}'`);
        const template = this.podTemplate(p, alarm, naming);
        template.node.addDependency(this.role, this.accessEntry);
        podTemplates.set(p.entry, template);
      }
    }

    if (az) {
      const stop = this.zoneStopAlarm(az, props.zones!.rtoAlarms);
      for (const z of this.zoneSpecs) {
        const template = this.zoneTemplate(z, stop, zoneSubnets(z.zone), dbArn, ec2Arn, naming);
        template.node.addDependency(this.role);
        zoneTemplates.set(z.zone, template);
      }
    }
  }

  /**
   * The zone experiments' permissions (FIS-11, FIS-12, FIS-1): stop and start only the primary cluster's instances
   * (the `eks:cluster-name` tag) in the catalog's zones; the network ACL calls of disrupt-connectivity on ACLs FIS
   * creates and tags `managedByFIS` in the data network's VPC, associated with its subnets only; pause only the
   * volumes of the catalog's assets (their `dr:asset` tag); a KMS grant through EC2 for the nodes' encrypted volumes,
   * whose keys are the cluster's (FIS-12); the read calls FIS resolves targets with.
   */
  private zoneStatements(
    az: AzExperiment,
    props: InstanceExperimentsProps,
    zoneSubnets: (zone: string) => ec2.ISubnet[],
    ec2Arn: (resource: string, name?: string) => string,
  ): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const vpc = props.zones?.dataVpc;
    const subnets = this.zoneSpecs.flatMap((z) => zoneSubnets(z.zone));
    const acl = ec2Arn('network-acl');
    const managed = { 'aws:RequestTag/managedByFIS': 'true' };
    const out = [
      new iam.PolicyStatement({
        actions: ['ec2:StopInstances', 'ec2:StartInstances'],
        resources: [ec2Arn('instance')],
        conditions: {
          StringEquals: {
            [`aws:ResourceTag/${EKS_CLUSTER_TAG}`]: az.cluster,
            'ec2:AvailabilityZone': this.zoneSpecs.map((z) => z.zone),
          },
        },
      }),
      new iam.PolicyStatement({ actions: [...EC2_READS, 'tag:GetResources'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `ec2.${stack.region}.amazonaws.com` },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }),
    ];
    if (az.volumeAssets.length > 0)
      out.push(
        new iam.PolicyStatement({
          actions: ['ec2:PauseVolumeIO'],
          resources: [ec2Arn('volume')],
          conditions: { StringEquals: { [`aws:ResourceTag/${TAG.asset}`]: [...az.volumeAssets] } },
        }),
      );
    if (vpc && subnets.length > 0) {
      const vpcArn = ec2Arn('vpc', vpc.vpcId);
      out.push(
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkAcl'],
          resources: [acl],
          conditions: { StringEquals: managed },
        }),
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAcl'], resources: [vpcArn] }),
        new iam.PolicyStatement({
          actions: ['ec2:CreateTags'],
          resources: [acl],
          conditions: { StringEquals: { ...managed, 'ec2:CreateAction': 'CreateNetworkAcl' } },
        }),
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
          resources: [acl, vpcArn],
          conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } },
        }),
        new iam.PolicyStatement({
          actions: ['ec2:ReplaceNetworkAclAssociation'],
          resources: subnets.map((sn) => ec2Arn('subnet', sn.subnetId)),
        }),
        new iam.PolicyStatement({
          actions: ['ec2:ReplaceNetworkAclAssociation'],
          resources: [acl],
          conditions: { StringEquals: { 'ec2:Vpc': vpcArn } },
        }),
      );
    }
    return out;
  }

  /**
   * The pod experiments' permissions (FIS-AR, aws:eks:pod-delete): describe the primary cluster; the subnets read
   * (ec2:DescribeSubnets) and tag:GetResources take no resource (with zone experiments, already granted there).
   */
  private podStatements(cluster: string, reads: boolean): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    return [
      new iam.PolicyStatement({
        actions: ['eks:DescribeCluster'],
        resources: [stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: cluster })],
      }),
      ...(reads
        ? [new iam.PolicyStatement({ actions: ['ec2:DescribeSubnets', 'tag:GetResources'], resources: ['*'] })]
        : []),
    ];
  }

  /**
   * One pod of a service (or of a Redis asset) deleted, then a wait as long as the RTO alarm's periods and one more;
   * stopped by that alarm (FIS-6, FIS-9, FIS-15). FIS picks the pod among those the label selector matches.
   */
  private podTemplate(p: PodExperiment, alarm: cloudwatch.IAlarm, naming: NamingContext): fis.CfnExperimentTemplate {
    const stack = Stack.of(this);
    const what =
      p.kind === 'redis'
        ? `one Redis pod of ${p.entry} (any: Sentinel moves the primary, FIS-24)`
        : `one pod of ${p.entry}`;
    return new fis.CfnExperimentTemplate(this, `${logicalId(p.entry)}PodExperiment`, {
      description: `${p.entry}: delete ${what}, then ${p.waitDuration.slice(2).toLowerCase()} for ${p.alarm.service} to stay within its RTO (${p.alarm.rtoSeconds} s)`,
      roleArn: stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: fisRoleName(naming) }),
      targets: {
        Pods: {
          resourceType: FIS.pod,
          parameters: {
            clusterIdentifier: p.cluster,
            namespace: p.namespace,
            selectorType: 'labelSelector',
            selectorValue: p.selector,
          },
          selectionMode: 'COUNT(1)',
        },
      },
      actions: {
        DeletePod: {
          actionId: FIS.podDelete,
          description: `Delete ${what} through the Kubernetes API, with its own grace period`,
          parameters: {
            kubernetesServiceAccount: FIS_K8S.serviceAccount,
            fisPodSecurityPolicy: 'restricted',
            fisPodLabels: JSON.stringify({ [FIS_K8S.podLabel.key]: FIS_K8S.podLabel.value }),
          },
          targets: { Pods: 'Pods' },
        },
        Recover: {
          actionId: FIS.wait,
          description: `Keep the stop condition watching for ${p.alarm.service}'s RTO`,
          parameters: { duration: p.waitDuration },
          startAfter: ['DeletePod'],
        },
      },
      ...runSettings(naming, alarm, p.entry),
      tags: {
        Name: p.name,
        [TAG.asset]: p.entry,
        [TAG.role]: 'experiment',
        [EXPERIMENT_TAG.mode]: 'instance',
      },
    });
  }

  /** Any service past its RTO: the zone experiments' stop condition and fail signal (one composite alarm, FIS-22). */
  private zoneStopAlarm(
    az: AzExperiment,
    rtoAlarms: ReadonlyMap<string, cloudwatch.IAlarm>,
  ): cloudwatch.CompositeAlarm {
    const alarms = az.rtoAlarms.map((a) => {
      const alarm = rtoAlarms.get(a.service);
      if (!alarm) throw new Error(`InstanceExperiments: \`zones.rtoAlarms\` has no RTO alarm of '${a.service}'`);
      return alarm;
    });
    const stop = new cloudwatch.CompositeAlarm(this, 'AzStopAlarm', {
      compositeAlarmName: az.stopAlarmName,
      alarmDescription: `A service has been unhealthy for longer than its RTO (any of ${alarms.length} RTO alarms): the stop condition and fail signal of the zone experiments. Each RTO alarm notifies the alerts topic itself.`,
      alarmRule: cloudwatch.AlarmRule.anyOf(
        ...alarms.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM)),
      ),
    });
    Tags.of(stop).add(TAG.role, 'experiment-stop');
    return stop;
  }

  private zoneTemplate(
    z: AzExperiment,
    stop: cloudwatch.IAlarm,
    subnets: readonly ec2.ISubnet[],
    dbArn: (s: Stack, e: { databaseIdentifier: string }) => string,
    ec2Arn: (resource: string, name?: string) => string,
    naming: NamingContext,
  ): fis.CfnExperimentTemplate {
    const stack = Stack.of(this);
    const targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty> = {
      Nodes: {
        resourceType: FIS.ec2Instance,
        resourceTags: { [EKS_CLUSTER_TAG]: z.cluster },
        filters: [
          { path: 'Placement.AvailabilityZone', values: [z.zone] },
          { path: 'State.Name', values: ['running'] },
        ],
        selectionMode: 'ALL',
      },
    };
    const outage = z.outage.slice(2).toLowerCase();
    const actionsOf: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty> = {
      StopNodes: {
        actionId: FIS.stopInstances,
        description: `Stop the primary cluster's nodes in ${z.zone}; start them again after ${outage}`,
        parameters: { startInstancesAfterDuration: z.outage, completeIfInstancesTerminated: 'true' },
        targets: { Instances: 'Nodes' },
      },
    };
    if (subnets.length > 0) {
      targets.Subnets = {
        resourceType: FIS.subnet,
        resourceArns: subnets.map((sn) => ec2Arn('subnet', sn.subnetId)),
        selectionMode: 'ALL',
      };
      actionsOf.CutSubnets = {
        actionId: FIS.disruptConnectivity,
        description: `Deny the data network's traffic between ${z.zone} and the other zones for ${outage}`,
        parameters: { scope: 'availability-zone', duration: z.outage },
        targets: { Subnets: 'Subnets' },
      };
    }
    if (z.databases.length > 0) {
      targets.Databases = {
        resourceType: FIS.dbInstance,
        resourceArns: z.databases.map((d) => dbArn(stack, d)),
        parameters: { availabilityZoneIdentifiers: z.zone },
        selectionMode: 'ALL',
      };
      actionsOf.FailoverDatabases = {
        actionId: FIS.rebootDbInstances,
        description: `Force a Multi-AZ failover of the databases whose primary is in ${z.zone}`,
        parameters: { forceFailover: 'true' },
        targets: { DBInstances: 'Databases' },
      };
    }
    for (const asset of z.volumeAssets) {
      const name = `${logicalId(asset)}Volumes`;
      targets[name] = {
        resourceType: FIS.ebsVolume,
        resourceTags: { [TAG.asset]: asset },
        parameters: { availabilityZoneIdentifier: z.zone },
        selectionMode: 'ALL',
      };
      actionsOf[`Pause${name}`] = {
        actionId: FIS.pauseVolumeIo,
        description: `Once the nodes are back, pause I/O of ${asset}'s volumes in ${z.zone} for ${outage} (recovery)`,
        parameters: { duration: z.outage },
        targets: { Volumes: name },
        startAfter: ['StopNodes'],
      };
    }
    const template = new fis.CfnExperimentTemplate(this, `${logicalId(z.zone)}AzExperiment`, {
      description: `${z.zone}: an Availability Zone power interruption of ${outage} (nodes, subnets, database failover, volumes), stopped when a service is unhealthy for longer than its RTO`,
      roleArn: stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: fisRoleName(naming) }),
      targets,
      actions: actionsOf,
      ...runSettings(naming, stop, `az/${z.zone}`),
      tags: {
        Name: experimentName(naming, 'az', z.zone),
        [TAG.role]: 'experiment',
        [EXPERIMENT_TAG.mode]: 'az',
        [EXPERIMENT_TAG.zone]: z.zone,
      },
    });
    return template;
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
