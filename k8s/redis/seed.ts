/**
 * The DR site's Redis starts from data: before Redis runs on an empty volume, an init container fetches the newest
 * snapshot shipped to the DR Region's bucket (replicated from the primary's, MECH-13/14) into `dump.rdb` and says how
 * old it is; Redis loads it at start. A volume that already holds data (a restart) is left alone. No snapshot at all
 * is an error: the pod does not start, the Region switch plan's step does not finish, and a person decides.
 */
import type { k8s } from 'cdk8s-plus-27';
import type { Asset } from '../../lib/catalog';
import { rdbSnapshotPrefix, snapshotBucketName } from '../../lib/names';
import type { PlanContext } from '../context';
import { IMAGES } from '../images';
import { containerSecurityContext, envVars, resources } from '../pod';

export const SEED = `set -eu
if [ -e /data/appendonlydir ] || [ -e /data/dump.rdb ]; then echo "the volume holds data: not seeding"; exit 0; fi
latest=$(aws s3api list-objects-v2 --bucket "$SNAPSHOT_BUCKET" --prefix "$SNAPSHOT_PREFIX" \\
  --query 'sort_by(Contents || \`[]\`, &LastModified)[-1].[Key, LastModified]' --output text)
if [ -z "$latest" ] || [ "$latest" = None ]; then
  echo "no snapshot under s3://$SNAPSHOT_BUCKET/$SNAPSHOT_PREFIX: not starting empty" >&2; exit 1
fi
key=$(printf '%s' "$latest" | cut -f1)
age=$(( $(date -u +%s) - $(date -u -d "$(printf '%s' "$latest" | cut -f2)" +%s) ))
echo "seeding from s3://$SNAPSHOT_BUCKET/$key, $age s old (the data written since is lost)"
aws s3 cp "s3://$SNAPSHOT_BUCKET/$key" /data/dump.rdb --only-show-errors
`;

/** The init container (without its mounts: `/data` and a scratch `/tmp`). */
export function seedContainer(ctx: PlanContext, asset: Asset): k8s.Container {
  return {
    name: 'seed',
    image: IMAGES.awsCli,
    command: ['/bin/sh', '-c', SEED],
    env: envVars({
      SNAPSHOT_BUCKET: snapshotBucketName(ctx.naming, 'dr'),
      SNAPSHOT_PREFIX: rdbSnapshotPrefix(asset.id),
      AWS_REGION: ctx.naming.drRegion,
      HOME: '/tmp',
    }),
    resources: resources({ cpu: '100m', memory: '256Mi' }),
    securityContext: containerSecurityContext(),
  };
}
