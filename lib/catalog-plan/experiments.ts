/**
 * The instance-mode fault-injection experiment of each Multi-AZ database the plan builds (issue 17, first slice): a
 * forced Multi-AZ failover (`aws:rds:reboot-db-instances` with `forceFailover`, FIS-1; the AZ scenario's database
 * action covers clusters only, FIS-3), then an `aws:fis:wait` as long as the database's instance RTO and one alarm
 * period more, so the stop condition — the database unavailable for longer than that RTO — can fire while the
 * experiment still runs (FIS-15). Unavailable is read from a metric RDS publishes every minute for every instance:
 * no `CPUUtilization` datapoint in a minute counts as down (FIS-18). Pure.
 */
import type { Asset, Catalog } from '../catalog';
import {
  azStopAlarmName,
  databaseIdentifier,
  databaseUnavailableAlarmName,
  experimentName,
  redisPodSelector,
  servicePodSelector,
  type NamingContext,
} from '../names';
import { kindModule } from '../model';
import type { Plan } from '../model';
import { mechanism, type CatalogPlan } from './catalog-plan';
import { rtoAlarms, type HealthMetric, type RtoAlarm } from './health';

/** FIS's action ids and the target's resource type, as the actions reference writes them (FIS-1, FIS-15). */
export const FIS = {
  rebootDbInstances: 'aws:rds:reboot-db-instances',
  wait: 'aws:fis:wait',
  dbInstance: 'aws:rds:db',
  alarmStopCondition: 'aws:cloudwatch:alarm',
  // AZ mode (FIS-3, FIS-11, FIS-12)
  stopInstances: 'aws:ec2:stop-instances',
  disruptConnectivity: 'aws:network:disrupt-connectivity',
  pauseVolumeIo: 'aws:ebs:pause-volume-io',
  ec2Instance: 'aws:ec2:instance',
  subnet: 'aws:ec2:subnet',
  ebsVolume: 'aws:ec2:ebs-volume',
  // Pods (FIS-6, FIS-9)
  podDelete: 'aws:eks:pod-delete',
  pod: 'aws:eks:pod',
} as const;

/** The tag EKS puts on the instances of a cluster's managed nodes, by which the zone experiments find them (FIS-20). */
export const EKS_CLUSTER_TAG = 'eks:cluster-name';

/** aws:fis:wait takes PT1M to PT12H (FIS-15); a one-minute-period alarm watches at most a day (OTH-67). */
const MAX_WAIT_MINUTES = 12 * 60;
const MAX_ALARM_MINUTES = 24 * 60;

export interface InstanceExperiment {
  readonly asset: string;
  readonly databaseIdentifier: string;
  /** The asset's instance-mode RTO, which the experiment proves. */
  readonly rtoSeconds: number;
  /** The stop condition: no datapoint of `metric` for `evaluationPeriods` consecutive minutes. */
  readonly alarmName: string;
  readonly metric: HealthMetric;
  readonly evaluationPeriods: number;
  /** How long the experiment waits after the reboot, ISO 8601 (`PT6M`). */
  readonly waitDuration: string;
}

/** Whether the plan makes the asset a Multi-AZ DB instance. */
export function isMultiAzDatabase(plan: Plan): boolean {
  return mechanism(plan, 'rds-multi-az-instance') !== undefined;
}

export function instanceExperimentOf(naming: NamingContext, asset: Asset, plan: Plan): InstanceExperiment | undefined {
  if (!isMultiAzDatabase(plan)) return undefined;
  const identifier = databaseIdentifier(naming, asset.id);
  const rtoSeconds = asset.modes.instance.rtoSeconds;
  const minutes = Math.min(MAX_ALARM_MINUTES, Math.max(1, Math.ceil(rtoSeconds / 60)));
  return {
    asset: asset.id,
    databaseIdentifier: identifier,
    rtoSeconds,
    alarmName: databaseUnavailableAlarmName(naming, asset.id),
    metric: {
      namespace: 'AWS/RDS',
      name: 'CPUUtilization',
      dimensions: { DBInstanceIdentifier: identifier },
      statistic: 'SampleCount',
      periodSeconds: 60,
    },
    evaluationPeriods: minutes,
    // One period more than the alarm needs, so its last datapoint is judged before the experiment ends.
    waitDuration: `PT${Math.min(MAX_WAIT_MINUTES, minutes + 1)}M`,
  };
}

/** Every Multi-AZ database's instance experiment, in catalog order. */
export function instanceExperiments(plan: CatalogPlan, naming: NamingContext = plan.catalog.naming) {
  return plan.catalog.assets.flatMap((a) => {
    const p = plan.assets.get(a.id);
    return p ? (instanceExperimentOf(naming, a, p) ?? []) : [];
  });
}

/** An ISO 8601 duration of whole minutes, within what aws:fis:wait and the fault actions take (PT1M–PT12H). */
function minutes(n: number): string {
  return `PT${Math.min(MAX_WAIT_MINUTES, Math.max(1, n))}M`;
}

/**
 * The zone experiment of one zone of the primary Region (issue 17, AZ mode): the "AZ Availability: Power Interruption"
 * scenario's actions where this app has their targets (FIS-3) — the primary cluster's nodes in the zone stopped and
 * restarted after the outage (`aws:ec2:stop-instances`, FIS-12), the zone's subnets cut off from the other zones
 * (`aws:network:disrupt-connectivity`, scope `availability-zone`, FIS-11), the Multi-AZ databases whose primary is in
 * the zone forced to fail over (FIS-1: the scenario's own database action covers clusters only, FIS-3), and, once the
 * nodes are back, the volumes the cluster provisions for the catalog's assets in the zone paused (`aws:ebs:pause-volume-
 * io`, the scenario's recovery symptoms, FIS-12). Every target must resolve (`emptyTargetResolutionMode: fail`, FIS-5):
 * a zone that holds no primary of any of these databases, no node of the cluster or no such volume cannot run it.
 */
