/**
 * A finished experiment as a measurement of the entry's RTO in its mode, or why it is none. Shared by `dr drill
 * --mode` (the run it started) and `dr audit --evidence` (runs it finds).
 *
 * - completed, on a DB instance: the failover's RDS events, started → completed (OTH-60; by message, FIS-26).
 * - completed, otherwise: the stop condition's alarm did not fire (FIS-27), so the entry was unhealthy for less than
 *   the alarm's window: that window is the measured bound (only when it is within the RTO; a longer window proves
 *   nothing about the RTO).
 * - stopped, and its alarm went to ALARM (or no alarm can be read): a measured FAIL — the entry was still unhealthy
 *   when the alarm fired, so its recovery took at least from the fault to then (and at least the alarm's window).
 * - stopped by someone (the alarm never fired), by this drill (Ctrl-C, timeout), failed, cancelled: nothing measured.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { RDSClient } from '@aws-sdk/client-rds';
import { alarmFiredAt, databaseEvents, type Experiment } from '../../aws';
import { humanDuration } from '../../catalog';
import type { EvidenceRecord } from '../evidence';
import { FAILOVER_EVENTS, type ExperimentPlan } from './plan';

export type Measurement =
  | {
      readonly outcome: 'pass' | 'fail';
      readonly seconds: number;
      /** What was measured and how, in words (it becomes the evidence's `measured`). */
      readonly measured: string;
      readonly date: string;
    }
  | { readonly outcome: 'not-measured'; readonly why: string };

export interface MeasureDeps {
  readonly rds: RDSClient;
  readonly cloudwatch: CloudWatchClient;
}

type Subject = Pick<ExperimentPlan, 'database' | 'stopAlarm' | 'otherAlarms' | 'rtoSeconds'>;

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** When the fault began: the earliest start of an action that is not a wait. */
function faultStart(e: Experiment): Date | undefined {
  const starts = Object.values(e.actions)
    .filter((a) => a.actionId !== 'aws:fis:wait' && a.startTime)
    .map((a) => a.startTime!.getTime());
  return starts.length > 0 ? new Date(Math.min(...starts)) : e.startTime;
}

