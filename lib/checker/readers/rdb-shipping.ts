/**
 * `batch/v1 CronJob` labelled `dr/asset` and `dr/role: rdb-shipping` → `redis-rdb-shipping`: the schedule (cron →
 * longest interval), `activeDeadlineSeconds` (a shipment not done by then fails and alerts) and the destination
 * bucket from the `SNAPSHOT_BUCKET` env; the join looks that bucket's replication up in the CloudFormation templates.
 * A suspended job ships nothing; a job without a deadline bounds nothing.
 */
import { scheduleInterval } from '../../schedule';
import { at, containers, int, records } from '../manifest-json';
import type { K8sObject } from '../types';

export const SHIPPING_ROLE = 'rdb-shipping';

export interface ShippingReading {
  readonly intervalSeconds: number | null;
  readonly deadlineSeconds: number | null;
  readonly bucket: string | null;
  readonly problems: readonly string[];
}

export function readShippingJob(job: K8sObject): ShippingReading {
  const problems: string[] = [];
  const schedule = at(job.doc, 'spec', 'schedule');
  const interval = typeof schedule === 'string' ? scheduleInterval(schedule, 'kubernetes') : { error: 'no schedule' };
  if ('error' in interval) problems.push(`schedule: ${interval.error}`);
  if (at(job.doc, 'spec', 'suspend') === true) problems.push('the CronJob is suspended: nothing is shipped');
  const deadlineSeconds = int(at(job.doc, 'spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds')) ?? null;
  if (deadlineSeconds === null)
    problems.push('no jobTemplate.spec.activeDeadlineSeconds: a stuck shipment is never noticed');
  const env = containers(job).flatMap((c) => records(c.env));
  const bucket = env.find((e) => e.name === 'SNAPSHOT_BUCKET')?.value;
  if (typeof bucket !== 'string') problems.push('no SNAPSHOT_BUCKET env value: the destination is unknown');
  return {
    intervalSeconds: 'seconds' in interval && at(job.doc, 'spec', 'suspend') !== true ? interval.seconds : null,
    deadlineSeconds,
    bucket: typeof bucket === 'string' ? bucket : null,
    problems,
  };
}
