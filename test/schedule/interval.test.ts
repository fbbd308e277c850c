import { scheduleInterval } from '../../lib/schedule';

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