export async function measureExperiment(
  deps: MeasureDeps,
  subject: Subject,
  e: Experiment,
  stoppedByDrill?: string,
): Promise<Measurement> {
  const status = e.state.status;
  const reason = e.state.reason ? `: ${e.state.reason}` : '';
  if (status === 'failed') {
    const code = e.state.error?.code ? ` (${e.state.error.code})` : '';
    return { outcome: 'not-measured', why: `the experiment failed${code}${reason}` };
  }
  if (status === 'cancelled') return { outcome: 'not-measured', why: `the experiment was cancelled${reason}` };
  if (stoppedByDrill) return { outcome: 'not-measured', why: `dr drill stopped the experiment (${stoppedByDrill})` };
  const start = faultStart(e);
  const end = e.endTime;
  if (!start || !end) return { outcome: 'not-measured', why: `FIS gave no start or end time for ${status}` };
  const date = end.toISOString().slice(0, 10);
  const alarm = subject.stopAlarm;
  const window = alarm?.windowSeconds;
  if (status === 'stopped') {
    if (!alarm && subject.otherAlarms?.length) {
      return {
        outcome: 'not-measured',
        why: `stopped${reason}; its stop alarms (${subject.otherAlarms.join(', ')}) watch other entries, none this one`,
      };
    }
    const fired = alarm?.name ? await alarmFiredAt(deps.cloudwatch, alarm.name, start, end) : undefined;
    if (alarm?.name && !fired) {
      return {
        outcome: 'not-measured',
        why: `stopped${reason}, but its alarm ${alarm.name} did not go to ALARM between ${iso(start)} and ${iso(end)}: stopped by hand or by another entry's stop condition`,
      };
    }
    const at = fired ?? end;
    const lowerBound = Math.max(seconds(start, at), window ?? 0);
    return {
      outcome: 'fail',
      seconds: lowerBound,
      date,
      measured: fired
        ? `stopped by its stop condition: alarm ${alarm!.name} went to ALARM at ${iso(fired)}, ${humanDuration(seconds(start, fired)) || '0s'} after the fault began at ${iso(start)}, so recovery took at least ${humanDuration(lowerBound)}`
        : `stopped${reason} with no readable stop-condition alarm: counted as its stop condition firing, recovery at least ${humanDuration(lowerBound)} (fault ${iso(start)} to stop ${iso(end)})`,
    };
  }
  if (status !== 'completed') return { outcome: 'not-measured', why: `the experiment is still ${status}` };
  const undone = Object.entries(e.actions).filter(([, a]) => a.state && a.state.status !== 'completed');
  if (undone.length > 0) {
    return {
      outcome: 'not-measured',
      why: `completed, but action ${undone.map(([n, a]) => `${n} ${a.state!.status}`).join(', ')}: the fault was not injected as planned`,
    };
  }
  if (subject.database) {
    const events = await databaseEvents(deps.rds, subject.database, start, end);
    const has = (m: string, text: string) => m.toLowerCase().includes(text.toLowerCase());
    const abandoned = events.find((x) => has(x.message, FAILOVER_EVENTS.abandoned.text));
    if (abandoned)
      return {
        outcome: 'not-measured',
        why: `RDS abandoned the failover of ${subject.database} at ${iso(abandoned.date)} (${FAILOVER_EVENTS.abandoned.id}: a failover had just happened)`,
      };
    const started = events.find((x) => has(x.message, FAILOVER_EVENTS.started.text));
    const after = events.filter((x) => started && x.date >= started.date);
    const done =
      after.find((x) => has(x.message, FAILOVER_EVENTS.completed.text)) ??
      after.find((x) => has(x.message, FAILOVER_EVENTS.standby.text));
    if (!started || !done) {
      return {
        outcome: 'not-measured',
        why: `no ${started ? 'failover-completed' : 'failover-started'} event of ${subject.database} between ${iso(start)} and ${iso(end)} (RDS keeps events 14 days, FIS-26)`,
      };
    }
    const s = seconds(started.date, done.date);
    const doneId = has(done.message, FAILOVER_EVENTS.completed.text)
      ? FAILOVER_EVENTS.completed.id
      : FAILOVER_EVENTS.standby.id;
    return {
      outcome: s <= subject.rtoSeconds ? 'pass' : 'fail',
      seconds: s,
      date,
      measured: `Multi-AZ failover of ${subject.database}: ${FAILOVER_EVENTS.started.id} at ${iso(started.date)} to ${doneId} at ${iso(done.date)} (RDS events; DNS TTL not included)`,
    };
  }
  if (!alarm && subject.otherAlarms?.length) {
    return {
      outcome: 'not-measured',
      why: `completed, but its stop alarms (${subject.otherAlarms.join(', ')}) watch other entries: the run bounds nothing for this one`,
    };
  }
  if (!alarm || window === undefined) {
    return {
      outcome: 'not-measured',
      why: `completed, but the window of its stop condition (${alarm?.name ?? alarm?.value ?? 'none'}) is not in the synthesized template, so the run bounds nothing`,
    };
  }
  if (window > subject.rtoSeconds) {
    return {
      outcome: 'not-measured',
      why: `completed, but its alarm ${alarm.name ?? alarm.value} watches ${humanDuration(window)}, longer than the RTO of ${humanDuration(subject.rtoSeconds)}: a run cannot prove the RTO`,
    };
  }
  return {
    outcome: 'pass',
    seconds: window,
    date,
    measured: `completed without its stop condition firing: alarm ${alarm.name ?? alarm.value} (${humanDuration(window)} window) stayed out of ALARM from the fault at ${iso(start)} to ${iso(end)}`,
  };
}

/** The evidence record of a measurement (docs/artifacts.md, "Evidence"). */
export function experimentEvidence(
  entry: string,
  mode: string,
  region: string,
  m: Extract<Measurement, { seconds: number }>,
  run: string,
): EvidenceRecord {
  return {
    asset: entry,
    mode: mode as EvidenceRecord['mode'],
    region,
    recoveryKind: 'fault-injection',
    durationSeconds: m.seconds,
    date: m.date,
    run,
    measured: m.measured,
  };
}

export function runText(e: Experiment, templateId: string, by?: string): string {
  return `FIS experiment ${e.id} of template ${templateId}${by ? ` (${by})` : ''}`;
}
