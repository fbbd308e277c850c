/**
 * Limits the services put on what the catalog causes, checked before anything is written: 32-bit integer fields, AWS
 * Backup's vault-lock and retention ranges (whole days), calendar dates, schedules in AWS and Kubernetes cron, and
 * `rebuildFrom` chains that never reach a copy of the data.
 */
import { awsCronProblem, kubernetesCronProblem, kubernetesSchedule } from '../schedule';
import type { Problem } from './problems';
import { VAULT_LOCK_DAYS } from './ranges';
import type { Checkable } from './resolve';

export { INT32_MAX, isCalendarDate, VAULT_LOCK_DAYS } from './ranges';

const DAY = 86400;

type Report = (path: Problem['path'], message: string, value?: unknown) => void;

const days = (seconds: number) => `${seconds / DAY}d`;

/** One day of one-minute periods: the longest an alarm with a period under an hour may evaluate (OTH-67). */
const RTO_ALARM_MAX_SECONDS = 86400;

export function limitProblems(raw: Checkable): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (path, message, value) =>
    problems.push(value === undefined ? { path, message } : { path, message, value });

  raw.tiers.forEach((t, i) => {
    if (!t) return;
    const at = ['tiers', i, 'policy'];
    const lock = t.policy.vaultLock;
    for (const key of ['minRetention', 'maxRetention'] as const) {
      const s = lock[key];
      if (s % DAY !== 0 || s / DAY < VAULT_LOCK_DAYS.min || s / DAY > VAULT_LOCK_DAYS.max) {
        report(
          [...at, 'vaultLock', key],
          `expected whole days from ${VAULT_LOCK_DAYS.min}d to ${VAULT_LOCK_DAYS.max}d (AWS Backup vault lock ${key === 'minRetention' ? 'MinRetentionDays' : 'MaxRetentionDays'})`,
          s % DAY === 0 ? days(s) : `${s}s`,
        );
      }
    }
    wholeDays(t.policy.retention, [...at, 'retention'], report);
  });
  raw.assets.forEach((a, i) => {
    if (a?.retention !== undefined) wholeDays(a.retention, ['assets', i, 'retention'], report);
  });
  raw.services.forEach((s, i) => {
    // The startup probe allows startup ÷ its period failures: Kubernetes wants at least one (failureThreshold ≥ 1).
    if (s?.startup === 0)
      report(
        ['services', i, 'startup'],
        'expected a start-up time above 0 (the startup probe needs at least one try)',
        '0',
      );
    // The RTO alarm watches the signal in one-minute periods: CloudWatch evaluates such alarms over a day at most (OTH-67).
    if (s?.health && s.rto > RTO_ALARM_MAX_SECONDS)
      report(
        ['services', i, 'rto'],
        `expected an RTO of at most 1d for a service with a health signal: its RTO alarm evaluates one-minute periods, and CloudWatch allows a day of them (OTH-67)`,
        days(s.rto),
      );
  });
  raw.drills.forEach((d, i) => {
    if (!d?.schedule) return;
    const at = ['drills', i, 'schedule'];
    const aws = awsCronProblem(d.schedule);
    if (aws) return report(at, `expected an AWS cron expression such as cron(0 5 1 1/3 ? *): ${aws}`, d.schedule);
    // A Redis restore drill runs as a Kubernetes CronJob: its schedule must translate.
    if (d.kind !== 'redis-restore') return;
    let k8s: string | undefined;
    try {
      const translated = kubernetesSchedule(d.schedule).schedule;
      k8s = kubernetesCronProblem(translated) && `the CronJob schedule ${translated} would be refused`;
    } catch (e) {
      k8s = (e as Error).message.replace(/^schedule [^:]*: /, '');
    }
    if (k8s) report(at, `expected a schedule a Kubernetes CronJob can run: ${k8s}`, d.schedule);
  });
  rebuildCycles(raw, report);
  return problems;
}

/** Retention becomes AWS Backup DeleteAfterDays and S3 expiration days: whole days, at least one. */
function wholeDays(seconds: number, path: Problem['path'], report: Report): void {
  if (seconds % DAY !== 0 || seconds < DAY) {
    report(path, 'expected whole days, at least 1d (AWS Backup and S3 lifecycles count in days)', `${seconds}s`);
  }
}

/** Assets rebuilt from each other in a ring: none of them is ever restored from a copy of its data. */
function rebuildCycles(raw: Checkable, report: Report): void {
  const from = new Map<string, string>();
  const index = new Map<string, number>();
  raw.assets.forEach((a, i) => {
    if (!a) return;
    index.set(a.id, i);
    // Self-references and rebuildFrom without rpo: rebuildable are reported by the reference checks.
    if (a.rpo === 'rebuildable' && a.rebuildFrom !== undefined && a.rebuildFrom !== a.id) from.set(a.id, a.rebuildFrom);
  });
  for (const [start] of from) {
    const chain = [start];
    for (let next = from.get(start); next !== undefined && chain.length <= from.size; next = from.get(next)) {
      if (next === start) {
        report(
          ['assets', index.get(start)!, 'rebuildFrom'],
          `expected a chain that ends at an asset with its own backups; ${[...chain, start].join(' → ')} is a cycle, so none of them can be rebuilt`,
          from.get(start),
        );
        break;
      }
      if (chain.includes(next)) break;
      chain.push(next);
    }
  }
}
