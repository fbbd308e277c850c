/** The availability SLO and burn-rate alarms each health signal becomes (lib/catalog-plan/slo.ts): pure. */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { parseCatalog } from '../../lib/catalog';
import { BURN_WINDOWS, burnRateOf, serviceSlos, unhealthyMinutesToAlarm } from '../../lib/catalog-plan';
import { SLO_WINDOW_SLUGS } from '../../lib/names';

const base = parse(readFileSync('test/fixtures/minimal.yaml', 'utf8')) as { services: Record<string, unknown>[] };

describe('unhealthyMinutesToAlarm: B × (1 − SLA) × N unhealthy minutes, rounded up, at least 1, at most N', () => {
  test.each([
    // objective, burn rate, window minutes, unhealthy minutes that alarm
    [99.9, 14.4, 60, 1], // 0.864
    [99.9, 14.4, 5, 1], // 0.072
    [99.9, 6, 360, 3], // 2.16
    [99.9, 6, 30, 1], // 0.18
    [99.9, 3, 1440, 5], // 4.32
    [99.9, 3, 120, 1], // 0.36
    [99.95, 14.4, 60, 1], // 0.432
    [99.95, 6, 360, 2], // 1.08 (not 2.0000000001 nor 1)
    [99.95, 3, 1440, 3], // 2.16
    [99.5, 14.4, 60, 5], // 4.32
    [99.5, 6, 360, 11], // 10.8
    [99.5, 3, 1440, 22], // 21.6
    [99.0, 14.4, 60, 9], // 8.64
    [99.0, 6, 360, 22], // 21.6
    [99.0, 3, 1440, 44], // 43.2
    [99.0, 3, 120, 4], // 3.6
    [99.0, 6, 50, 3], // exactly 3.0: not 4
    [90, 14.4, 60, 60], // 86.4 > 60: every minute
  ])('SLA %d %%, burn %d over %d min: %d', (objective, burn, minutes, expected) => {
    expect(unhealthyMinutesToAlarm(objective, burn, minutes)).toBe(expected);
  });

  test('the count it returns burns at least at the rate, and one minute fewer would not (unless clamped to 1)', () => {
    for (const objective of [99, 99.5, 99.9, 99.95])
      for (const w of BURN_WINDOWS)
        for (const minutes of [w.longMinutes, w.shortMinutes]) {
          const m = unhealthyMinutesToAlarm(objective, w.burnRate, minutes);
          expect(burnRateOf(objective, m, minutes)).toBeGreaterThanOrEqual(w.burnRate - 1e-9);
          if (m > 1) expect(burnRateOf(objective, m - 1, minutes)).toBeLessThan(w.burnRate);
        }
  });

  test.each([
    [100, 1, 60],
    [0, 1, 60],
    [99.9, 0, 60],
    [99.9, 1, 0],
    [99.9, 1, 1441],
    [99.9, 1, 2.5],
  ])('refuses objective %d, burn %d, minutes %d', (objective, burn, minutes) => {
    expect(() => unhealthyMinutesToAlarm(objective, burn, minutes)).toThrow(/unhealthyMinutesToAlarm: /);
  });
});

describe('BURN_WINDOWS', () => {
  test('short window 1/12 of the long one, each within one day of minutes, 2 %, 5 % and 10 % of a 30-day budget', () => {
    expect(BURN_WINDOWS.map((w) => w.slug)).toEqual([...SLO_WINDOW_SLUGS]);
    for (const w of BURN_WINDOWS) {
      expect(w.shortMinutes * 12).toBe(w.longMinutes);
      expect(w.longMinutes).toBeLessThanOrEqual(1440);
    }
    // Budget spent when the long window burns at the rate: B × window / 30 days (SLO-3).
    const spent = BURN_WINDOWS.map((w) => Math.round(((w.burnRate * w.longMinutes) / (30 * 1440)) * 1000) / 1000);
    expect(spent).toEqual([0.02, 0.05, 0.1]);
  });
});

describe('serviceSlos', () => {
  function slosFor(services: Record<string, unknown>[]) {
    const doc = structuredClone(base);
    const web = doc.services[0]!;
    doc.services = services.map((s, i) => ({
      ...web,
      id: i === 0 ? 'web' : `svc-${i}`,
      owns: i === 0 ? web.owns : [],
      ...s,
    }));
    return serviceSlos(parseCatalog(stringify(doc), 'slo.yaml'));
  }
  const metric = { metric: { namespace: 'N', name: 'M', healthy: '>= 1' } };

  test("the service's own SLA wins over its tier's; a service without a signal has no SLO", () => {
    const slos = slosFor([{ health: metric, sla: 99.95 }, { health: metric }, {}]);
    expect(slos.map((s) => s.service)).toEqual(['web', 'svc-1']);
    expect(slos[0]!.objective).toBe(99.95);
    expect(slos[1]!.objective).not.toBe(99.95);
  });

  test('names, windows and counts of a 99.95 % service', () => {
    const [slo] = slosFor([{ health: metric, sla: 99.95 }]);
    expect(
      slo!.alarms.map((a) => [
        a.alarmName,
        a.long.alarmName,
        a.long.evaluationPeriods,
        a.long.datapointsToAlarm,
        a.short.evaluationPeriods,
        a.short.datapointsToAlarm,
      ]),
    ).toEqual([
      ['example-co-web-slo-page-1h', 'example-co-web-slo-page-1h-long', 60, 1, 5, 1],
      ['example-co-web-slo-page-6h', 'example-co-web-slo-page-6h-long', 360, 2, 30, 1],
      ['example-co-web-slo-ticket-1d', 'example-co-web-slo-ticket-1d-long', 1440, 3, 120, 1],
    ]);
    expect(slo!.signal.comparison).toBe('LessThanThreshold');
  });
});
