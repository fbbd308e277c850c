/**
 * What Prometheus watches on a Redis asset (the Prometheus operator's API; kube-state-metrics for CronJobs; both are
 * prerequisites, docs/kubernetes.md): a PodMonitor that scrapes each pod's exporter (exporter.ts), and for a persistent
 * Redis a PrometheusRule whose thresholds are the plan's own figures — Sentinel's lag bound (REDIS-12), the replicas
 * it plans, and the model's shipping RPO (schedule plus deadline) — so an alert fires when the running Redis stops
 * achieving what the posture reports. None of these numbers is chosen here.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { humanDuration, type Asset } from '../../lib/catalog';
import type { Mode, SpecOf } from '../../lib/model';

/** The Prometheus operator's API group (CRDs, so not schema-checked by the tests: their key fields are asserted). */
export const PROMETHEUS_OPERATOR_API = 'monitoring.coreos.com/v1';
/** How long a condition must hold before it alerts: hysteresis against one scrape's blip, not a DR figure. */
export const ALERT_FOR = '1m';

export function podMonitor(
  scope: Construct,
  props: { readonly name: string; readonly selector: Record<string, string> },
): ApiObject {
  return new ApiObject(scope, 'pod-monitor', {
    apiVersion: PROMETHEUS_OPERATOR_API,
    kind: 'PodMonitor',
    metadata: { name: props.name },
    spec: {
      selector: { matchLabels: props.selector },
      // The exporter's named port; Prometheus adds the `namespace` and `pod` labels the rules select on.
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }],
    },
  });
}

export interface RedisRulesProps {
  readonly asset: Asset;
  readonly namespace: string;
  /** The StatefulSet whose pods (`<name>-<ordinal>`) run Redis and the exporter. */
  readonly statefulSet: string;
  readonly sentinel: SpecOf<'redis-sentinel'>;
  /** The shipping CronJob and the age its last success may reach: the model's RPO of `redis-rdb-shipping`. */
  readonly shipping?: { readonly cronJob: string; readonly maxAgeSeconds: number };
}

/** The catalog targets of some modes as people read them, e.g. `az RPO 1h RTO 5m`. */
function target(asset: Asset, modes: readonly Mode[], withRto: boolean): string {
  const text = (m: Mode) => {
    const { rpoSeconds, rtoSeconds } = asset.modes[m];
    const rpo = `RPO ${rpoSeconds === null ? 'none' : humanDuration(rpoSeconds)}`;
    return `${m} ${rpo}${withRto ? ` RTO ${humanDuration(rtoSeconds)}` : ''}`;
  };
  return modes.map(text).join(', ');
}

/**
 * The persistent Redis's rules. Alert labels carry the catalog join as `dr_asset` / `dr_tier` (a Prometheus label
 * name cannot hold `/`); the object itself carries `dr/asset` and `dr/tier` from its chart.
 */
export function redisRules(scope: Construct, props: RedisRulesProps): ApiObject {
  const { asset, sentinel, shipping } = props;
  const pods = `namespace="${props.namespace}", pod=~"${props.statefulSet}-[0-9]+"`;
  const labels = (severity: 'warning' | 'critical') => ({ severity, dr_asset: asset.id, dr_tier: asset.tier });
  const lag = sentinel.minReplicasMaxLagSeconds;
  const rules: Record<string, unknown>[] = [
    {
      // INFO's `lag` is the seconds since the replica's last acknowledgement, the measure min-replicas-max-lag uses.
      alert: 'RedisReplicaLagAboveBound',
      expr: `max by (namespace, pod, slave_ip) (redis_connected_slave_lag_seconds{${pods}}) > ${lag}`,
      for: ALERT_FOR,
      labels: labels('warning'),
      annotations: {
        summary: `${asset.id}: a replica lags more than ${lag}s (min-replicas-max-lag) behind the primary; target ${target(asset, ['instance', 'az'], false)}`,
        description:
          `Replica {{ $labels.slave_ip }} of primary {{ $labels.pod }} last acknowledged {{ $value }}s ago. It no longer ` +
          `counts toward min-replicas-to-write, and promoting it would lose more than the ${lag}s the failover RPO ` +
          `assumes (REDIS-12).`,
      },
    },
    {
      // Only the primary's count: replicas report 0. With no primary scraped it is 0: lost metrics alert too.
      alert: 'RedisReplicasBelowPlan',
      expr:
        `(max(redis_connected_slaves{${pods}} and on (namespace, pod) redis_instance_info{${pods}, role="master"}) ` +
        `or vector(0)) < ${sentinel.replicas}`,
      for: ALERT_FOR,
      labels: labels('warning'),
      annotations: {
        summary: `${asset.id}: fewer than the ${sentinel.replicas} planned replicas are connected to the primary; target ${target(asset, ['az'], true)}`,
        description:
          `The primary reports {{ $value }} connected replicas (0 also when no primary's exporter is scraped). The ` +
          `plan spreads ${sentinel.replicas} replicas over ${sentinel.zones} zones so that a zone loss leaves one to promote; ` +
          `with fewer fresh replicas than min-replicas-to-write (${sentinel.minReplicasToWrite}) the primary refuses writes.`,
      },
    },
  ];
  if (shipping) {
    const job = `namespace="${props.namespace}", cronjob="${shipping.cronJob}"`;
    const age = shipping.maxAgeSeconds;
    rules.push({
      // A CronJob that never succeeded has no last-success time: it alerts once it is older than the bound.
      alert: 'RedisRdbShippingStale',
      expr:
        `(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{${job}}) > ${age}) ` +
        `or ((time() - max by (namespace, cronjob) (kube_cronjob_created{${job}}) > ${age}) ` +
        `unless on (namespace, cronjob) kube_cronjob_status_last_successful_time{${job}})`,
      labels: labels('critical'),
      annotations: {
        summary: `${asset.id}: no RDB snapshot shipped for over ${humanDuration(age)}; target ${target(asset, ['region', 'corruption'], false)}`,
        description:
          `CronJob ${shipping.cronJob} last succeeded more than ${age}s ago (its schedule plus deadline: a shipment was ` +
          `missed). The posture's RPO allows one missed shipment; a second, and a Region loss or corruption loses more than it reports.`,
      },
    });
  }
  return new ApiObject(scope, 'prometheus-rule', {
    apiVersion: PROMETHEUS_OPERATOR_API,
    kind: 'PrometheusRule',
    metadata: { name: props.statefulSet },
    spec: { groups: [{ name: `${props.statefulSet}.dr`, rules }] },
  });
}
