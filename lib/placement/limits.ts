/**
 * CloudFormation's hard limits per template, checked on the synthesized templates themselves: placement decides from
 * estimates (estimate.ts), and this is what makes a wrong estimate fail synth, naming the stack and the limit, instead
 * of failing a deploy. A policy-validation plugin like the DR checker, with `fatal` findings no acknowledgement silences.
 */
import { readFileSync } from 'node:fs';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';

/**
 * Per template (AWS CloudFormation quotas): resources, outputs and parameters; the body uploaded from S3 is 1 MB, read
 * here as 1,000,000 bytes of the file CDK writes (the stricter reading of "MB").
 */
export const CLOUDFORMATION_LIMITS = { resources: 500, bytes: 1_000_000, outputs: 200, parameters: 200 } as const;

type Limit = keyof typeof CLOUDFORMATION_LIMITS;

export interface LimitViolation {
  readonly stack: string;
  readonly limit: Limit;
  readonly value: number;
  readonly max: number;
  readonly message: string;
}

const WHAT: Readonly<Record<Limit, string>> = {
  resources: 'resources',
  bytes: 'bytes of template body',
  outputs: 'outputs',
  parameters: 'parameters',
};

const count = (v: unknown) => (typeof v === 'object' && v !== null ? Object.keys(v).length : 0);

/** What one template exceeds; `text` is the template file as CDK wrote it. */
export function limitViolations(stack: string, text: string): LimitViolation[] {
  const template = JSON.parse(text) as Record<string, unknown>;
  const values: Record<Limit, number> = {
    resources: count(template.Resources),
    bytes: Buffer.byteLength(text, 'utf8'),
    outputs: count(template.Outputs),
    parameters: count(template.Parameters),
  };
  return (Object.keys(CLOUDFORMATION_LIMITS) as Limit[])
    .filter((limit) => values[limit] > CLOUDFORMATION_LIMITS[limit])
    .map((limit) => ({
      stack,
      limit,
      value: values[limit],
      max: CLOUDFORMATION_LIMITS[limit],
      message: `stack ${stack} has ${values[limit]} ${WHAT[limit]}; CloudFormation allows ${CLOUDFORMATION_LIMITS[limit]} per template`,
    }));
}

const FIX =
  'the placement estimate (lib/placement/estimate.ts) was too low for this stack: raise the figure of the kinds it holds, ' +
  'so new assets open a shard sooner; assets already placed never move (moving a data store replaces it)';

export class TemplateLimits implements IPolicyValidationPlugin {
  readonly name = 'CloudFormation limits';
  readonly version = '1.0.0';
  readonly ruleIds = (Object.keys(CLOUDFORMATION_LIMITS) as Limit[]).map((l) => `CFN-LIMIT-${l.toUpperCase()}`);

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations = context.stackTemplates.flatMap((s) => {
      const stack = s.stackConstructPath.split('/').pop()!;
      return limitViolations(stack, readFileSync(s.templatePath, 'utf8')).map((v) => ({
        ruleName: `CFN-LIMIT-${v.limit.toUpperCase()}`,
        description: v.message,
        fix: FIX,
        severity: 'fatal',
        violatingResources: [
          {
            constructPath: s.stackConstructPath,
            templatePath: s.templatePath,
            locations: [v.limit === 'bytes' ? '' : capitalize(v.limit)],
          },
        ],
      }));
    });
    return { success: violations.length === 0, violations, pluginVersion: this.version };
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
