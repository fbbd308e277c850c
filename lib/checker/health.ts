/**
 * Health signals in the artifacts (issue 17): a service that names no health signal is reported (DR-HEALTH-SIGNAL: no
 * RTO alarm, experiment stop condition or SLO can watch it); one that names a signal must have its RTO alarm in the
 * templates, watching the signal for as long as its RTO (DR-RTO-ALARM), and its SLO's burn-rate alarms: per pair a
 * composite alarm of its name over a long- and a short-window alarm, each counting its minutes on the signal's namespace
 * as lib/catalog-plan/slo.ts says (DR-SLO-ALARM).
 */
import type { Catalog } from '../catalog';
import { rtoAlarmOf, sloOf, type ServiceSlo } from '../catalog-plan';
import { finding, type Finding } from './findings';
import type { StackArtifact } from './types';

export function healthFindings(catalog: Catalog, stacks: readonly StackArtifact[]): Finding[] {
  const alarms = new Map<string, Found>();
  const composites = new Map<string, Found>();
  for (const stack of stacks)
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      const into =
        r.Type === 'AWS::CloudWatch::Alarm'
          ? alarms
          : r.Type === 'AWS::CloudWatch::CompositeAlarm'
            ? composites
            : undefined;
      const name = into ? r.Properties?.AlarmName : undefined;
      if (into && typeof name === 'string') into.set(name, { stack: stack.name, logicalId, props: r.Properties! });
    }
  const out: Finding[] = [];
  for (const service of catalog.services) {
    const spec = rtoAlarmOf(catalog.naming, service);
    if (!spec) {
      out.push(
        finding('health-signal', {
          entry: service.id,
          message: `${service.id}: no health signal, so no RTO alarm, fault-injection experiment or SLO can watch it`,
          fix: 'name one in the catalog: `health: { url: https://… }` (a canary) or `health: { metric: { namespace, name, dimensions, statistic, healthy } }`',
        }),
      );
      continue;
    }
    const slo = sloOf(catalog.naming, service);
    if (slo) out.push(...sloFindings(slo, alarms, composites));
    const alarm = alarms.get(spec.alarmName);
    const window = spec.evaluationPeriods * spec.metric.periodSeconds;
    const seen = alarm ? Number(alarm.props.EvaluationPeriods) * Number(alarm.props.Period) : undefined;
    if (alarm && seen === window && alarm.props.Namespace === spec.metric.namespace) continue;
    const where = alarm ? `${alarm.stack}/${alarm.logicalId} (AWS::CloudWatch::Alarm)` : undefined;
    out.push(
      finding('rto-alarm', {
        entry: service.id,
        field: 'rto',
        targetSeconds: service.rtoSeconds,
        ...(where ? { where, resource: { stack: alarm!.stack, logicalId: alarm!.logicalId } } : {}),
        message: alarm
          ? `${service.id}: its RTO alarm ${spec.alarmName} watches ${String(alarm.props.Namespace)} for ${seen} s, not ${spec.metric.namespace} for ${window} s (the RTO in whole minutes)`
          : `${service.id}: no RTO alarm ${spec.alarmName} in the templates, though the catalog names its health signal`,
        fix: 'synthesize the app with its HealthSignals construct (constructs/health.ts)',
      }),
    );
  }
  return out;
}

interface Found {
  readonly stack: string;
  readonly logicalId: string;
  readonly props: Record<string, unknown>;
}

/** What is missing or wrong of a service's burn-rate alarms: one finding per service, naming each alarm. */
function sloFindings(slo: ServiceSlo, alarms: Map<string, Found>, composites: Map<string, Found>): Finding[] {
  const problems: string[] = [];
  for (const pair of slo.alarms) {
    const composite = composites.get(pair.alarmName);
    if (!composite) problems.push(`no composite alarm ${pair.alarmName}`);
    for (const w of [pair.long, pair.short]) {
      const alarm = alarms.get(w.alarmName);
      if (!alarm) {
        problems.push(`no alarm ${w.alarmName}`);
        continue;
      }
      const p = alarm.props;
      const seconds = Number(p.EvaluationPeriods) * Number(p.Period);
      if (
        p.Namespace !== slo.signal.metric.namespace ||
        seconds !== w.minutes * 60 ||
        Number(p.DatapointsToAlarm) !== w.datapointsToAlarm
      )
        problems.push(
          `${w.alarmName} counts ${String(p.DatapointsToAlarm)} of ${seconds} s on ${String(p.Namespace)}, not ${w.datapointsToAlarm} of ${w.minutes * 60} s on ${slo.signal.metric.namespace}`,
        );
      // The composite must read this window: its rule names the window alarm's resource.
      else if (composite && !JSON.stringify(composite.props.AlarmRule ?? '').includes(alarm.logicalId))
        problems.push(`${pair.alarmName}'s rule does not read ${w.alarmName}`);
    }
  }
  if (problems.length === 0) return [];
  return [
    finding('slo-alarm', {
      entry: slo.service,
      message: `${slo.service}: its ${slo.objective} % SLO's burn-rate alarms are not as planned: ${problems.join('; ')}`,
      fix: 'synthesize the app with its HealthSignals construct (constructs/health.ts), which builds them from the catalog',
    }),
  ];
}
