/**
 * The pilot light in the templates: the standby cluster (EKS Auto Mode, private, access entries), the Region switch
 * plan rendered from the catalog plan (workflows, steps, timeouts, RTO, reports), its roles and custom-step function,
 * the access entry on the primary cluster, Route 53 failover, and the DR pods' Pod Identity roles.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { asset, awsTemplates, baseDoc, planOf } from './support';

function doc(drCompute: Record<string, unknown>, dns = true) {
  const d = baseDoc();
  d.environment = {
    ...(d.environment as Record<string, unknown>),
    kubernetes: { version: '1.30', namespace: 'shop', clusters: { primary: 'shop-prod' }, imageTag: '1.0.0' },
    drCompute,
    ...(dns
      ? {
          dns: {
            hostedZoneId: 'Z0123456789ABCDEFGHIJ',
            recordName: 'shop.acme.example',
            targets: {
              'us-east-1': {
                alias: { dnsName: 'primary-1.us-east-1.elb.amazonaws.com', hostedZoneId: 'Z35SXDOTRQ7X7K' },
              },
              'us-west-2': { dnsName: 'dr.shop.acme.example' },
            },
          },
        }
      : {}),
  };
  d.assets = [asset('orders', 'postgres', '1h', '4h'), asset('app-secrets', 'secret', '1h', '4h')];
  (d.services[0] as { owns: string[]; dependsOn: string[] }).owns = ['orders'];
  (d.services[0] as { owns: string[]; dependsOn: string[] }).dependsOn = ['app-secrets'];
  return d;
}

const PILOT = { kind: 'pilot-light', kubernetesVersion: '1.33' };

const only = (t: Template, type: string) => {
  const all = Object.values(t.findResources(type));
  expect(all).toHaveLength(1);
  return all[0]!.Properties as Record<string, any>;
};

describe('a created standby cluster', () => {
  const { primary, dr } = awsTemplates(planOf(doc(PILOT)));

  test('EKS Auto Mode at the catalog’s version: built-in node pools, block storage, load balancing, API auth', () => {
    dr.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'acme-test-dr',
      Version: '1.33',
      ComputeConfig: { Enabled: true, NodePools: ['general-purpose', 'system'], NodeRoleArn: Match.anyValue() },
      StorageConfig: { BlockStorage: { Enabled: true } },
      KubernetesNetworkConfig: { ElasticLoadBalancing: { Enabled: true } },
      AccessConfig: { AuthenticationMode: 'API' },
      BootstrapSelfManagedAddons: false,
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
      DeletionProtection: true,
    });
  });

  test('the plan’s role may scale Deployments on both clusters (ARC-6): one access entry each, namespace-scoped', () => {
    // A fresh object per assertion: the matcher takes its input over.
    const policy = (name: string) => ({
      PolicyArn: `arn:aws:eks::aws:cluster-access-policy/${name}`,
      AccessScope: { Type: 'namespace', Namespaces: ['shop'] },
    });
    const arcPolicy = () => policy('AmazonARCRegionSwitchScalingPolicy');
    primary.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'shop-prod',
      PrincipalArn: 'arn:aws:iam::222222222222:role/acme-test-region-switch',
      AccessPolicies: [arcPolicy()],
    });
    dr.hasResourceProperties('AWS::EKS::AccessEntry', { AccessPolicies: [arcPolicy()] });
    // The custom steps edit the namespace (StatefulSet scale, the endpoints ConfigMap).
    dr.hasResourceProperties('AWS::EKS::AccessEntry', { AccessPolicies: [policy('AmazonEKSEditPolicy')] });
  });

  test('the plan: active/passive, tightest Region RTO, reports to the DR bucket, two activation workflows', () => {
    const plan = only(dr, 'AWS::ARCRegionSwitch::Plan');
    expect(plan).toMatchObject({
      Name: 'acme-test-region-switch',
      PrimaryRegion: 'us-east-1',
      Regions: ['us-east-1', 'us-west-2'],
      RecoveryApproach: 'activePassive',
      RecoveryTimeObjectiveMinutes: 24 * 60,
      ReportConfiguration: {
        ReportOutput: [
          {
            S3Configuration: {
              BucketPath: 'acme-test-region-switch-reports-222222222222-us-west-2/region-switch',
              BucketOwner: '222222222222',
            },
          },
        ],
      },
    });
    expect(plan.Workflows.map((w: any) => [w.WorkflowTargetAction, w.WorkflowTargetRegion])).toEqual([
      ['activate', 'us-west-2'],
      ['activate', 'us-east-1'],
    ]);
    const steps = plan.Workflows[0].Steps;
    expect(steps.map((s: any) => [s.Name, s.ExecutionBlockType])).toEqual([
      ['approve-failover', 'ManualApproval'],
      ['restore-orders', 'CustomActionLambda'],
      ['scale-services', 'EKSResourceScaling'],
    ]);
    expect(JSON.parse(steps[1].ExecutionBlockConfiguration.CustomActionLambdaConfig.Lambdas[0].Payload)).toEqual({
      action: 'restore-database',
      asset: 'orders',
      tier: 'gold',
      identifier: 'acme-test-orders',
      engine: 'postgres',
      source: 'replicated-backups',
      sourceArn: 'arn:aws:rds:us-east-1:222222222222:db:acme-test-orders',
      subnetGroup: 'acme-test-data',
      parameterGroup: 'acme-test-postgres',
      multiAz: expect.any(Boolean),
    });
    expect(steps[1].ExecutionBlockConfiguration.CustomActionLambdaConfig).toMatchObject({
      RegionToRun: 'activatingRegion',
      RetryIntervalMinutes: 5,
      TimeoutMinutes: 180,
    });
    expect(steps[2].ExecutionBlockConfiguration.EksResourceScalingConfig).toMatchObject({
      KubernetesResourceType: { ApiVersion: 'apps/v1', Kind: 'Deployment' },
      EksClusters: [
        { ClusterArn: 'arn:aws:eks:us-east-1:222222222222:cluster/shop-prod' },
        // The created cluster by its attribute: the plan cannot name a cluster the template lost.
        { ClusterArn: { 'Fn::GetAtt': [expect.stringMatching(/^StandbyCluster/), 'Arn'] } },
      ],
      ScalingResources: [
        {
          web: {
            'us-east-1': { Namespace: 'shop', Name: 'web', HpaName: 'web' },
            'us-west-2': { Namespace: 'shop', Name: 'web', HpaName: 'web' },
          },
        },
      ],
      TargetPercent: 100,
      TimeoutMinutes: 30,
    });
  });

  test('the execution role trusts ARC only; the custom steps run in the DR network with its security group', () => {
    dr.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-test-region-switch',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'arc-region-switch.amazonaws.com' } })],
      },
    });
    dr.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      Environment: {
        Variables: Match.objectLike({
          CLUSTER_NAME: 'acme-test-dr',
          NAMESPACE: 'shop',
          DB_SECURITY_GROUP_ID: Match.anyValue(),
        }),
      },
    });
  });

  test('Route 53: an HTTPS check per Region and PRIMARY / SECONDARY records named after their Regions', () => {
    dr.resourceCountIs('AWS::Route53::HealthCheck', 2);
    dr.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'dr.shop.acme.example',
        Port: 443,
        ResourcePath: '/health/ready',
        EnableSNI: true,
        RequestInterval: 30,
        FailureThreshold: 3,
      },
    });
    dr.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'shop.acme.example',
      Failover: 'PRIMARY',
      SetIdentifier: 'us-east-1',
      Type: 'A',
      AliasTarget: {
        DNSName: 'primary-1.us-east-1.elb.amazonaws.com',
        HostedZoneId: 'Z35SXDOTRQ7X7K',
        EvaluateTargetHealth: true,
      },
    });
    dr.hasResourceProperties('AWS::Route53::RecordSet', {
      Failover: 'SECONDARY',
      SetIdentifier: 'us-west-2',
      Type: 'CNAME',
      TTL: '60',
      ResourceRecords: ['dr.shop.acme.example'],
      HealthCheckId: Match.anyValue(),
    });
  });

  test('External Secrets in the standby cluster reads the replicas of its Region (Pod Identity)', () => {
    dr.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'external-secrets',
      ServiceAccount: 'external-secrets',
    });
  });
});

describe('an existing standby cluster, no DNS', () => {
  const d = doc({ ...PILOT, kubernetesVersion: '1.28', cluster: 'existing' }, false);
  (d.environment as any).kubernetes.clusters.dr = 'shop-standby';
  const { dr } = awsTemplates(planOf(d));

  test('no cluster is created; the access entries name the existing one; no Route 53 records', () => {
    dr.resourceCountIs('AWS::EKS::Cluster', 0);
    dr.hasResourceProperties('AWS::EKS::AccessEntry', { ClusterName: 'shop-standby' });
    dr.resourceCountIs('AWS::Route53::RecordSet', 0);
    const plan = only(dr, 'AWS::ARCRegionSwitch::Plan');
    expect(plan.Workflows[0].Steps[2].ExecutionBlockConfiguration.EksResourceScalingConfig.EksClusters[1]).toEqual({
      ClusterArn: 'arn:aws:eks:us-west-2:222222222222:cluster/shop-standby',
    });
  });
});
