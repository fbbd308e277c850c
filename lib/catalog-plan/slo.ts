/**
 * Availability SLOs from the SLA table (issue 17): per service with a health signal, its SLA (the service's own or its
 * tier's) becomes the objective on that signal — the share of good minutes, a minute being good when the signal meets
 * its healthy condition (a canary: every run passed) — with multi-window, multi-burn-rate alarms (SLO-3, SLO-4): each
 * pair alerts only when its long and its short window both burn the error budget at least `burnRate` times as fast as
 * the objective allows. A window of N one-minute datapoints burns at rate B when at least B × (1 − SLA) × N of its
 * minutes are unhealthy, so each window is a plain "M out of N" CloudWatch alarm on the signal itself (SLO-7), and each
 * pair a composite alarm. Pure.
 */
import type { Catalog, Service } from '../catalog';
import { sloAlarmName, type NamingContext, type SLO_WINDOW_SLUGS } from '../names';
import { HEALTH_PERIOD_SECONDS, rtoAlarmOf, type RtoAlarm } from './health';

export interface BurnWindowSpec {
  readonly slug: (typeof SLO_WINDOW_SLUGS)[number];
  readonly severity: 'page' | 'ticket';
  readonly burnRate: number;
  readonly longMinutes: number;
  readonly shortMinutes: number;
}

/**
 * SLO-4's three pairs. The ticket pair spends the same 10 % of a 30-day budget as SLO-4's "1 over 3 d with 6 h", in
 * one day at 3 (10 % × 720 h / 24 h, SLO-3) with a short window of 2 h (1/12 of the long, as in SLO-4): an alarm on
 * one-minute datapoints may look back at most one day (OTH-67), and a per-minute count is what makes the rate exact.
 */
export const BURN_WINDOWS: readonly BurnWindowSpec[] = [
  { slug: 'page-1h', severity: 'page', burnRate: 14.4, longMinutes: 60, shortMinutes: 5 },
  { slug: 'page-6h', severity: 'page', burnRate: 6, longMinutes: 360, shortMinutes: 30 },
  { slug: 'ticket-1d', severity: 'ticket', burnRate: 3, longMinutes: 1440, shortMinutes: 120 },
];

/** The longest look-back of an alarm on one-minute datapoints (OTH-67): one day. */
export const MAX_MINUTE_LOOKBACK_MINUTES = 1440;

/** One window's alarm: N one-minute datapoints, in ALARM when at least M of them are unhealthy. */
export interface WindowAlarm {
  readonly alarmName: string;
  readonly minutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

export interface BurnRateAlarm extends BurnWindowSpec {
  /** The composite alarm: long AND short in ALARM. It alone notifies. */
  readonly alarmName: string;
  readonly long: WindowAlarm;
  readonly short: WindowAlarm;
}

export interface ServiceSlo {
  readonly service: string;
  /** Percent, e.g. 99.95. */
  readonly objective: number;
  /** The signal and its unhealthy side, as the RTO alarm reads them. */
  readonly signal: RtoAlarm;
  readonly alarms: readonly BurnRateAlarm[];
}

/**
 * Unhealthy minutes among `minutes` that burn a budget of `1 − objective/100` at `burnRate`: at least one, at most all
 * (an objective so low that the rate needs more than every minute can only alarm when every minute is unhealthy).
 */
export function unhealthyMinutesToAlarm(objective: number, burnRate: number, minutes: number): number {
  if (!(objective > 0 && objective < 100))
    throw new Error(`unhealthyMinutesToAlarm: objective ${objective} not in (0, 100)`);
  if (!(burnRate > 0)) throw new Error(`unhealthyMinutesToAlarm: burnRate ${burnRate} is not positive`);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTE_LOOKBACK_MINUTES)
    throw new Error(
      `unhealthyMinutesToAlarm: minutes ${minutes} not a whole number in 1..${MAX_MINUTE_LOOKBACK_MINUTES}`,
    );
  // Rounded to 1e-9 first, so 6 × 0.0005 × 360 = 1.08 and 14.4 × 0.01 × 60 = 8.64 do not pick up binary noise.
  const exact = Math.round(burnRate * (1 - objective / 100) * minutes * 1e9) / 1e9;
  return Math.min(minutes, Math.max(1, Math.ceil(exact)));
}

/** The burn rate that M unhealthy minutes of N mean for an objective: (M / N) / (1 − objective/100) (SLO-3). */
export function burnRateOf(objective: number, unhealthy: number, minutes: number): number {
  return unhealthy / minutes / (1 - objective / 100);
}

function windowAlarm(name: string, objective: number, burnRate: number, minutes: number): WindowAlarm {
  return {
    alarmName: name,
    minutes,
    evaluationPeriods: (minutes * 60) / HEALTH_PERIOD_SECONDS,
    datapointsToAlarm: unhealthyMinutesToAlarm(objective, burnRate, minutes),
  };
}

/** A service's SLO, or none when it names no health signal (DR-HEALTH-SIGNAL reports that). */
export function sloOf(naming: NamingContext, service: Service): ServiceSlo | undefined {
  const signal = rtoAlarmOf(naming, service);
  if (!signal) return undefined;
  const objective = service.sla;
  return {
    service: service.id,
    objective,
    signal,
    alarms: BURN_WINDOWS.map((w) => ({
      ...w,
      alarmName: sloAlarmName(naming, service.id, w.slug),
      long: windowAlarm(sloAlarmName(naming, service.id, w.slug, 'long'), objective, w.burnRate, w.longMinutes),
      short: windowAlarm(sloAlarmName(naming, service.id, w.slug, 'short'), objective, w.burnRate, w.shortMinutes),
    })),
  };
}

/** Every service's SLO; services without a signal have none. */
export function serviceSlos(catalog: Catalog, naming: NamingContext = catalog.naming): ServiceSlo[] {
  return catalog.services.flatMap((s) => sloOf(naming, s) ?? []);
}
