/**
 * CronJobs: their schedules and the one shape every scheduled job here has. Kubernetes reads five-field cron
 * (robfig/cron's standard parser: no `?`, `L`, `W` or `#`), the catalog writes AWS cron (six fields, `?`, `MON#1`),
 * and the plan writes intervals in seconds.
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { podSecurityContext } from './pod';

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
  if (fields.length !== 6) throw new Error(`schedule ${expr}: expected an AWS cron expression with six fields, e.g. cron(0 5 ? * MON#1 *)`);
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') throw new Error(`schedule ${expr}: a Kubernetes CronJob cannot restrict the year (got \`${year}\`)`);
  if (/[LW]/.test(dom) || /L/.test(dow)) throw new Error(`schedule ${expr}: \`L\` and \`W\` have no Kubernetes equivalent`);
  const nth = /^([A-Za-z]+|\d)#([1-5])$/.exec(dow);
  if (nth) {
    const day = awsDay(nth[1]!, expr);
    const n = Number(nth[2]);
    return { schedule: `${minute} ${hour} ${(n - 1) * 7 + 1}-${n * 7} ${month} *`, onlyOnIsoWeekday: day.iso };
  }
  const toCron = (part: string) => part.split('-').map((d) => awsDay(d, expr).cron).join('-');
  const days = dow === '?' || dow === '*' ? '*' : dow.split(',').map(toCron).join(',');
  return { schedule: `${minute} ${hour} ${dom === '?' ? '*' : dom} ${month} ${days}` };
}

/** Where the containers of a scheduled job hand files to each other: an emptyDir both mount. */
export const JOB_WORK_DIR = '/work';
/** The scratch mounts of a scheduled job's containers: `work` (JOB_WORK_DIR) and a writable `/tmp`. */
export const JOB_MOUNTS = {
  work: { name: 'work', mountPath: JOB_WORK_DIR },
  tmp: { name: 'tmp', mountPath: '/tmp' },
} as const satisfies Record<string, k8s.VolumeMount>;

export interface ScheduledJobProps {
  readonly name: string;
  /** Labels of the CronJob object. */
  readonly labels: Record<string, string>;
  /** Five-field cron, read in UTC. */
  readonly schedule: string;
  /** How long one run may take before Kubernetes fails it. */
  readonly deadlineSeconds: number;
  /** Retries of a failed run. */
  readonly backoffLimit: number;
  /** Labels of the job's pods: NetworkPolicies admit them by these. */
  readonly podLabels: Record<string, string>;
  readonly serviceAccountName: string;
  /** The user the pod runs as (`restricted` pod security). */
  readonly uid: number;
  /** Runs first; what it leaves in JOB_WORK_DIR is there for `main`. */
  readonly init: k8s.Container;
  readonly main: k8s.Container;
  /** Volumes besides the `work` and `tmp` scratch directories every scheduled job has. @default - none */
  readonly volumes?: readonly k8s.Volume[];
}

/**
 * A CronJob whose pod runs `init`, then `main`, with a shared scratch directory: on UTC (the plan's and the catalog's
 * schedules are), never two runs at once (a second dump would fork the primary again for nothing; a second restore
 * test would only compete for memory), a failed pod not restarted in place (`backoffLimit` decides).
 */
export function scheduledJob(scope: Construct, id: string, props: ScheduledJobProps): k8s.KubeCronJob {
  return new k8s.KubeCronJob(scope, id, {
    metadata: { name: props.name, labels: props.labels },
    spec: {
      schedule: props.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          activeDeadlineSeconds: props.deadlineSeconds,
          backoffLimit: props.backoffLimit,
          template: {
            metadata: { labels: props.podLabels },
            spec: {
              restartPolicy: 'Never',
              serviceAccountName: props.serviceAccountName,
              securityContext: podSecurityContext(props.uid),
              initContainers: [props.init],
              containers: [props.main],
              volumes: [{ name: JOB_MOUNTS.work.name, emptyDir: {} }, { name: JOB_MOUNTS.tmp.name, emptyDir: {} }, ...(props.volumes ?? [])],
            },
          },
        },
      },
    },
  });
}
