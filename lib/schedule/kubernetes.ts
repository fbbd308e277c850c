/**
 * Kubernetes CronJob schedules the plan and the catalog write. Kubernetes reads five-field cron (robfig/cron's standard
 * parser: no `?`, `L`, `W` or `#`), the catalog writes AWS cron (six fields, `?`, `MON#1`), and the plan writes
 * intervals in seconds.
 */

/** The cron schedule that fires exactly every `intervalSeconds`: a divisor of an hour, or of a day in whole hours. */
export function cronForInterval(intervalSeconds: number): string {
  const minutes = intervalSeconds / 60;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0) {
    return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  }
  const hours = minutes / 60;
  if (Number.isInteger(hours) && hours >= 1 && hours <= 24 && 24 % hours === 0) {
    if (hours === 24) return '0 0 * * *';
    return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
  }
  throw new Error(
    `\`intervalSeconds\` ${intervalSeconds} cannot be written as a Kubernetes cron schedule; ` +
      'expected a divisor of an hour or a whole-hour divisor of a day',
  );
}

export interface KubernetesSchedule {
  readonly schedule: string;
  /**
   * For AWS `DAY#n` (the n-th weekday of a month), which five-field cron cannot say: the schedule fires on the seven
   * days that contain it, and the job runs only on this ISO weekday (`date +%u`: 1 = Monday … 7 = Sunday).
   */
  readonly onlyOnIsoWeekday?: number;
}

const AWS_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** An AWS day (`MON`, or 1–7 with 1 = Sunday) as a cron day (0 = Sunday) and an ISO weekday (7 = Sunday). */
function awsDay(text: string, expr: string): { cron: number; iso: number } {
  const byName = AWS_DAYS.indexOf(text.toUpperCase() as (typeof AWS_DAYS)[number]);
  const index = byName >= 0 ? byName : /^[1-7]$/.test(text) ? Number(text) - 1 : -1;
  if (index < 0) throw new Error(`schedule ${expr}: day-of-week \`${text}\` is not SUN–SAT or 1–7`);
  return { cron: index, iso: index === 0 ? 7 : index };
}

/** Converts an AWS cron expression (`cron(0 5 ? * MON#1 *)`) into a Kubernetes CronJob schedule. */
export function kubernetesSchedule(expr: string): KubernetesSchedule {
  const m = /^cron\((.+)\)$/.exec(expr.trim());
  const fields = m ? m[1]!.trim().split(/\s+/) : [];
  if (fields.length !== 6)
    throw new Error(`schedule ${expr}: expected an AWS cron expression with six fields, e.g. cron(0 5 ? * MON#1 *)`);
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (year !== '*')
    throw new Error(`schedule ${expr}: a Kubernetes CronJob cannot restrict the year (got \`${year}\`)`);
  if (/[LW]/.test(dom) || /L/.test(dow))
    throw new Error(`schedule ${expr}: \`L\` and \`W\` have no Kubernetes equivalent`);
  const nth = /^([A-Za-z]+|\d)#([1-5])$/.exec(dow);
  if (nth) {
    const day = awsDay(nth[1]!, expr);
    const n = Number(nth[2]);
    return { schedule: `${minute} ${hour} ${(n - 1) * 7 + 1}-${n * 7} ${month} *`, onlyOnIsoWeekday: day.iso };
  }
  const toCron = (part: string) =>
    part
      .split('-')
      .map((d) => awsDay(d, expr).cron)
      .join('-');
  const days = dow === '?' || dow === '*' ? '*' : dow.split(',').map(toCron).join(',');
  return { schedule: `${minute} ${hour} ${dom === '?' ? '*' : dom} ${month} ${days}` };
}
