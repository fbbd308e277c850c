/** Durations as the catalog writes them: `0`, `30s`, `15m`, `1h`, `24h`, `35d`. */
const UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
export const DURATION_PATTERN = /^(0|[1-9][0-9]*)(s|m|h|d)$/;

export const DURATION_EXPECTED = 'a duration such as 0, 30s, 15m, 1h, 24h or 35d';

/**
 * The longest duration a catalog may write: 36500 days (100 years), AWS Backup's longest vault-lock retention. Longer
 * figures only arise by mistake, and a 400-digit one would be Infinity (null in JSON, "Infinityd" in Markdown).
 */
export const MAX_DURATION_SECONDS = 36500 * 86400;

function seconds(value: unknown): number | undefined {
  if (value === 0 || value === '0') return 0;
  if (typeof value !== 'string') return undefined;
  const m = DURATION_PATTERN.exec(value.trim());
  return m ? Number(m[1]) * UNITS[m[2] as keyof typeof UNITS] : undefined;
}

/** Seconds, or undefined when the value is not a duration (or is longer than MAX_DURATION_SECONDS). */
export function parseDuration(value: unknown): number | undefined {
  const s = seconds(value);
  return s !== undefined && s <= MAX_DURATION_SECONDS ? s : undefined;
}

/** The message for a well-formed duration over the limit, or undefined. */
export function durationLimitProblem(value: unknown): string | undefined {
  const s = seconds(value);
  return s !== undefined && !(s <= MAX_DURATION_SECONDS)
    ? 'expected a duration of at most 36500d (100 years)'
    : undefined;
}

/** The shortest exact rendering: 3600 → "1h", 90 → "90s", 0 → "0". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0';
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** A readable rendering for reports: 5400 → "1h 30m", 45 → "45s". */
export function humanDuration(seconds: number): string {
  if (seconds === 0) return '0';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/**
 * A figure with its bound, the way every report writes it: "≤ 2s worst", "15m SLA", "5m measured", "2m 30s typical",
 * "unknown (≥ 1h)", "no protection", "n/a".
 */
export function figureText(seconds: number | null, bound: string, atLeast?: number): string {
  if (bound === 'n/a') return 'n/a';
  if (bound === 'none') return 'no protection';
  if (seconds === null) return atLeast ? `unknown (≥ ${humanDuration(atLeast)})` : 'unknown';
  const d = humanDuration(seconds);
  if (bound === 'worst') return `≤ ${d} worst`;
  if (bound === 'sla') return `${d} SLA`;
  return `${d} ${bound}`;
}
