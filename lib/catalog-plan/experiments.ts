/**
 * The instance-mode fault-injection experiment of each Multi-AZ database the plan builds (issue 17, first slice): a
 * forced Multi-AZ failover (`aws:rds:reboot-db-instances` with `forceFailover`, FIS-1; the AZ scenario's database
 * action covers clusters only, FIS-3), then an `aws:fis:wait` as long as the database's instance RTO and one alarm
 * period more, so the stop condition — the database unavailable for longer than that RTO — can fire while the
 * experiment still runs (FIS-15). Unavailable is read from a metric RDS publishes every minute for every instance:
 * no `CPUUtilization` datapoint in a minute counts as down (FIS-18). Pure.
 */
import type { Asset } from '../catalog';
import { databaseIdentifier, databaseUnavailableAlarmName, type NamingContext } from '../names';
import type { Plan } from '../model';
import { mechanism, type CatalogPlan } from './catalog-plan';
import type { HealthMetric } from './health';

/** FIS's action ids and the target's resource type, as the actions reference writes them (FIS-1, FIS-15). */
export const FIS = {
  rebootDbInstances: 'aws:rds:reboot-db-instances',
  wait: 'aws:fis:wait',
  dbInstance: 'aws:rds:db',
  alarmStopCondition: 'aws:cloudwatch:alarm',
} as const;

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
