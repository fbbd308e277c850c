/**
 * A network the app creates in one Region: isolated subnets for the databases (they need no Internet route), one per
 * catalog zone, and VPC flow logs to an encrypted log group. In the primary Region a Secrets Manager endpoint serves
 * the rotation functions. In the DR Region, for a standby cluster, also private subnets with egress for its nodes and
 * public subnets for its load balancers and one NAT gateway (docs/aws.md, "The DR Region"). An existing VPC is read
 * instead by `importedVpc` (`Vpc.fromVpcAttributes`, never a lookup).
 */
import { Annotations, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Network } from '../lib/catalog';
import { roleName, type NamingContext } from '../lib/names';
import { ManagedRole } from './iam';
import { acknowledge } from './acknowledgements';
import type { KeyRing } from './keys';

export interface DataNetworkProps {
  readonly naming: NamingContext;
  readonly keys: KeyRing;
  /** @default 10.60.0.0/16 */
  readonly cidr?: string;
  /** Retention of the flow logs. @default logs.RetentionDays.ONE_YEAR */
  readonly flowLogRetention?: logs.RetentionDays;
  /** A Secrets Manager interface endpoint for functions in the isolated subnets. @default true */
  readonly secretsManagerEndpoint?: boolean;
  /**
   * Subnets for a cluster as well: `compute` (private, egress through NAT) for its nodes and `ingress` (public, no
   * public IPs on launch) for its load balancers, tagged for the EKS load balancing that discovers them.
   * @default - data subnets only
   */
  readonly cluster?: { readonly natGateways: number };
}

/** Subnet groups of a network the app creates. */
export const SUBNETS = { data: 'data', compute: 'compute', ingress: 'ingress' } as const;

export class DataNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: DataNetworkProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cidr = props.cidr ?? '10.60.0.0/16';
    const cluster = props.cluster;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: stack.availabilityZones.length,
      natGateways: cluster?.natGateways ?? 0,
      subnetConfiguration: [
        { name: SUBNETS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        ...(cluster
          ? [
              { name: SUBNETS.compute, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
              // Load balancers get public addresses; nodes never do.
              { name: SUBNETS.ingress, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
            ]
          : []),
      ],
      // The restriction is a custom resource with its own Lambda function; nothing is attached to the default group.
      restrictDefaultSecurityGroup: false,
    });
    if (cluster) {
      // How EKS load balancing finds its subnets (EKS-UG: kubernetes.io/role/elb and internal-elb).
      for (const s of this.vpc.publicSubnets) {
        Tags.of(s).add('kubernetes.io/role/elb', '1');
        const route = s.node.tryFindChild('DefaultRoute');
        const why =
          "a public ingress subnet's route to the internet gateway is its purpose: it holds only the NAT gateway and the " +
          'standby cluster’s internet-facing load balancers (the DNS failover target); nodes and databases sit in private ' +
          'and isolated subnets, and nothing launched here gets a public address';
        if (route) {
          acknowledge(route, 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', why);
          acknowledge(route, 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', why);
        }
      }
      for (const s of this.vpc.privateSubnets) Tags.of(s).add('kubernetes.io/role/internal-elb', '1');
    }

    // The zones are the catalog's, so synth needs no lookup; the validator prefers Fn::GetAZs, which would be a lookup.
    acknowledge(
      this.vpc,
      'CloudFormation-Validate::W3010',
      "subnet zones come from the catalog's environment.availabilityZones on purpose",
    );

    props.keys.allowService(
      'ops',
      `logs.${stack.region}.amazonaws.com`,
      ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    );
    const logGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: props.keys.key('ops'),
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new ManagedRole(this, 'FlowLogRole', {
      roleName: roleName(props.naming, `flow-logs-${stack.region}`),
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: 'Delivers VPC flow logs of the data network to CloudWatch Logs',
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [logGroup.logGroupArn],
        }),
      ],
    });
    new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.vpcId,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: logGroup.logGroupName,
      deliverLogsPermissionArn: role.role.roleArn,
    });

    if (props.secretsManagerEndpoint !== false) this.secretsManagerEndpoint(cidr);
    const unused = 'the default security group is attached to nothing; closing it needs a custom-resource Lambda';
    acknowledge(this.vpc, 'HIPAA.Security-VPCDefaultSecurityGroupClosed', unused);
    acknowledge(this.vpc, 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', unused);
  }

  private secretsManagerEndpoint(cidr: string): void {
    // The endpoint's own group admits HTTPS from the VPC's literal CIDR (a token CIDR defeats the port checks).
    const endpointGroup = new ec2.SecurityGroup(this, 'SecretsManagerEndpoint', {
      vpc: this.vpc,
      description: 'HTTPS to Secrets Manager from inside the data network',
      allowAllOutbound: false,
    });
    endpointGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'Secrets Manager API from the VPC');
    this.vpc.addInterfaceEndpoint('SecretsManager', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      privateDnsEnabled: true,
      securityGroups: [endpointGroup],
      open: false,
    });
  }
}

/**
 * An existing VPC from the catalog (`environment.network.<region>`): ids only, so synth makes no lookup. Its subnets
 * serve as isolated ones (the databases and restores); their routes are the team's.
 */
export function importedVpc(scope: Construct, id: string, network: Extract<Network, { kind: 'existing' }>): ec2.IVpc {
  const vpc = ec2.Vpc.fromVpcAttributes(scope, id, {
    vpcId: network.vpcId,
    availabilityZones: [...network.zones],
    isolatedSubnetIds: [...network.subnetIds],
  });
  // Nothing here reads the subnets' route tables (no endpoint or route is added to a VPC the team runs).
  for (const subnet of vpc.isolatedSubnets) {
    Annotations.of(subnet).acknowledgeWarning(
      '@aws-cdk/aws-ec2:noSubnetRouteTableId',
      "an existing VPC's routes are the team's: the app adds no route or gateway endpoint to it",
    );
  }
  return vpc;
}
