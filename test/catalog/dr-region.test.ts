/**
 * The environment's Region-loss fields: `network` per Region (create, or an existing VPC), `drCompute` (external or
 * pilot-light) and `dns`. Valid ones become the Catalog's `networks`, `drCompute` and `dns`; malformed ones are
 * located errors naming the field, the value and what was expected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalog, type Catalog } from '../../lib/catalog';
import { problemsOf } from './problems';

const base = readFileSync(join(__dirname, '..', 'fixtures', 'minimal.yaml'), 'utf8');
const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

/** The fixture with more lines in its environment (after imageTag). */
function withEnvironment(lines: string): string {
  const anchor = '    imageTag: "2.0.1"\n';
  if (!base.includes(anchor)) throw new Error('fixture changed: no imageTag line');
  return base.replace(anchor, `${anchor}${lines}`);
}

function parse(text: string): Catalog {
  return parseCatalog(text, 'minimal.yaml');
}

const PILOT = '  drCompute: { kind: pilot-light, kubernetesVersion: "1.33" }\n';
const DNS = [
  '  dns:',
  '    hostedZoneId: Z0123456789ABCDEFGHIJ',
  '    recordName: shop.example.com',
  '    targets:',
  '      eu-west-2: { alias: { dnsName: primary-123.eu-west-2.elb.amazonaws.com, hostedZoneId: ZHURV8PSTC4K8 } }',
  '      eu-west-1: { dnsName: dr.shop.example.com }',
  '',
].join('\n');

describe('valid Region-loss fields become the Catalog', () => {
  test('without them: the primary network is created, the DR Region has none, no compute, no DNS', () => {
    const env = parse(base).environment;
    expect(env.networks).toEqual({ primary: { kind: 'create' } });
    expect(env.drCompute).toBeUndefined();
    expect(env.dns).toBeUndefined();
  });

  test('a pilot light gets a created DR network, an Auto Mode provisioner, scale 0 and a default cluster name', () => {
    const env = parse(withEnvironment(PILOT)).environment;
    expect(env.networks).toEqual({ primary: { kind: 'create' }, dr: { kind: 'create' } });
    expect(env.drCompute).toEqual({
      kind: 'pilot-light',
      kubernetesVersion: '1.33',
      cluster: 'create',
      clusterName: 'example-co-dr',
      replicas: 0,
      storageProvisioner: 'ebs.csi.eks.amazonaws.com',
    });
  });

  test('an existing cluster is named by clusters.dr and keeps the self-managed EBS CSI driver by default', () => {
    const text = withEnvironment(
      '  drCompute: { kind: pilot-light, kubernetesVersion: "1.27", cluster: existing, replicas: 1 }\n',
    ).replace('clusters: { primary: shop }', 'clusters: { primary: shop, dr: shop-dr }');
    expect(parse(text).environment.drCompute).toEqual({
      kind: 'pilot-light',
      kubernetesVersion: '1.27',
      cluster: 'existing',
      clusterName: 'shop-dr',
      replicas: 1,
      storageProvisioner: 'ebs.csi.aws.com',
    });
  });

  test('existing VPCs in both Regions, by id, zones and subnets (no lookup)', () => {
    const text = withEnvironment(
      [
        '  network:',
        `    eu-west-2: { vpcId: ${VPC}, zones: [eu-west-2a, eu-west-2b], subnetIds: [${SUBNETS.join(', ')}] }`,
        `    eu-west-1: { vpcId: ${VPC.replace('0', '1')}, zones: [eu-west-1a, eu-west-1b], subnetIds: [${SUBNETS.join(', ')}] }`,
        '',
      ].join('\n'),
    );
    expect(parse(text).environment.networks).toEqual({
      primary: { kind: 'existing', vpcId: VPC, zones: ['eu-west-2a', 'eu-west-2b'], subnetIds: SUBNETS },
      dr: { kind: 'existing', vpcId: VPC.replace('0', '1'), zones: ['eu-west-1a', 'eu-west-1b'], subnetIds: SUBNETS },
    });
  });

  test('DNS targets are keyed by side, with the default health check', () => {
    const env = parse(withEnvironment(DNS)).environment;
    expect(env.dns).toEqual({
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      recordName: 'shop.example.com',
      targets: {
        primary: { alias: { dnsName: 'primary-123.eu-west-2.elb.amazonaws.com', hostedZoneId: 'ZHURV8PSTC4K8' } },
        dr: { dnsName: 'dr.shop.example.com' },
      },
      healthCheck: { path: '/health/ready', port: 443 },
    });
  });
});

