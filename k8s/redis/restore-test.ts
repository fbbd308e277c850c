/**
 * The seed's monthly Redis restore test: fetch the newest shipped snapshot, check its age against what the model says
 * shipping achieves, and load it into a throw-away Redis inside the job's pod that must come up holding keys. The
 * job's deadline is the asset's corruption-mode RTO target: a restore slower than the target fails the drill.
 */
import type { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Asset, Drill } from '../../lib/catalog';
import { rdbSnapshotPrefix, snapshotBucketName } from '../../lib/names';
import type { PlanContext } from '../context';
import { kubernetesSchedule } from '../../lib/schedule';
import { JOB_MOUNTS, JOB_WORK_DIR, scheduledJob } from '../scheduled-job';
import { REDIS_UID } from '../images';
import { containerSecurityContext, envVars, resources, type ResourceSizes } from '../pod';
import { redisObjects } from './objects';

export const RESTORE_TEST_ROLE = 'restore-test';
/** A port inside the job's pod only; nothing outside connects to the throw-away Redis. */
const LOCAL_PORT = 6380;

const WEEKDAY_GUARD = `if [ -n "\${ISO_WEEKDAY:-}" ] && [ "$(date -u +%u)" != "$ISO_WEEKDAY" ]; then
  echo "not the scheduled weekday; nothing to do"; touch "$WORK_DIR/skip"; exit 0
fi
`;

const FETCH = `set -eu
${WEEKDAY_GUARD}latest=$(aws s3api list-objects-v2 --bucket "$SNAPSHOT_BUCKET" --prefix "$SNAPSHOT_PREFIX" \\
  --query 'sort_by(Contents || \`[]\`, &LastModified)[-1].[Key, LastModified]' --output text)
if [ -z "$latest" ] || [ "$latest" = None ]; then echo "no snapshot under s3://$SNAPSHOT_BUCKET/$SNAPSHOT_PREFIX" >&2; exit 1; fi
key=$(printf '%s' "$latest" | cut -f1)
age=$(( $(date -u +%s) - $(date -u -d "$(printf '%s' "$latest" | cut -f2)" +%s) ))
echo "newest snapshot s3://$SNAPSHOT_BUCKET/$key is $age s old; the plan allows $MAX_AGE_SECONDS s"
if [ "$age" -gt "$MAX_AGE_SECONDS" ]; then echo "shipping is behind its plan" >&2; exit 1; fi
aws s3 cp "s3://$SNAPSHOT_BUCKET/$key" "$WORK_DIR/dump.rdb" --only-show-errors
`;

const VERIFY = `set -eu
if [ -f "$WORK_DIR/skip" ]; then exit 0; fi
redis-server --bind 127.0.0.1 --port "$PORT" --dir "$WORK_DIR" --dbfilename dump.rdb --appendonly no --save '' &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
reply=""
while [ "$reply" != PONG ]; do
  kill -0 "$pid" 2>/dev/null || { echo "redis-server exited: the snapshot does not load" >&2; exit 1; }
  sleep 1
  reply=$(redis-cli -p "$PORT" ping 2>/dev/null || true)
done
keys=$(redis-cli -p "$PORT" dbsize)
echo "the snapshot loaded with $keys keys"
if [ "$keys" -lt 1 ]; then echo "the restored Redis holds no keys" >&2; exit 1; fi
`;

export interface RestoreTestProps {
  readonly asset: Asset;
  readonly drill: Drill;
  /** The oldest a shipped snapshot may be: the model's RPO figure for `redis-rdb-shipping`. */
  readonly maxAgeSeconds: number;
  readonly serviceAccountName: string;
  readonly podLabels: Record<string, string>;
  /** Sized like the Redis it restores: the whole dataset is loaded into memory. */
  readonly size: ResourceSizes;
}

export class RestoreTest extends Construct {
  readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, ctx: PlanContext, props: RestoreTestProps) {
    super(scope, id);
    const o = redisObjects(props.asset.id);
    // AWS cron, which the catalog writes, is UTC, as the job's schedule is read.
    const schedule = kubernetesSchedule(props.drill.schedule);
    const guard: Record<string, string> =
      schedule.onlyOnIsoWeekday === undefined ? {} : { ISO_WEEKDAY: String(schedule.onlyOnIsoWeekday) };
    this.cronJob = scheduledJob(this, 'cron-job', {
      name: `${o.base}-${RESTORE_TEST_ROLE}`,
      labels: { 'dr/role': RESTORE_TEST_ROLE, 'dr/drill': props.drill.id },
      schedule: schedule.schedule,
      deadlineSeconds: props.asset.modes.corruption.rtoSeconds,
      backoffLimit: 0,
      podLabels: props.podLabels,
      serviceAccountName: props.serviceAccountName,
      uid: REDIS_UID,
      init: {
        name: 'fetch',
        image: ctx.images.awsCli,
        command: ['/bin/sh', '-c', FETCH],
        env: envVars({
          SNAPSHOT_PREFIX: rdbSnapshotPrefix(props.asset.id),
          SNAPSHOT_BUCKET: snapshotBucketName(ctx.naming, 'primary'),
          AWS_REGION: ctx.naming.primaryRegion,
          MAX_AGE_SECONDS: String(props.maxAgeSeconds),
          WORK_DIR: JOB_WORK_DIR,
          HOME: '/tmp',
          ...guard,
        }),
        resources: resources({ cpu: '100m', memory: '256Mi' }),
        securityContext: containerSecurityContext(),
        volumeMounts: [JOB_MOUNTS.work, JOB_MOUNTS.tmp],
      },
      main: {
        name: 'verify',
        image: ctx.images.redis,
        command: ['/bin/sh', '-c', VERIFY],
        env: envVars({ WORK_DIR: JOB_WORK_DIR, PORT: String(LOCAL_PORT) }),
        resources: resources(props.size),
        securityContext: containerSecurityContext(),
        volumeMounts: [JOB_MOUNTS.work],
      },
    });
  }
}
