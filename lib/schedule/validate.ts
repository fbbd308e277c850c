/**
 * Whether a schedule is one AWS or Kubernetes would accept, field by field, before anything is deployed: AWS cron as
 * EventBridge and AWS Backup read it (six fields, `?` in exactly one of the day fields, `L`, `W`, `#`), Kubernetes
 * CronJob schedules as robfig/cron's standard parser reads them (five fields or a macro; day of week 0–6). No
 * dependency: the cron libraries on npm read Unix or Quartz cron, neither of which is AWS's dialect.
 */

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** The number the first name stands for (JAN = 1, SUN = 1 in AWS, 0 in Kubernetes). */
  readonly nameBase?: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const AWS_FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, nameBase: 1 },
  { name: 'year', min: 1970, max: 2199 },
];

const KUBERNETES_FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day-of-week', min: 0, max: 6, names: DAYS, nameBase: 0 },
];

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function value(text: string, f: FieldSpec): number | undefined {
  const i = f.names?.indexOf(text.toUpperCase()) ?? -1;
  if (i >= 0) return i + (f.nameBase ?? 0);
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= f.min && n <= f.max ? n : undefined;
}

/** One `a`, `a-b`, `*`, with an optional `/step`; the message says what is wrong with it. */
function plainPart(part: string, f: FieldSpec): string | undefined {
  const m = /^([^/]+)(?:\/(\d{1,4}))?$/.exec(part);
  if (!m) return `\`${part}\` is not a value, a range or a step`;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > f.max))
    return `the step of \`${part}\` is out of range`;
  if (m[1] === '*') return undefined;
  const [from, to, ...rest] = m[1]!.split('-');
  if (rest.length > 0) return `\`${part}\` is not a range`;
  const a = value(from!, f);
  if (a === undefined) return `\`${from}\` is not ${rangeText(f)}`;
  if (to === undefined) return undefined;
  const b = value(to, f);
  if (b === undefined) return `\`${to}\` is not ${rangeText(f)}`;
  return a > b ? `the range \`${part}\` runs backwards` : undefined;
}

function rangeText(f: FieldSpec): string {
  const names = f.names ? ` or ${f.names[0]}–${f.names[f.names.length - 1]}` : '';
  return `${f.min}–${f.max}${names}`;
}

function fieldProblem(text: string, f: FieldSpec, special: (part: string) => boolean): string | undefined {
  for (const part of text.split(',')) {
    if (part === '') return 'an empty list item';
    if (special(part)) continue;
    const p = plainPart(part, f);
    if (p) return p;
  }
  return undefined;
}

/** Why `cron(…)` is not an AWS cron expression (EventBridge Scheduler, AWS Backup), or undefined. */
export function awsCronProblem(expression: string): string | undefined {
  const m = /^cron\(([^()]*)\)$/.exec(expression);
  if (!m) return 'expected cron(minutes hours day-of-month month day-of-week year)';
  const parts = m[1]!.trim().split(/\s+/);
  if (parts.length !== 6) return `expected 6 fields inside cron(…), got ${parts.length}`;
  const [, , dom, , dow] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    return 'expected ? in exactly one of day-of-month and day-of-week (AWS cron cannot restrict both)';
  }
  const dayOfWeek = AWS_FIELDS[4]!;
  const specials: ((part: string) => boolean)[] = [
    () => false,
    () => false,
    // ?, L (last day), LW, nW (nearest weekday), L-n.
    (p) => p === '?' || p === 'L' || p === 'LW' || /^L-([1-9]|[12]\d|30)$/.test(p) || /^([1-9]|[12]\d|3[01])W$/.test(p),
    () => false,
    // ?, L, nL (last n-day of the month), n#k (k-th n-day).
    (p) => {
      if (p === '?' || p === 'L') return true;
      const last = /^(.+)L$/.exec(p);
      if (last) return value(last[1]!, dayOfWeek) !== undefined;
      const nth = /^(.+)#([1-5])$/.exec(p);
      return nth !== null && value(nth[1]!, dayOfWeek) !== undefined;
    },
    () => false,
  ];
  for (let i = 0; i < 6; i++) {
    const p = fieldProblem(parts[i]!, AWS_FIELDS[i]!, specials[i]!);
    if (p) return `${AWS_FIELDS[i]!.name}: ${p}`;
  }
  return undefined;
}

/** Why a schedule is not one a Kubernetes CronJob accepts, or undefined. */
export function kubernetesCronProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  // robfig's standard parser also takes `@every <Go duration>`.
  if (text.startsWith('@')) {
    return MACROS.has(text) || /^@every (\d+(ns|us|µs|ms|s|m|h))+$/.test(text)
      ? undefined
      : `\`${text}\` is not a cron macro`;
  }
  if (/^(CRON_)?TZ=/.test(text)) return 'a time zone goes in the CronJob timeZone field, not the schedule';
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return `expected 5 fields, got ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const f = KUBERNETES_FIELDS[i]!;
    const p = fieldProblem(parts[i]!, f, (part) => part === '?' && (i === 2 || i === 4));
    if (p) return `${f.name}: ${p}`;
  }
  return undefined;
}
