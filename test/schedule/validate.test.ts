/** AWS and Kubernetes cron as the services read them: what they accept passes, what they refuse is named. */
import { awsCronProblem, kubernetesCronProblem, kubernetesSchedule } from '../../lib/schedule';

describe('AWS cron', () => {
  test.each([
    'cron(0 5 ? * MON#1 *)',
    'cron(0 5 ? 1,4,7,10 MON#1 *)',
    'cron(0 5 1 1/3 ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0 12 L * ? *)',
    'cron(0 12 15W * ? *)',
    'cron(0 12 ? * 6L 2027-2030)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(30 2 ? JAN-MAR SUN *)',
  ])('%s is accepted', (expr) => expect(awsCronProblem(expr)).toBeUndefined());

  test.each([
    ['cron(0 5 * * * *)', 'expected ? in exactly one of day-of-month and day-of-week (AWS cron cannot restrict both)'],
    ['cron(0 5 ? * ? *)', 'expected ? in exactly one of day-of-month and day-of-week (AWS cron cannot restrict both)'],
    ['cron(0 5 ? * 8 *)', 'day-of-week: `8` is not 1–7 or SUN–SAT'],
    ['cron(0 5 1 * ? * *)', 'expected 6 fields inside cron(…), got 7'],
    ['rate(1 day)', 'expected cron(minutes hours day-of-month month day-of-week year)'],
    ['cron(0 5 1,,2 * ? *)', 'day-of-month: an empty list item'],
  ])('%s: %s', (expr, message) => expect(awsCronProblem(expr)).toBe(message));
});

describe('Kubernetes cron', () => {
  test.each(['0 5 1-7 * *', '*/15 * * * *', '@daily', '0 0 * * 0', '0 5 ? * MON'])('%s is accepted', (s) =>
    expect(kubernetesCronProblem(s)).toBeUndefined(),
  );
  test.each([
    ['0 5 * * 7', 'day-of-week: `7` is not 0–6 or SUN–SAT'],
    ['0 5 * *', 'expected 5 fields, got 4'],
    ['@fortnightly', '`@fortnightly` is not a cron macro'],
    ['TZ=UTC 0 5 * * *', 'a time zone goes in the CronJob timeZone field, not the schedule'],
  ])('%s: %s', (s, message) => expect(kubernetesCronProblem(s)).toBe(message));

  test('every AWS drill schedule the catalog derives translates to a schedule Kubernetes accepts', () => {
    for (const expr of [
      'cron(0 5 ? * MON#1 *)',
      'cron(0 5 ? 1,4,7,10 MON#1 *)',
      'cron(0 5 ? 1,7 MON#1 *)',
      'cron(0 5 ? 1 MON#1 *)',
    ])
      expect([expr, kubernetesCronProblem(kubernetesSchedule(expr).schedule)]).toEqual([expr, undefined]);
  });
});
