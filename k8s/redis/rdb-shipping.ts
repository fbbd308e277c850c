/**
 * `redis-rdb-shipping`: a CronJob that dumps an RDB from the current primary and copies it to the snapshot bucket,
 * which the AWS side replicates to the DR Region. Schedule and deadline are the plan's; a run that misses its
 * deadline fails, and the checker and alarms read the same fields.
 */
import type { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Asset } from '../../lib/catalog';
import type { SpecOf } from '../../lib/model';
import { rdbSnapshotPrefix, snapshotBucketName } from '../../lib/names';
import type { PlanContext } from '../context';
import { cronForInterval } from '../../lib/schedule';
import { JOB_MOUNTS, JOB_WORK_DIR, scheduledJob } from '../scheduled-job';
import { REDIS_UID } from '../images';
import { containerSecurityContext, envVars, resources } from '../pod';
import { redisObjects, scriptEnv, SCRIPTS_DIR, TLS_DIR } from './objects';

export const RDB_SHIPPING_ROLE = 'rdb-shipping';

const UPLOAD = `set -eu
key="$SNAPSHOT_PREFIX$(date -u +%Y-%m-%dT%H-%M-%SZ).rdb"
aws s3 cp "$WORK_DIR/dump.rdb" "s3://$SNAPSHOT_BUCKET/$key" --only-show-errors
echo "shipped $(wc -c < "$WORK_DIR/dump.rdb") bytes to s3://$SNAPSHOT_BUCKET/$key"
`;

export interface RdbShippingProps {
  readonly asset: Asset;
  readonly spec: SpecOf<'redis-rdb-shipping'>;
  readonly serviceAccountName: string;
  /** Labels the Redis NetworkPolicy admits. */
  readonly podLabels: Record<string, string>;
}

export class RdbShipping extends Construct {
  readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, ctx: PlanContext, props: RdbShippingProps) {
    super(scope, id);
    const o = redisObjects(props.asset.id);
    this.cronJob = scheduledJob(this, 'cron-job', {
      name: `${o.base}-${RDB_SHIPPING_ROLE}`,
      labels: { 'dr/role': RDB_SHIPPING_ROLE },
      schedule: cronForInterval(props.spec.intervalSeconds),
      deadlineSeconds: props.spec.deadlineSeconds,
      backoffLimit: 1,
      podLabels: props.podLabels,
      serviceAccountName: props.serviceAccountName,
      uid: REDIS_UID,
      init: {
        name: 'dump',
        image: ctx.images.redis,
        command: ['/bin/sh', `${SCRIPTS_DIR}/dump-rdb.sh`],
        env: [...scriptEnv(ctx, props.asset.id), ...envVars({ WORK_DIR: JOB_WORK_DIR })],
        resources: resources({ cpu: '100m', memory: '128Mi' }),
        securityContext: containerSecurityContext(),
        volumeMounts: [
          JOB_MOUNTS.work,
          { name: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
          { name: 'ca', mountPath: TLS_DIR, readOnly: true },
        ],
      },
      main: {
        name: 'upload',
        image: ctx.images.awsCli,
        command: ['/bin/sh', '-c', UPLOAD],
        env: envVars({
          SNAPSHOT_PREFIX: rdbSnapshotPrefix(props.asset.id),
          SNAPSHOT_BUCKET: snapshotBucketName(ctx.naming, 'primary'),
          AWS_REGION: ctx.naming.primaryRegion,
          WORK_DIR: JOB_WORK_DIR,
          HOME: '/tmp',
        }),
        resources: resources({ cpu: '100m', memory: '256Mi' }),
        securityContext: containerSecurityContext(),
        volumeMounts: [JOB_MOUNTS.work, JOB_MOUNTS.tmp],
      },
      volumes: [
        { name: 'scripts', configMap: { name: o.scripts, defaultMode: 0o555 } },
        { name: 'ca', secret: { secretName: o.tls, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      ],
    });
  }
}