describe('malformed Region-loss fields are located errors', () => {
  test.each([
    {
      name: 'Auto Mode below 1.29 (EKS-1)',
      lines: '  drCompute: { kind: pilot-light, kubernetesVersion: "1.27" }\n',
      expected: [
        'minimal.yaml:15:54: environment: drCompute.kubernetesVersion: got "1.27"; expected 1.29 or later: the Recovery stack creates the cluster with EKS Auto Mode, which needs it (EKS-1)',
      ],
    },
    {
      name: 'the self-managed provisioner on an Auto Mode cluster',
      lines: '  drCompute: { kind: pilot-light, kubernetesVersion: "1.33", storageProvisioner: ebs.csi.aws.com }\n',
      expected: [
        'minimal.yaml:15:82: environment: drCompute.storageProvisioner: got "ebs.csi.aws.com"; expected ebs.csi.eks.amazonaws.com: an Auto Mode cluster provisions EBS volumes through its own driver (EKS-3)',
      ],
    },
    {
      name: 'an unknown kind of DR compute',
      lines: '  drCompute: { kind: warm-standby }\n',
      expected: [
        'minimal.yaml:15:22: environment: drCompute.kind: got "warm-standby"; expected kind: external (with evidence) or pilot-light (with kubernetesVersion)',
      ],
    },
    {
      name: 'a network for a Region the catalog does not use',
      lines: '  network:\n    us-east-1: create\n',
      expected: [
        `minimal.yaml:16:5: environment: network: got "us-east-1"; expected only the catalog's Regions as keys (eu-west-2, eu-west-1)`,
      ],
    },
    {
      name: 'a malformed VPC id',
      lines: `  network:\n    eu-west-1: { vpcId: vpc-12, zones: [eu-west-1a, eu-west-1b], subnetIds: [${SUBNETS.join(', ')}] }\n`,
      expected: [
        'minimal.yaml:16:25: environment: network.eu-west-1.vpcId: got "vpc-12"; expected vpc id such as vpc-0a1b2c3d4e5f60718',
      ],
    },
    {
      name: "a zone the catalog's availabilityZones do not list, and subnets not a multiple of the zones",
      lines: `  network:\n    eu-west-1: { vpcId: ${VPC}, zones: [eu-west-1a, eu-west-1c], subnetIds: [${[...SUBNETS, 'subnet-0123456789abcdef2'].join(', ')}] }\n`,
      expected: [
        'minimal.yaml:16:68: environment: network.eu-west-1.zones[1]: got "eu-west-1c"; expected one of environment.availabilityZones.eu-west-1 (eu-west-1a, eu-west-1b)',
        'minimal.yaml:16:92: environment: network.eu-west-1.subnetIds: got ["subnet-0123456789abcdef0","subnet-0123456789abcdef1","s...; expected a multiple of the 2 zones: subnets are listed zone by zone, in the order of zones',
      ],
    },
    {
      name: 'the same subnet twice',
      lines: `  network:\n    eu-west-1: { vpcId: ${VPC}, zones: [eu-west-1a, eu-west-1b], subnetIds: [${SUBNETS[0]}, ${SUBNETS[0]}] }\n`,
      expected: [
        'minimal.yaml:16:119: environment: network.eu-west-1.subnetIds[1]: got "subnet-0123456789abcdef0"; expected each subnet once',
      ],
    },
    {
      name: 'a DNS target missing for the DR Region',
      lines: DNS.replace('      eu-west-1: { dnsName: dr.shop.example.com }\n', ''),
      expected: [
        'minimal.yaml:19:7: environment: dns.targets: missing; expected the target of eu-west-1 (both Regions serve the record)',
      ],
    },
    {
      name: 'a DNS target that is neither an alias nor a name',
      lines: DNS.replace('{ dnsName: dr.shop.example.com }', '{ ip: 192.0.2.1 }'),
      expected: [
        'minimal.yaml:20:18: environment: dns.targets.eu-west-1: got {"ip":"192.0.2.1"}; expected { alias: { dnsName, hostedZoneId } } or { dnsName }',
      ],
    },
    {
      name: 'a DR cluster name EKS refuses',
      lines: PILOT,
      edit: (t: string) => t.replace('clusters: { primary: shop }', 'clusters: { primary: shop, dr: "-shop" }'),
      expected: [
        'minimal.yaml:13:36: environment: kubernetes.clusters.dr: got "-shop"; expected an EKS cluster name: 1–100 letters, digits, - or _, starting with a letter or digit',
      ],
    },
  ])('$name', ({ lines, expected, edit }) => {
    const text = withEnvironment(lines);
    expect(problemsOf(edit ? edit(text) : text)).toEqual(expected);
  });
});
