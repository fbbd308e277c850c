/**
 * The environment's Region-loss fields across the catalog: networks keyed by the catalog's Regions, existing VPCs'
 * zones and subnets, the pilot light's cluster and version (EKS Auto Mode needs 1.29 or later, EKS-1), and DNS
 * targets for both Regions. Checked with located errors, then turned into the Catalog's `networks`, `drCompute` and
 * `dns`.
 */
import { factValue } from '../model';
import { drClusterName } from '../names';
import type { Problem } from './problems';
import { isZoneOf } from './regions';
import type { RawCatalog } from './schema';
import type { DnsFailover, DrCompute, Environment, Network } from './types';

type Report = (path: Problem['path'], message: string, value?: unknown) => void;
type RawEnvironment = RawCatalog['environment'];

const minor = (version: string) => Number(version.split('.')[1]);

export function checkDrRegion(env: RawEnvironment, report: Report): void {
  const { primary, dr } = env.regions;
  const regions = [primary, dr];
  for (const [region, net] of Object.entries(env.network ?? {})) {
    const at = ['environment', 'network', region];
    if (!regions.includes(region)) {
      report(['environment', 'network'], `expected only the catalog's Regions as keys (${regions.join(', ')})`, region);
      continue;
    }
    if (net === 'create') continue;
    const listed = env.availabilityZones[region] ?? [];
    net.zones.forEach((z, i) => {
      if (!isZoneOf(z, region)) report([...at, 'zones', i], `expected a zone of ${region}`, z);
      else if (!listed.includes(z))
        report(
          [...at, 'zones', i],
          `expected one of environment.availabilityZones.${region} (${listed.join(', ')})`,
          z,
        );
      if (net.zones.indexOf(z) !== i) report([...at, 'zones', i], 'expected each zone once', z);
    });
    if (net.subnetIds.length % net.zones.length !== 0) {
      report(
        [...at, 'subnetIds'],
        `expected a multiple of the ${net.zones.length} zones: subnets are listed zone by zone, in the order of zones`,
        net.subnetIds,
      );
    }
    net.subnetIds.forEach((s, i) => {
      if (net.subnetIds.indexOf(s) !== i) report([...at, 'subnetIds', i], 'expected each subnet once', s);
    });
  }
  const compute = env.drCompute;
  if (compute?.kind === 'pilot-light') {
    const at = ['environment', 'drCompute'];
    const floor = factValue('EKS-1');
    if (compute.cluster === 'create' && minor(compute.kubernetesVersion) < floor) {
      report(
        [...at, 'kubernetesVersion'],
        `expected 1.${floor} or later: the Recovery stack creates the cluster with EKS Auto Mode, which needs it (EKS-1)`,
        compute.kubernetesVersion,
      );
    }
    if (compute.cluster === 'create' && compute.storageProvisioner === 'ebs.csi.aws.com') {
      report(
        [...at, 'storageProvisioner'],
        'expected ebs.csi.eks.amazonaws.com: an Auto Mode cluster provisions EBS volumes through its own driver (EKS-3)',
        compute.storageProvisioner,
      );
    }
  }
  if (env.dns) {
    const at = ['environment', 'dns', 'targets'];
    for (const region of regions) {
      if (!env.dns.targets[region])
        report(at, `missing; expected the target of ${region} (both Regions serve the record)`);
    }
    for (const region of Object.keys(env.dns.targets)) {
      if (!regions.includes(region))
        report(at, `expected only the catalog's Regions as keys (${regions.join(', ')})`, region);
    }
  }
}

function networkOf(raw: RawEnvironment['network'], region: string): Network | undefined {
  const net = raw?.[region];
  if (net === undefined) return undefined;
  if (net === 'create') return { kind: 'create' };
  return { kind: 'existing', vpcId: net.vpcId, zones: net.zones, subnetIds: net.subnetIds };
}

/** The Catalog's networks, compute and DNS of a validated environment. */
export function drRegionOf(env: RawEnvironment, prefix: string): Pick<Environment, 'networks' | 'drCompute' | 'dns'> {
  const compute = env.drCompute;
  let drCompute: DrCompute | undefined;
  if (compute?.kind === 'external') drCompute = compute;
  else if (compute?.kind === 'pilot-light') {
    drCompute = {
      kind: 'pilot-light',
      kubernetesVersion: compute.kubernetesVersion,
      cluster: compute.cluster,
      clusterName: env.kubernetes.clusters.dr ?? drClusterName({ prefix }),
      replicas: compute.replicas,
      storageProvisioner:
        compute.storageProvisioner ?? (compute.cluster === 'create' ? 'ebs.csi.eks.amazonaws.com' : 'ebs.csi.aws.com'),
    };
  }
  // The DR Region gets a network when the catalog names one, or when a pilot light needs somewhere to run.
  const dr =
    networkOf(env.network, env.regions.dr) ?? (drCompute?.kind === 'pilot-light' ? { kind: 'create' } : undefined);
  const dns: DnsFailover | undefined = env.dns && {
    hostedZoneId: env.dns.hostedZoneId,
    recordName: env.dns.recordName,
    targets: { primary: env.dns.targets[env.regions.primary]!, dr: env.dns.targets[env.regions.dr]! },
    healthCheck: env.dns.healthCheck,
  };
  return {
    networks: { primary: networkOf(env.network, env.regions.primary) ?? { kind: 'create' }, ...(dr ? { dr } : {}) },
    ...(drCompute ? { drCompute } : {}),
    ...(dns ? { dns } : {}),
  };
}
