/**
 * Schedules → the longest wait between two runs, which is what bounds a backup's RPO. AWS writes
 * `cron(min hour day-of-month month day-of-week year)` (day-of-week 1–7 from Sunday) or `rate(n unit)`; Kubernetes
 * CronJobs write five fields (day-of-week 0–7, 0 and 7 Sunday) or a macro. The answer is measured by running the
 * schedule over three calendar years, so irregular schedules (some weekdays, some hours) give their worst gap.
 */
export type CronDialect = 'aws' | 'kubernetes';

export type IntervalResult = { readonly seconds: number } | { readonly error: string };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const RATE_UNITS: Record<string, number> = {
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86400,
  days: 86400,
};
const START_YEAR = 2026;
const YEARS = 3;

/** One field as the set of values it allows, or null for "any" (`*`, `?`). */
function field(
  text: string,
  min: number,
  max: number,
  names: readonly string[],
  nameBase: number,
): Set<number> | null | string {
  if (text === '*' || text === '?') return null;
  const out = new Set<number>();
  const value = (s: string): number => {
    const i = names.indexOf(s.toUpperCase());
    return i >= 0 ? i + nameBase : /^\d+$/.test(s) ? Number(s) : NaN;
  };
  for (const part of text.split(',')) {
    const m = /^([^/-]+|\*)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return `cannot read "${part}"`;
    const from = m[1] === '*' ? min : value(m[1]!);
    const to = m[2] !== undefined ? value(m[2]) : m[3] !== undefined || m[1] === '*' ? max : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if ([from, to].some((n) => Number.isNaN(n) || n < min || n > max) || step < 1)
      return `"${part}" is outside ${min}–${max}`;
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

interface Fields {
  readonly minutes: Set<number> | null;
  readonly hours: Set<number> | null;
  readonly dom: Set<number> | null;
  readonly months: Set<number> | null;
  /** Day of week, 0 = Sunday. */
  readonly dow: Set<number> | null;
  readonly years: Set<number> | null;
}

function parse(expr: string, dialect: CronDialect): Fields | string {
  const parts = expr.trim().split(/\s+/);
  const want = dialect === 'aws' ? 6 : 5;
  if (parts.length !== want) return `expected ${want} fields, got ${parts.length}`;
  if (parts.some((p) => /[LW#]/.test(p) && !/^[A-Za-z]{3}/.test(p)))
    return 'L, W and # are not supported by the checker';
  const [mi, h, dom, mon, dow, year] = parts as [string, string, string, string, string, string?];
  const dowField = dialect === 'aws' ? field(dow, 1, 7, DAYS, 1) : field(dow, 0, 7, DAYS, 0);
  const fields = {
    minutes: field(mi, 0, 59, [], 0),
    hours: field(h, 0, 23, [], 0),
    dom: field(dom, 1, 31, [], 0),
    months: field(mon, 1, 12, MONTHS, 1),
    dow: dowField,
    years: year === undefined ? null : field(year, 1970, 2199, [], 0),
  };
  for (const [name, f] of Object.entries(fields)) if (typeof f === 'string') return `${name}: ${f}`;
  const sets = fields as { [K in keyof Fields]: Set<number> | null };
  // AWS numbers Sunday 1; Kubernetes numbers it 0 or 7.
  const dowSet = sets.dow === null ? null : new Set([...sets.dow].map((d) => (dialect === 'aws' ? d - 1 : d % 7)));
  return { ...sets, dow: dowSet };
}

const has = (s: Set<number> | null, n: number) => s === null || s.has(n);

/** Intervals already measured, by dialect and expression: a large app repeats a few schedules many times. */
const measured = new Map<string, IntervalResult>();

/** The longest gap between runs over three years; an error when the schedule cannot be read or runs less than twice. */
export function scheduleInterval(expression: string, dialect: CronDialect): IntervalResult {
  const key = `${dialect} ${expression}`;
  let result = measured.get(key);
  if (!result) measured.set(key, (result = interval(expression, dialect)));
  return result;
}

function interval(expression: string, dialect: CronDialect): IntervalResult {
  const text = expression.trim();
  if (dialect === 'aws') {
    const rate = /^rate\((\d+)\s+(\w+)\)$/.exec(text);
    if (rate) {
      const unit = RATE_UNITS[rate[2]!];
      return unit && Number(rate[1]) > 0 ? { seconds: Number(rate[1]) * unit } : { error: `cannot read ${text}` };
    }
    const cron = /^cron\((.*)\)$/.exec(text);
    if (!cron) return { error: `expected cron(...) or rate(...), got ${text}` };
    return measure(cron[1]!, 'aws', text);
  }
  return measure(MACROS[text] ?? text, 'kubernetes', text);
}

function measure(body: string, dialect: CronDialect, text: string): IntervalResult {
  const runs = runTimes(body, dialect, text);
  if ('error' in runs) return runs;
  const { days, times } = runs;
  // Consecutive runs are consecutive times of a day, or a day's last run and the next day's first.
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  const overnight = times[0]! - times.at(-1)!;
  for (let i = 1; i < days.length; i++) longest = Math.max(longest, (days[i]! - days[i - 1]!) * 1440 + overnight);
  return { seconds: longest * 60 };
}

/** The runs over the three years: the days a schedule runs on (from their start) and its times on each, ascending. */
interface Runs {
  readonly days: readonly number[];
  /** Minutes from midnight (UTC). */
  readonly times: readonly number[];
}

/** Every run over the three years, as days and times of day; an error as `scheduleInterval` gives. */
function runTimes(body: string, dialect: CronDialect, text: string): Runs | { error: string } {
  const f = parse(body, dialect);
  if (typeof f === 'string') return { error: `${text}: ${f}` };
  // Standard cron runs when either day field matches if both are restricted; AWS forbids restricting both.
  const eitherDay = dialect === 'kubernetes' && f.dom !== null && f.dow !== null;
  const minutes = f.minutes === null ? range(0, 59) : [...f.minutes].sort((a, b) => a - b);
  const hours = f.hours === null ? range(0, 23) : [...f.hours].sort((a, b) => a - b);
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m));
  const days: number[] = [];
  const start = Date.UTC(START_YEAR, 0, 1);
  for (let day = 0; day < YEARS * 366; day++) {
    const d = new Date(start + day * 86400000);
    if (!has(f.years, d.getUTCFullYear()) || !has(f.months, d.getUTCMonth() + 1)) continue;
    const domOk = has(f.dom, d.getUTCDate());
    const dowOk = has(f.dow, d.getUTCDay());
    if (eitherDay ? !(domOk || dowOk) : !(domOk && dowOk)) continue;
    days.push(day);
  }
  if (days.length * times.length < 2) return { error: `${text} runs less than twice in ${YEARS} years` };
  return { days, times };
}

/** Every run of `runs`, in minutes from the three years' start, ascending. */
const minutesOf = ({ days, times }: Runs): number[] => days.flatMap((day) => times.map((t) => day * 1440 + t));

/** A schedule and the window after each run: an AWS Backup rule's `ScheduleExpression` and start window. */
export interface ScheduledWindow {
  readonly expression: string;
  readonly windowSeconds: number;
}

/**
 * Whether two AWS schedules ever have windows open at the same time (half-open: one may start as the other closes).
 * AWS Backup runs only one of two rules of a plan whose start windows overlap (BKP-26). `rate()` expressions count
 * from when the rule was created, which no template says: two of them, or one with a cron, may overlap (true). An
 * error when either schedule cannot be read.
 */
export function windowsOverlap(a: ScheduledWindow, b: ScheduledWindow): boolean | { readonly error: string } {
  const runs = [a, b].map((w) => {
    const text = w.expression.trim();
    if (/^rate\(/.test(text)) return 'rate' as const;
    const cron = /^cron\((.*)\)$/.exec(text);
    return cron ? runTimes(cron[1]!, 'aws', text) : { error: `expected cron(...) or rate(...), got ${text}` };
  });
  for (const r of runs) if (typeof r === 'object' && 'error' in r) return r;
  if (runs.includes('rate')) return true;
  const [x, y] = (runs as Runs[]).map(minutesOf) as [number[], number[]];
  const wx = a.windowSeconds / 60;
  const wy = b.windowSeconds / 60;
  // Both lists ascending: walk them together, comparing each window with the nearest ones of the other.
  let j = 0;
  for (const t of x) {
    while (j < y.length && y[j]! + wy <= t) j++;
    if (j < y.length && y[j]! < t + wx) return true;
  }
  return false;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
