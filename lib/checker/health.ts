/**
 * Health signals in the artifacts (issue 17): a service that names no health signal is reported (DR-HEALTH-SIGNAL: no
 * RTO alarm, experiment stop condition or SLO can watch it); one that names a signal must have its RTO alarm in the
 * templates, watching the signal for as long as its RTO (DR-RTO-ALARM).
 */
import type { Catalog } from '../catalog';
import { rtoAlarmOf } from '../catalog-plan';
import { finding, type Finding } from './findings';
import type { StackArtifact } from './types';

export function healthFindings(catalog: Catalog, stacks: readonly StackArtifact[]): Finding[] {
  const alarms = new Map<string, { stack: string; logicalId: string; props: Record<string, unknown> }>();
  for (const stack of stacks)
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      const name = r.Type === 'AWS::CloudWatch::Alarm' ? r.Properties?.AlarmName : undefined;
      if (typeof name === 'string') alarms.set(name, { stack: stack.name, logicalId, props: r.Properties! });
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
