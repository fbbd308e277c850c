/**
 * The one shape every scheduled job here has: a CronJob whose pod runs an init container, then the main one, with a
 * shared scratch directory. Its schedule comes from lib/schedule (cronForInterval, kubernetesSchedule).
 */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { podSecurityContext } from './pod';

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
              volumes: [
                { name: JOB_MOUNTS.work.name, emptyDir: {} },
                { name: JOB_MOUNTS.tmp.name, emptyDir: {} },
                ...(props.volumes ?? []),
              ],
            },
          },
        },
      },
    },
  });
}
