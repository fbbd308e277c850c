/**
 * What each service's health signal becomes (issue 17): the CloudWatch metric the constructs alarm on, and the alarm
 * that fires once the service has been unhealthy for longer than its RTO — the RTO alarm, which the experiments stop
 * on and the SLOs read. A canary's signal is its SuccessPercent (namespace CloudWatchSynthetics, dimension CanaryName,
 * SLO-6), healthy when every run of the minute passed. Pure.
 */
import type { Catalog, HealthSignal, Service } from '../catalog';
import { healthCanaryName, rtoAlarmName, type NamingContext } from '../names';

export type AlarmComparison =
  'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

export interface HealthMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: string;
  readonly periodSeconds: number;
}

export interface RtoAlarm {
  readonly service: string;
  readonly signal: HealthSignal;
  /** The canary the stack creates for a URL signal. */
  readonly canaryName?: string;
  readonly metric: HealthMetric;
  /** When the metric says healthy. */
  readonly healthy: { readonly op: '>=' | '>' | '<=' | '<'; readonly value: number };
  readonly alarmName: string;
  /** The unhealthy side of `healthy`. */
  readonly comparison: AlarmComparison;
  readonly threshold: number;
  /** Consecutive unhealthy minutes that raise it: the RTO, rounded up to whole minutes. */
  readonly evaluationPeriods: number;
  readonly rtoSeconds: number;
}

/** The alarm's period: one minute, the finest a standard-resolution metric has. */
export const HEALTH_PERIOD_SECONDS = 60;

const UNHEALTHY: Readonly<Record<RtoAlarm['healthy']['op'], AlarmComparison>> = {
  '>=': 'LessThanThreshold',
  '>': 'LessThanOrEqualToThreshold',
  '<=': 'GreaterThanThreshold',
  '<': 'GreaterThanOrEqualToThreshold',
};

export function rtoAlarmOf(naming: NamingContext, service: Service): RtoAlarm | undefined {
  const signal = service.health;
  if (!signal) return undefined;
  const canaryName = signal.kind === 'canary' ? healthCanaryName(naming, service.id) : undefined;
  const metric: HealthMetric =
    signal.kind === 'canary'
      ? {
          namespace: 'CloudWatchSynthetics',
          name: 'SuccessPercent',
          dimensions: { CanaryName: canaryName! },
          statistic: 'Average',
          periodSeconds: HEALTH_PERIOD_SECONDS,
        }
      : {
          namespace: signal.namespace,
          name: signal.name,
          dimensions: signal.dimensions,
          statistic: signal.statistic,
          periodSeconds: HEALTH_PERIOD_SECONDS,
        };
  const healthy = signal.kind === 'canary' ? { op: '>=' as const, value: 100 } : signal.healthy;
  return {
    service: service.id,
    signal,
    ...(canaryName ? { canaryName } : {}),
    metric,
    healthy,
    alarmName: rtoAlarmName(naming, service.id),
    comparison: UNHEALTHY[healthy.op],
    threshold: healthy.value,
    evaluationPeriods: Math.max(1, Math.ceil(service.rtoSeconds / HEALTH_PERIOD_SECONDS)),
    rtoSeconds: service.rtoSeconds,
  };
}

/** Every service's RTO alarm, and the services that declare no health signal (reported, never skipped silently). */
export function rtoAlarms(catalog: Catalog, naming: NamingContext = catalog.naming) {
  const alarms = catalog.services.flatMap((s) => rtoAlarmOf(naming, s) ?? []);
  const without = catalog.services.filter((s) => !s.health).map((s) => s.id);
  return { alarms, without };
}
