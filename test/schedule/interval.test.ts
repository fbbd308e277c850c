import fc from 'fast-check';
import { scheduleInterval, windowsOverlap } from '../../lib/schedule';

describe('scheduleInterval: the longest wait between two runs', () => {
  test.each([
    ['cron(0 * ? * * *)', 3600],
    ['cron(0 5 ? * * *)', 86400],
    ['cron(0 0/4 ? * * *)', 4 * 3600],
    ['cron(0 1,13 ? * * *)', 12 * 3600],
    ['cron(0 2,3 ? * * *)', 23 * 3600],
    ['cron(0 5 ? * MON-FRI *)', 3 * 86400],
    ['cron(0 5 ? * 2-6 *)', 3 * 86400],
    ['cron(0 5 1 * ? *)', 31 * 86400],
    ['rate(12 hours)', 12 * 3600],
    ['rate(1 day)', 86400],
  ])('AWS %s → %d s', (expr, seconds) => {
    expect(scheduleInterval(expr, 'aws')).toEqual({ seconds });
  });

  test.each([
    ['*/30 * * * *', 1800],
    ['0 * * * *', 3600],
    ['15 */6 * * *', 6 * 3600],
    ['0 0 * * 0', 7 * 86400],
    ['0 0 * * 7', 7 * 86400],
    ['@daily', 86400],
    ['@hourly', 3600],
    ['0 0 1,15 * 1', 7 * 86400],
  ])('Kubernetes %s → %d s', (expr, seconds) => {
    expect(scheduleInterval(expr, 'kubernetes')).toEqual({ seconds });
  });

  test.each([
    ['cron(0 5 * *)', 'aws'],
    ['cron(0 5 L * ? *)', 'aws'],
    ['cron(0 25 ? * * *)', 'aws'],
    ['every hour', 'aws'],
    ['0 0 30 2 *', 'kubernetes'],
    ['* * *', 'kubernetes'],
  ] as const)('%s (%s) cannot be read: an error, not a guess', (expr, dialect) => {
    expect(scheduleInterval(expr, dialect)).toHaveProperty('error');
  });
});

describe('scheduleInterval agrees with walking every run', () => {
  const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
  /** The longest gap between consecutive runs, every run of the three years listed (2026–2028, UTC). */
  function walked(minutes: number[], hours: number[], days: (d: Date) => boolean): number {
    const runs: number[] = [];
    for (let day = 0; day < 3 * 366; day++) {
      const d = new Date(Date.UTC(2026, 0, 1) + day * 86400000);
      if (d.getUTCFullYear() > 2028 || !days(d)) continue;
      for (const h of hours) for (const m of minutes) runs.push(day * 1440 + h * 60 + m);
    }
    return Math.max(...runs.slice(1).map((r, i) => r - runs[i]!)) * 60;
  }
  const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const minutes = fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 3 }).map(sorted);
  const hours = fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 4 }).map(sorted);

  test('AWS schedules on days of the month or of the week', () => {
    const days = fc.oneof(
      fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { minLength: 1, maxLength: 3 }).map((dom) => ({
        fields: `${sorted(dom).join(',')} * ?`,
        on: (d: Date) => dom.includes(d.getUTCDate()),
      })),
      fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }).map((dow) => ({
        fields: `? * ${dow.map((n) => DAY_NAMES[n]).join(',')}`,
        on: (d: Date) => dow.includes(d.getUTCDay()),
      })),
    );
    fc.assert(
      fc.property(minutes, hours, days, (m, h, d) => {
        const expression = `cron(${m.join(',')} ${h.join(',')} ${d.fields} *)`;
        expect([expression, scheduleInterval(expression, 'aws')]).toEqual([
          expression,
          { seconds: walked(m, h, d.on) },
        ]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('windowsOverlap: two AWS schedules whose windows are ever open together (BKP-26)', () => {
  const w = (expression: string, minutes: number) => ({ expression, windowSeconds: minutes * 60 });
  test.each([
    ['the same daily time', w('cron(0 3 * * ? *)', 60), w('cron(0 3 * * ? *)', 60), true],
    ['the second starts inside the first window', w('cron(0 3 * * ? *)', 120), w('cron(0 4 * * ? *)', 60), true],
    ['the second starts as the first window closes', w('cron(0 3 * * ? *)', 60), w('cron(0 4 * * ? *)', 60), false],
    ['two hours apart', w('cron(0 3 * * ? *)', 60), w('cron(0 5 * * ? *)', 60), false],
    ['an hourly rule meets a daily one', w('cron(0 3 * * ? *)', 60), w('cron(30 */1 * * ? *)', 60), true],
    ['every 4 h from 1 h, and 03:00', w('cron(0 1/4 * * ? *)', 60), w('cron(0 3 * * ? *)', 60), false],
    ['a window that spans midnight', w('cron(0 23 * * ? *)', 120), w('cron(30 0 * * ? *)', 60), true],
    ['a weekly rule on the daily rule’s time', w('cron(0 3 ? * SUN *)', 60), w('cron(0 3 * * ? *)', 60), true],
    ['rate() counts from creation: may overlap', w('rate(12 hours)', 60), w('cron(0 3 * * ? *)', 60), true],
  ])('%s', (_what, a, b, overlap) => {
    expect(windowsOverlap(a, b)).toBe(overlap);
    expect(windowsOverlap(b, a)).toBe(overlap);
  });

  test('an unreadable schedule is an error, not a guess', () => {
    expect(windowsOverlap(w('daily', 60), w('cron(0 3 * * ? *)', 60))).toEqual({
      error: 'expected cron(...) or rate(...), got daily',
    });
  });
});
