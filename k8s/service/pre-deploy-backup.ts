/**
 * The seed's pre-deploy snapshot: an Argo CD PreSync hook that starts an on-demand AWS Backup job of a database and
 * waits for it, so a deploy whose migration goes wrong has a recovery point from just before it. A failed or expired
 * backup fails the hook, and Argo CD does not go on with the sync.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type Asset, vaultLockOf } from '../../lib/catalog';
import { factValue, kindModule } from '../../lib/model';
import { databaseIdentifier, k8sName, podIdentity, preDeployBackupServiceRoleName, vaultName } from '../../lib/names';
import type { PlanContext } from '../context';
import { APP_UID } from '../images';
import { containerSecurityContext, podSecurityContext, resources, scratchVolume } from '../pod';

const POLL_SECONDS = 30;

const SCRIPT = `set -eu
job=$(aws backup start-backup-job --backup-vault-name "$VAULT" --resource-arn "$RESOURCE_ARN" \\
  --iam-role-arn "$BACKUP_ROLE_ARN" --start-window-minutes "$START_WINDOW_MINUTES" \\
  --complete-window-minutes "$COMPLETE_WINDOW_MINUTES" --lifecycle "DeleteAfterDays=$DELETE_AFTER_DAYS" \\
  --recovery-point-tags "dr:asset=$ASSET,dr:role=pre-deploy" --query BackupJobId --output text)
echo "backup job $job started for $RESOURCE_ARN"
while true; do
  state=$(aws backup describe-backup-job --backup-job-id "$job" --query State --output text)
  case "$state" in
    COMPLETED) echo "backup job $job completed"; exit 0 ;;
    ABORTED|EXPIRED|FAILED|PARTIAL) echo "backup job $job ended $state: the deploy stops here" >&2; exit 1 ;;
  esac
  sleep "$POLL_SECONDS"
done
`;

/** Argo CD runs PreSync hooks in sync-wave order before it applies anything else; the last run stays for its logs. */
function hook(wave: number): Record<string, string> {
  return {
    'argocd.argoproj.io/hook': 'PreSync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    'argocd.argoproj.io/sync-wave': String(wave),
  };
}

export class PreDeployBackup extends Construct {
  readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, ctx: PlanContext, asset: Asset) {
    super(scope, id);
    if (kindModule(asset.kind).backupResourceType !== 'RDS') {
      throw new Error(`${asset.id}: \`preDeploySnapshot\` is supported for RDS databases; got kind ${asset.kind}`);
    }
    const { naming } = ctx;
    const tier = ctx.tier(asset.tier);
    const window = tier.policy.backupWindow;
    const lock = vaultLockOf(ctx.catalog, asset.tier);
    const serviceAccount = podIdentity.preDeployBackup(asset.id).serviceAccount;
    const labels = { ...ctx.assetLabels(asset), 'dr/role': 'pre-deploy-backup' };
    const scratch = scratchVolume();

    // The hook phase runs before the chart's other objects exist, so its service account is a hook too (wave -1).
    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: serviceAccount, labels, annotations: hook(-1) },
      automountServiceAccountToken: false,
    });
    const env: Record<string, string> = {
      AWS_REGION: naming.primaryRegion,
      ASSET: asset.id,
      VAULT: vaultName(naming, asset.tier),
      RESOURCE_ARN: `arn:aws:rds:${naming.primaryRegion}:${naming.account}:db:${databaseIdentifier(naming, asset.id)}`,
      BACKUP_ROLE_ARN: `arn:aws:iam::${naming.account}:role/${preDeployBackupServiceRoleName(naming, asset.id)}`,
      START_WINDOW_MINUTES: String(Math.ceil(window.startSeconds / 60)),
      COMPLETE_WINDOW_MINUTES: String(Math.ceil(window.completionSeconds / 60)),
      DELETE_AFTER_DAYS: String(asset.retentionDays),
      POLL_SECONDS: String(POLL_SECONDS),
      // The CLI caches credentials under $HOME; the root filesystem is read-only.
      HOME: '/tmp',
    };
    this.job = new k8s.KubeJob(this, 'job', {
      metadata: { name: `${k8sName(asset.id)}-pre-deploy-backup`, labels, annotations: hook(0) },
      spec: {
        // A retry would start a second backup; the deploy is simply run again.
        backoffLimit: 0,
        // The completion window counts from the start (BKP-4): waiting longer cannot succeed.
        activeDeadlineSeconds: window.completionSeconds,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: serviceAccount,
            securityContext: podSecurityContext(APP_UID),
            containers: [
              {
                name: 'backup',
                image: ctx.images.awsCli,
                command: ['/bin/sh', '-c', SCRIPT],
                env: Object.entries(env).map(([name, value]) => ({ name, value })),
                resources: resources({ cpu: '50m', memory: '128Mi' }),
                securityContext: containerSecurityContext(),
                volumeMounts: [scratch.mount],
              },
            ],
            volumes: [scratch.volume],
          },
        },
      },
    });
    // AWS Backup rejects a start window under 60 minutes (BKP-3).
    const minStartWindowSeconds = factValue('BKP-3');
    this.node.addValidation({
      validate: () => [
        ...(window.startSeconds < minStartWindowSeconds
          ? [
              `${asset.id}: tier ${tier.id} 'backupWindow.start' (${window.startSeconds} s) must be at least ` +
                `${minStartWindowSeconds} s for StartBackupJob (BKP-3)`,
            ]
          : []),
        ...(asset.retentionDays < lock.minRetentionDays || asset.retentionDays > lock.maxRetentionDays
          ? [
              `${asset.id}: 'retentionDays' (${asset.retentionDays}) must be within the vault lock of ${tier.id} ` +
                `(${lock.minRetentionDays}–${lock.maxRetentionDays} days), or AWS Backup fails the job (BKP-16)`,
            ]
          : []),
      ],
    });
  }
}
