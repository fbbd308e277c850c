/**
 * The one way constructs acknowledge a finding of cdk-nag, cfn-guard or CDK's CloudFormation validation: one rule id,
 * on one construct, with a reason of at least 20 characters. A DR rule (Multi-AZ, backups, deletion protection,
 * replication, in-backup-plan) takes only a reason made from the model's plan by `postureReason`, so a DR finding is
 * never waved through by hand. test/constructs/acknowledgements.test.ts lists every acknowledgement of the app.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { formatDuration } from '../lib/catalog';
import { MODES, type Plan } from '../lib/model';

/** Rule ids that speak about recovery: they may be acknowledged only with the plan's own account of the posture. */
export const DR_RULE =
  /^(AwsSolutions-RDS(3|10|13)$|.*(MultiAZ|BackupEnabled|DeletionProtection|ReplicationEnabled|InBackupPlan|PointInTimeRecovery))/;
const MIN_REASON = 20;

/** A reason generated from a plan: the only kind a DR rule accepts. */
export class PostureReason {
  private constructor(readonly text: string) {}

  /** @internal used by postureReason only */
  static of(text: string): PostureReason {
    return new PostureReason(text);
  }
}

/**
 * What the plan achieves without the mechanism a rule asks for: the catalog entry, the mechanisms the model chose and
 * each mode's status. E.g. "lomash_analytics (tier-3, RPO 24h, RTO 2h): plan rds-single-az, …; instance met, …".
 */
export function postureReason(
  entry: { id: string; tier: string; rpo: number | string; rtoSeconds: number },
  plan: Plan,
  why: string,
): PostureReason {
  if (plan.id !== entry.id) throw new Error(`postureReason: plan '${plan.id}' is not for '${entry.id}'`);
  const rpo = typeof entry.rpo === 'number' ? formatDuration(entry.rpo) : entry.rpo;
  const modes = MODES.map((m) => `${m} ${plan.assessment[m].status}`).join(', ');
  const mechanisms = plan.mechanisms.map((m) => m.id).join(', ');
  return PostureReason.of(
    `${entry.id} (${entry.tier}, RPO ${rpo}, RTO ${formatDuration(entry.rtoSeconds)}): ${why}; the model's plan [${mechanisms}] gives ${modes}`,
  );
}

/**
 * The reason for a resource the catalog does not list (an access-log bucket): it names what the resource is, so the
 * report shows that no target was waved away.
 */
export function notAnAssetReason(what: string): PostureReason {
  return PostureReason.of(
    `not a catalog asset (${what}); the catalog sets no RPO/RTO for it, so no DR mechanism is planned`,
  );
}

/**
 * Acknowledges one finding. `finding` narrows a rule with sub-findings, e.g. `Resource::arn:…/*` for AwsSolutions-IAM5
 * (cdk-nag matches `Rule[Finding]` exactly).
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string | PostureReason, finding?: string): void {
  const text = typeof reason === 'string' ? reason : reason.text;
  if (rule.includes('[') || rule.trim() === '')
    throw new Error(`acknowledge: \`rule\` must be one rule id, got '${rule}'`);
  if (text.trim().length < MIN_REASON) {
    throw new Error(
      `acknowledge ${rule} on ${scope.node.path}: \`reason\` must be at least ${MIN_REASON} characters, got '${text}'`,
    );
  }
  if (DR_RULE.test(rule) && !(reason instanceof PostureReason)) {
    throw new Error(
      `acknowledge ${rule} on ${scope.node.path}: a DR rule takes only a reason from postureReason(), got '${text}'`,
    );
  }
  Validations.of(scope).acknowledge({ id: finding ? `${rule}[${finding}]` : rule, reason: text });
}
