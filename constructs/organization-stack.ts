/**
 * The organisation's backup policies as CloudFormation: one `AWS::Organizations::Policy` (type BACKUP_POLICY) per tier,
 * attached to the given roots, OUs or accounts. It deploys in the management account (or a delegated administrator for
 * backup policies), outside the app's own stacks; `dr org-policy` synthesizes it into a plain template (no bootstrap).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, BootstraplessSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import type { Construct } from 'constructs';
import { logicalId, organizationStackName, TAG, type NamingContext } from '../lib/names';
import { type TierBackupPolicy } from '../lib/organizations';

/** A root (`r-…`), an OU (`ou-…-…`) or an account (12 digits): the IDs CfnPolicyProps.targetIds accepts. */
export const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

export interface OrganizationPoliciesStackProps extends StackProps {
  readonly policies: readonly TierBackupPolicy[];
  /** Where every policy is attached. @default - none: the policies are created unattached */
  readonly targetIds?: readonly string[];
}

export class OrganizationPoliciesStack extends Stack {
  readonly policies: organizations.CfnPolicy[] = [];

  constructor(scope: Construct, id: string, props: OrganizationPoliciesStackProps) {
    super(scope, id, props);
    const targets = props.targetIds ?? [];
    const bad = targets.filter((t) => !TARGET_ID.test(t));
    if (bad.length > 0) {
      throw new Error(
        `OrganizationPoliciesStack: \`targetIds\` must be roots (r-…), OUs (ou-…-…) or 12-digit accounts, got ${bad.map((b) => `'${b}'`).join(', ')}`,
      );
    }
    for (const p of props.policies) {
      const policy = new organizations.CfnPolicy(this, `${logicalId(p.tier)}BackupPolicy`, {
        name: p.name,
        type: 'BACKUP_POLICY',
        description: p.description,
        // A JSON object, not a string: CloudFormation can then detect drift (AWS::Organizations::Policy, Content).
        content: p.content,
        tags: [{ key: TAG.tier, value: p.tier }],
        ...(targets.length > 0 ? { targetIds: [...targets] } : {}),
      });
      policy.overrideLogicalId(`${logicalId(p.tier)}BackupPolicy`);
      this.policies.push(policy);
    }
  }
}

/** The stack's template, synthesized in a throw-away folder with CDK's built-in CloudFormation validation. */
export function organizationTemplate(
  naming: NamingContext,
  policies: readonly TierBackupPolicy[],
  targetIds: readonly string[] = [],
): {
  readonly stackName: string;
  readonly template: Record<string, unknown>;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'dr-org-'));
  try {
    // CDK's built-in CloudFormation validation, every finding (warnings too) failing the synth.
    const app = new App({
      outdir,
      context: { '@aws-cdk/core:validateAgainstDefaultRules': true, '@aws-cdk/core:strictCfnValidateErrors': true },
    });
    const stackName = organizationStackName(naming);
    new OrganizationPoliciesStack(app, stackName, {
      policies,
      targetIds,
      synthesizer: new BootstraplessSynthesizer(),
      analyticsReporting: false,
      description: `DR targets: AWS Backup policies per tier for the organisation (${naming.prefix})`,
    });
    const assembly = app.synth();
    const file = join(assembly.directory, assembly.getStackByName(stackName).templateFile);
    return { stackName, template: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
