import { cronForInterval, kubernetesSchedule } from '../../lib/schedule';

describe('cronForInterval: the plan interval as a five-field schedule', () => {
  test.each([
    [60, '* * * * *'],
    [300, '*/5 * * * *'],
    [1800, '*/30 * * * *'],
    [3600, '0 * * * *'],
    [21600, '0 */6 * * *'],
    [86400, '0 0 * * *'],
  ])('%i s → %s', (seconds, cron) => {
    expect(cronForInterval(seconds)).toBe(cron);
  });

  test.each([[420], [90], [5 * 3600], [2 * 86400]])('%i s cannot be written exactly and throws', (seconds) => {
    expect(() => cronForInterval(seconds)).toThrow(/`intervalSeconds` \d+ cannot be written/);
  });
});

describe('kubernetesSchedule: AWS cron to a Kubernetes CronJob schedule', () => {
  test('the first Monday of a month becomes days 1–7 with an ISO-weekday guard', () => {
    expect(kubernetesSchedule('cron(0 5 ? * MON#1 *)')).toEqual({ schedule: '0 5 1-7 * *', onlyOnIsoWeekday: 1 });
    expect(kubernetesSchedule('cron(30 2 ? 1,7 1#2 *)')).toEqual({ schedule: '30 2 8-14 1,7 *', onlyOnIsoWeekday: 7 });
  });

  test('plain fields map over, `?` becomes `*`, AWS day numbers (1 = Sunday) shift to cron numbers', () => {
    expect(kubernetesSchedule('cron(0 5 1 * ? *)')).toEqual({ schedule: '0 5 1 * *' });
    expect(kubernetesSchedule('cron(0 3 ? * 2-6 *)')).toEqual({ schedule: '0 3 * * 1-5' });
    expect(kubernetesSchedule('cron(0 3 ? * SAT,SUN *)')).toEqual({ schedule: '0 3 * * 6,0' });
  });

  test.each([['cron(0 5 L * ? *)'], ['cron(0 5 ? * MON 2027)'], ['rate(1 day)'], ['cron(0 5 * *)']])(
    '%s throws',
    (expr) => {
      expect(() => kubernetesSchedule(expr)).toThrow(/schedule/);
    },
  );
});
