/**
 * Health signals through the checker, on the checker's fixture: a service without one is a warning (never skipped
 * silently); one that names a signal needs its RTO alarm in the templates, watching that namespace for the RTO.
 */
import { readFileSync } from 'node:fs';
import { parseCatalog } from '../../lib/catalog';
import { check, type Finding } from '../../lib/checker';
import { artifacts, CATALOG_FILE, PRIMARY_STACK } from './fixture-app';
import { resource } from './helpers';

/** The fixture's web names a metric signal, and its artifacts hold the alarm (WebRtoAlarm). */
const WITH_SIGNAL = readFileSync(CATALOG_FILE, 'utf8');
const SIGNAL_LINE = /\n {4}health: \{ metric: .*\}\n/;
const WITHOUT = WITH_SIGNAL.replace(SIGNAL_LINE, '\n');

/** The findings of the health rules; `alarm` replaces web's RTO alarm (null: removes it). */
function healthFindings(text: string, alarm?: Record<string, unknown> | null): Finding[] {
  const catalog = parseCatalog(text, CATALOG_FILE);
  const a = artifacts();
  const resources = a.stacks.find((s) => s.name === PRIMARY_STACK)!.resources as Record<string, unknown>;
  if (alarm === null) delete resources.WebRtoAlarm;
  else if (alarm) resources.WebRtoAlarm = resource('AWS::CloudWatch::Alarm', alarm);
  return check({ catalog, artifacts: a, today: '2026-11-28' }).findings.filter(
    (f) => f.rule === 'DR-HEALTH-SIGNAL' || f.rule === 'DR-RTO-ALARM' || f.rule === 'DR-SLO-ALARM',
  );
}

/** The DR-SLO-ALARM findings after `change` mutates the primary stack's resources. */
function sloFindings(change: (resources: Record<string, { Properties: Record<string, unknown> }>) => void): Finding[] {
  const catalog = parseCatalog(WITH_SIGNAL, CATALOG_FILE);
  const a = artifacts();
  change(a.stacks.find((s) => s.name === PRIMARY_STACK)!.resources as never);
  return check({ catalog, artifacts: a, today: '2026-11-28' }).findings.filter((f) => f.rule === 'DR-SLO-ALARM');
}

const alarm = (extra: Record<string, unknown> = {}) => ({
  AlarmName: 'example-co-web-rto',
  Namespace: 'Shop',
  MetricName: 'Up',
  Period: 60,
  EvaluationPeriods: 10,
  ...extra,
});

describe('health signals in the checker', () => {
  test('the fixture as it is: no finding', () => {
    expect(SIGNAL_LINE.test(WITH_SIGNAL)).toBe(true);
    expect(healthFindings(WITH_SIGNAL)).toEqual([]);
  });

  test('a service without a health signal is reported as a warning naming it', () => {
    // Nor does it get an SLO finding: without a signal there is nothing to hold the alarms to.
    const found = healthFindings(WITHOUT, null);
    expect(found.map((f) => [f.rule, f.severity, f.entry])).toEqual([['DR-HEALTH-SIGNAL', 'warning', 'web']]);
    expect(found[0]!.message).toMatch(/web: no health signal/);
  });

  test('a signal with no RTO alarm in the templates is an error', () => {
    const found = healthFindings(WITH_SIGNAL, null);
    expect(found.map((f) => [f.rule, f.severity, f.entry, f.field])).toEqual([['DR-RTO-ALARM', 'error', 'web', 'rto']]);
    expect(found[0]!.message).toMatch(/no RTO alarm example-co-web-rto in the templates/);
  });

  test('its alarm for the RTO (10 one-minute periods) satisfies it', () => {
    expect(healthFindings(WITH_SIGNAL, alarm())).toEqual([]);
  });

  test('an alarm that watches for less than the RTO, or another namespace, is an error pointing at the resource', () => {
    for (const wrong of [alarm({ EvaluationPeriods: 5 }), alarm({ Namespace: 'Other' })]) {
      const found = healthFindings(WITH_SIGNAL, wrong);
      expect(found.map((f) => [f.rule, f.where])).toEqual([
        ['DR-RTO-ALARM', `${PRIMARY_STACK}/WebRtoAlarm (AWS::CloudWatch::Alarm)`],
      ]);
    }
  });

  test('its SLO burn-rate alarms as planned (tier SLA 90 %): no finding; each missing one is an error naming it', () => {
    expect(sloFindings(() => undefined)).toEqual([]);
    const found = sloFindings((r) => {
      delete r.WebSloPage1h;
      delete r.WebSloTicket1dShort;
    });
    expect(found.map((f) => [f.rule, f.severity, f.entry])).toEqual([['DR-SLO-ALARM', 'error', 'web']]);
    expect(found[0]!.message).toMatch(/no composite alarm example-co-web-slo-page-1h;/);
    expect(found[0]!.message).toMatch(/no alarm example-co-web-slo-ticket-1d-short$/);
  });

  test('a window that counts other minutes, or a composite that does not read its window, is an error', () => {
    const wrongCount = sloFindings((r) => {
      r.WebSloPage6hLong!.Properties.DatapointsToAlarm = 215;
    });
    expect(wrongCount[0]!.message).toMatch(
      /example-co-web-slo-page-6h-long counts 215 of 21600 s on Shop, not 216 of 21600 s/,
    );
    const unread = sloFindings((r) => {
      r.WebSloPage1h!.Properties.AlarmRule = 'ALARM("other")';
    });
    expect(unread[0]!.message).toMatch(
      /example-co-web-slo-page-1h's rule does not read example-co-web-slo-page-1h-long/,
    );
  });

  test('no signal, no SLO: the service without one has no DR-SLO-ALARM even with no alarms at all', () => {
    expect(healthFindings(WITHOUT, null).map((f) => f.rule)).toEqual(['DR-HEALTH-SIGNAL']);
  });
});