export interface AzExperiment {
  readonly zone: string;
  /** The template's Name tag. */
  readonly name: string;
  /** The primary cluster, whose nodes carry `eks:cluster-name` (FIS-20). */
  readonly cluster: string;
  /** The Multi-AZ DB instances of the app, failed over when their primary is in the zone. */
  readonly databases: readonly { readonly asset: string; readonly databaseIdentifier: string }[];
  /** Assets whose data lives on EBS volumes the cluster provisions, tagged `dr:asset` by their StorageClass. */
  readonly volumeAssets: readonly string[];
  /** The services' RTO alarms the stop condition combines: any of them firing stops the experiment (a fail). */
  readonly rtoAlarms: readonly RtoAlarm[];
  /** The composite alarm that is the stop condition. */
  readonly stopAlarmName: string;
  /**
   * How long the zone is out: the longest RTO among those alarms plus a minute, so each can fire while the
   * experiment still runs (FIS-15); then the volumes stay paused as long again (recovery).
   */
  readonly outage: string;
}

/**
 * One zone experiment per zone of the primary Region, or none when no service declares a health signal (nothing
 * would judge the outage: the checker reports the AZ mode unproved, DR-FIS-EXPERIMENT). `databases`: the Multi-AZ
 * databases the app builds (default: every Multi-AZ database of the plan).
 */
export function azExperiments(
  plan: CatalogPlan,
  naming: NamingContext = plan.catalog.naming,
  databases?: ReadonlySet<string>,
): AzExperiment[] {
  const { catalog } = plan;
  const { alarms } = rtoAlarms(catalog, naming);
  if (alarms.length === 0) return [];
  const zones = catalog.environment.availabilityZones[catalog.environment.primaryRegion] ?? [];
  const dbs = instanceExperiments(plan, naming)
    .filter((e) => !databases || databases.has(e.asset))
    .map((e) => ({ asset: e.asset, databaseIdentifier: e.databaseIdentifier }));
  const volumeAssets = volumeAssetsOf(catalog);
  const outage = minutes(Math.max(...alarms.map((a) => a.evaluationPeriods)) + 1);
  return zones.map((zone) => ({
    zone,
    name: experimentName(naming, 'az', zone),
    cluster: catalog.environment.kubernetes.clusters.primary,
    databases: dbs,
    volumeAssets,
    rtoAlarms: alarms,
    stopAlarmName: azStopAlarmName(naming),
    outage,
  }));
}

/** Assets whose data lives on EBS volumes the cluster provisions (the platform chart's tagging StorageClasses). */
export function volumeAssetsOf(catalog: Catalog): string[] {
  return catalog.assets.filter((a) => kindModule(a.kind).backupResourceType === 'EBS').map((a) => a.id);
}

/**
 * The instance experiment of a pod (issue 17): `aws:eks:pod-delete` of one pod (COUNT(1), chosen by FIS among those
 * the label selector matches, FIS-4/FIS-6) in the catalog's namespace of the primary cluster, then `aws:fis:wait` for
 * the RTO alarm's periods and one more, stopped by that alarm. For a service: its own pods and its RTO alarm. For a
 * Redis asset: any of its pods — Sentinel moves the primary, so no template can name the primary (FIS-24) — and the
 * RTO alarm of the service that owns it (no signal watches Redis itself).
 */
export interface PodExperiment {
  /** The catalog entry: a service id, or a Redis asset id. */
  readonly entry: string;
  readonly kind: 'service' | 'redis';
  readonly name: string;
  readonly cluster: string;
  readonly namespace: string;
  /** `key=value[,key=value]`, the pods' labels. */
  readonly selector: string;
  /** The service whose RTO alarm stops the experiment, and that alarm. */
  readonly alarm: RtoAlarm;
  readonly waitDuration: string;
}

/**
 * Every pod experiment: one per service with a health signal whose Deployment the charts build (an overlaid
 * service's pods are the team's, with labels this app does not choose), one per Redis asset (kind `redis`) whose
 * owner has a signal. In catalog order, services first.
 */
export function podExperiments(plan: CatalogPlan, naming: NamingContext = plan.catalog.naming): PodExperiment[] {
  const { catalog } = plan;
  const { alarms } = rtoAlarms(catalog, naming);
  const alarmOf = new Map(alarms.map((a) => [a.service, a]));
  const { namespace, clusters } = catalog.environment.kubernetes;
  const common = { cluster: clusters.primary, namespace };
  const of = (alarm: RtoAlarm) => ({ alarm, waitDuration: minutes(alarm.evaluationPeriods + 1) });
  const services = catalog.services.flatMap((s) => {
    const alarm = alarmOf.get(s.id);
    if (!alarm || s.workload === 'overlay') return [];
    return [
      {
        entry: s.id,
        kind: 'service' as const,
        name: experimentName(naming, 'instance', s.id),
        selector: servicePodSelector(s.id),
        ...common,
        ...of(alarm),
      },
    ];
  });
  const redis = catalog.assets.flatMap((a) => {
    const alarm = a.kind === 'redis' ? alarmOf.get(a.owner) : undefined;
    if (!alarm) return [];
    return [
      {
        entry: a.id,
        kind: 'redis' as const,
        name: experimentName(naming, 'instance', a.id),
        selector: redisPodSelector(a.id),
        ...common,
        ...of(alarm),
      },
    ];
  });
  return [...services, ...redis];
}
