/**
 * The networks of both Regions: the primary's created as before or an existing VPC read by id (no lookup); the DR
 * Region's only when a pilot light or the catalog asks for one, with the DB subnet group, the DB parameter groups the
 * databases use (named, so a restore there can be given them) and the restored databases' security group.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { asset, awsTemplates, baseDoc, planOf } from './support';

const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

function doc(environment: Record<string, unknown> = {}) {
  const d = baseDoc();
  d.environment = { ...(d.environment as Record<string, unknown>), ...environment };
  d.assets = [asset('orders', 'postgres', '1h', '4h'), asset('ledger', 'mysql', '1h', '4h')];
  return d;
}

const PILOT = { drCompute: { kind: 'pilot-light', kubernetesVersion: '1.33' } };

describe('the DR Region network', () => {
  test('without a pilot light or a named DR network, the DR stack has no VPC (as before)', () => {
    const { dr, primary } = awsTemplates(planOf(doc()));
    dr.resourceCountIs('AWS::EC2::VPC', 0);
    dr.resourceCountIs('AWS::RDS::DBSubnetGroup', 0);
    primary.resourceCountIs('AWS::EC2::VPC', 1);
  });

  test('a pilot light creates it: data, compute and ingress subnets in each zone, one NAT gateway, flow logs', () => {
    const { dr } = awsTemplates(planOf(doc(PILOT)));
    dr.resourceCountIs('AWS::EC2::VPC', 1);
    dr.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.61.0.0/16' });
    dr.resourceCountIs('AWS::EC2::Subnet', 6);
    dr.resourceCountIs('AWS::EC2::NatGateway', 1);
    dr.resourceCountIs('AWS::EC2::FlowLog', 1);
    // Nodes never get public addresses; load balancers find their subnets by the EKS tags.
    dr.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    dr.hasResourceProperties('AWS::EC2::Subnet', {
      Tags: Match.arrayWith([{ Key: 'kubernetes.io/role/elb', Value: '1' }]),
    });
    // No Secrets Manager endpoint there: nothing in the DR Region rotates a secret.
    dr.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });

  test('it has the subnet group, one parameter group per engine with the primary settings, and a security group for the standby cluster only', () => {
    const { dr } = awsTemplates(planOf(doc(PILOT)));
    dr.hasResourceProperties('AWS::RDS::DBSubnetGroup', { DBSubnetGroupName: 'acme-test-data' });
    dr.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      DBParameterGroupName: 'acme-test-postgres',
      Family: 'postgres17',
      Parameters: { 'rds.force_ssl': '1' },
    });
    dr.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      DBParameterGroupName: 'acme-test-mysql',
      Parameters: { require_secure_transport: 'ON' },
    });
    dr.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupName: 'acme-test-dr-databases',
      SecurityGroupEgress: Match.anyValue(),
    });
    // No ingress but the standby cluster's, on each engine's port (the ports the master secrets carry).
    const groups = dr.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupName: 'acme-test-dr-databases' } });
    const ingress = Object.values(groups).flatMap((g) => g.Properties.SecurityGroupIngress);
    expect(ingress.map((r: Record<string, unknown>) => [r.FromPort, r.ToPort, r.SourceSecurityGroupId])).toEqual([
      [5433, 5433, { 'Fn::GetAtt': ['StandbyCluster5A015053', 'ClusterSecurityGroupId'] }],
      [3307, 3307, { 'Fn::GetAtt': ['StandbyCluster5A015053', 'ClusterSecurityGroupId'] }],
    ]);
  });

  test('an existing DR VPC is read by id: no VPC created, the subnet group over its subnets', () => {
    const net = { 'us-west-2': { vpcId: VPC, zones: ['us-west-2a', 'us-west-2b'], subnetIds: SUBNETS } };
    const { dr } = awsTemplates(planOf(doc({ ...PILOT, network: net })));
    dr.resourceCountIs('AWS::EC2::VPC', 0);
    dr.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: SUBNETS });
    dr.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupName: 'acme-test-dr-databases', VpcId: VPC });
  });
});

describe('the primary network', () => {
  test('an existing primary VPC: no VPC, flow log or endpoint created; databases and their subnet group in it', () => {
    const net = { 'us-east-1': { vpcId: VPC, zones: ['us-east-1a', 'us-east-1b'], subnetIds: SUBNETS } };
    const { primary } = awsTemplates(planOf(doc({ network: net })));
    primary.resourceCountIs('AWS::EC2::VPC', 0);
    primary.resourceCountIs('AWS::EC2::FlowLog', 0);
    primary.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    primary.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      DBSubnetGroupName: 'acme-test-data',
      SubnetIds: SUBNETS,
    });
    primary.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('acme-test-orders'),
      VpcId: VPC,
    });
  });
});
