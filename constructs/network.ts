/**
 * The data network of the primary Region: isolated subnets only (databases need no Internet route), one per catalog
 * zone, VPC flow logs to an encrypted log group, and a Secrets Manager endpoint for the rotation functions.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
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
}

export class DataNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: DataNetworkProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cidr = props.cidr ?? '10.60.0.0/16';
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      maxAzs: stack.availabilityZones.length,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      // The restriction is a custom resource with its own Lambda function; nothing is attached to the default group.
      restrictDefaultSecurityGroup: false,
    });

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
    const unused = 'the default security group is attached to nothing; closing it needs a custom-resource Lambda';
    acknowledge(this.vpc, 'HIPAA.Security-VPCDefaultSecurityGroupClosed', unused);
    acknowledge(this.vpc, 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', unused);
  }
}
