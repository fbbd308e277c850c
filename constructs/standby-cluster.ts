/**
 * The DR Region's standby cluster: EKS Auto Mode (EKS-1..4), so that while idle it runs no node and costs the control
 * plane alone (EKS-6) — a managed node group at zero has no autoscaler running to scale it back up, since the Cluster
 * Autoscaler and CoreDNS need a node themselves, whereas Auto Mode provisions nodes when pods do not fit (EKS-4) and
 * ARC's EKS block relies on "your node auto-scaler" (ARC-7). Private API endpoint only, secrets encrypted with the
 * Region's `secrets` key, every control-plane log type on, authentication by access entries (EKS-5), deletion
 * protection. Or an existing cluster named by the catalog (`cluster: existing`), of which only its name is used.
 *
 * Access entries: `scalingAccessEntry` gives a principal a Kubernetes access policy in one namespace of a cluster —
 * ARC's `AmazonARCRegionSwitchScalingPolicy` for the plan's execution role on both clusters (ARC-6), `AmazonEKSEditPolicy`
 * for the custom-step function (StatefulSet scaling and the endpoints ConfigMap).
 */
import { Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import type { DrCompute } from '../lib/catalog';
import { roleName, type NamingContext } from '../lib/names';
import { acknowledge } from './acknowledgements';
import { ManagedRole } from './iam';
import type { KeyRing } from './keys';
import { tagProtector } from './tags';

export interface StandbyClusterProps {
  readonly naming: NamingContext;
  readonly keys: KeyRing;
  readonly compute: Extract<DrCompute, { kind: 'pilot-light' }>;
  readonly vpc: ec2.IVpc;
  /** The nodes' subnets (private, with egress). */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Auto Mode's built-in node pools.
   * @default ['general-purpose', 'system']
   */
  readonly nodePools?: readonly string[];
}

/** The managed policies of Auto Mode's cluster and node roles (EKS-2). */
const CLUSTER_POLICIES = [
  'AmazonEKSClusterPolicy',
  'AmazonEKSComputePolicy',
  'AmazonEKSBlockStoragePolicy',
  'AmazonEKSLoadBalancingPolicy',
  'AmazonEKSNetworkingPolicy',
] as const;
const NODE_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'] as const;

/** Control-plane log types (all of them: AwsSolutions-EKS2). */
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export class StandbyCluster extends Construct {
  readonly clusterName: string;
  /** The ARN built from the name (for IAM statements and their acknowledgements). */
  readonly clusterArn: string;
  /**
   * How the plan and the access entries name the cluster: the created cluster's attributes (so a template without it
   * cannot name it), else the existing one's name and ARN.
   */
  readonly ref: { readonly name: string; readonly arn: string };
  /** The created cluster; undefined for an existing one. */
  readonly cluster?: eks.CfnCluster;
  /** The security group EKS gives the cluster (its nodes and control plane), when created here. */
  readonly clusterSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: StandbyClusterProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { naming, compute } = props;
    this.clusterName = compute.clusterName;
    this.clusterArn = clusterArn(this, stack.region, compute.clusterName);
    this.ref = { name: this.clusterName, arn: this.clusterArn };
    if (compute.cluster === 'existing') return;

    const key = props.keys.key('secrets');
    const clusterRole = new ManagedRole(this, 'ClusterRole', {
      roleName: roleName(naming, 'dr-cluster'),
      // Auto Mode's cluster role also tags the sessions it starts (EKS-UG, automode/auto-learn-iam).
      assumedBy: new iam.ServicePrincipal('eks.amazonaws.com').withSessionTags(),
      description: 'The standby EKS Auto Mode cluster of the DR Region',
      awsManagedPolicies: CLUSTER_POLICIES,
      // Envelope encryption of the cluster's secrets with the Region's secrets key.
      statements: [
        new iam.PolicyStatement({
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant'],
          resources: [key.keyArn],
        }),
      ],
    });
    const nodeRole = new ManagedRole(this, 'NodeRole', {
      roleName: roleName(naming, 'dr-nodes'),
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'The nodes EKS Auto Mode launches in the standby cluster',
      awsManagedPolicies: NODE_POLICIES,
    });
    const subnetIds = props.vpc.selectSubnets(props.subnets).subnetIds;
    this.cluster = new eks.CfnCluster(this, 'Cluster', {
      name: compute.clusterName,
      version: compute.kubernetesVersion,
      roleArn: clusterRole.role.roleArn,
      resourcesVpcConfig: { subnetIds, endpointPrivateAccess: true, endpointPublicAccess: false },
      accessConfig: { authenticationMode: 'API' },
      // Auto Mode manages networking, DNS and storage itself: no self-managed add-ons.
      bootstrapSelfManagedAddons: false,
      computeConfig: {
        enabled: true,
        nodePools: [...(props.nodePools ?? ['general-purpose', 'system'])],
        nodeRoleArn: nodeRole.role.roleArn,
      },
      storageConfig: { blockStorage: { enabled: true } },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      encryptionConfig: [{ provider: { keyArn: key.keyArn }, resources: ['secrets'] }],
      logging: { clusterLogging: { enabledTypes: LOG_TYPES.map((type) => ({ type })) } },
      upgradePolicy: { supportType: 'STANDARD' },
      deletionProtection: true,
    });
    this.cluster.node.addDependency(clusterRole, nodeRole);
    acknowledge(
      this.cluster,
      'CloudFormation-Validate::W9009',
      "`Resources: [secrets]` is deprecated but accepted, and cfn-guard's eks_secrets_encrypted_check reads it",
    );
    this.clusterSecurityGroupId = this.cluster.attrClusterSecurityGroupId;
    this.ref = { name: this.cluster.ref, arn: this.cluster.attrArn };
    tagProtector(this, 'dr-cluster');
    const managed = 'the AWS managed policies EKS Auto Mode documents for its cluster and node roles (EKS-2)';
    for (const [role, policies] of [
      [clusterRole, CLUSTER_POLICIES],
      [nodeRole, NODE_POLICIES],
    ] as const) {
      for (const policy of policies) {
        acknowledge(role.role, 'AwsSolutions-IAM4', managed, `Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}`);
      }
    }
  }
}

/** A cluster's ARN from its name (an existing cluster's, or this app's before it exists). */
export function clusterArn(scope: IConstruct, region: string, name: string): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:eks:${region}:${stack.account}:cluster/${name}`;
}

export type AccessPolicy = 'AmazonARCRegionSwitchScalingPolicy' | 'AmazonEKSEditPolicy';

/** An access entry on a cluster of this stack's Region, with one access policy scoped to one namespace. */
export function scalingAccessEntry(
  scope: Construct,
  id: string,
  props: {
    readonly clusterName: string;
    readonly principalArn: string;
    readonly namespace: string;
    readonly policy: AccessPolicy;
    /** What must exist first (the cluster, when created in the same stack). */
    readonly after?: IConstruct;
  },
): eks.CfnAccessEntry {
  const entry = new eks.CfnAccessEntry(scope, id, {
    clusterName: props.clusterName,
    principalArn: props.principalArn,
    type: 'STANDARD',
    accessPolicies: [
      {
        policyArn: `arn:${Stack.of(scope).partition}:eks::aws:cluster-access-policy/${props.policy}`,
        accessScope: { type: 'namespace', namespaces: [props.namespace] },
      },
    ],
  });
  if (props.after) entry.node.addDependency(props.after);
  return entry;
}
