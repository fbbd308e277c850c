/**
 * The checker as a CDK policy-validation plugin (the interface cdk-nag 3 and cdk-validator-cfnguard use). It reads
 * the templates CDK just wrote and the Kubernetes manifests synthesized in the same process, runs the checker, hands
 * the result over (the posture is written then, before synth fails), and reports every failing finding with severity
 * `fatal`: CDK lets `Validations.of(x).acknowledge()` silence any other violation, and the catalog's `accept:` must be
 * the only way to accept a DR gap.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import type { Catalog } from '../catalog';
import { check, type CheckResult } from './check';
import type { EvidenceRecord } from './evidence';
import { InputError } from './errors';
import { fails, RULES, type Finding } from './findings';
import { stackFromTemplate } from './load';
import type { K8sObject, StackArtifact } from './types';

export const PLUGIN_NAME = 'DR posture';

export interface DrPluginOptions {
  readonly catalog: Catalog;
  /** The manifests synthesized in the same process. */
  readonly manifests: readonly K8sObject[];
  readonly evidence?: readonly EvidenceRecord[];
  readonly today: string;
  /** Called with the result before the plugin reports, so the posture exists even when synth fails. */
  readonly onResult?: (result: CheckResult, stacks: readonly StackArtifact[]) => void;
}

export class DrPostureCheck implements IPolicyValidationPlugin {
  readonly name = PLUGIN_NAME;
  readonly version = '1.0.0';
  readonly ruleIds = Object.values(RULES).map((r) => r.id);
  /** The last result, for the entry point to print without a stack trace. */
  result: CheckResult | undefined;

  constructor(private readonly options: DrPluginOptions) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = context.stackTemplates.map((s) => {
      let template: unknown;
      try {
        template = JSON.parse(readFileSync(s.templatePath, 'utf8'));
      } catch (e) {
        throw new InputError([`${s.templatePath}: not valid JSON: ${(e as Error).message}`]);
      }
      const name = basename(s.templatePath).replace(/\.template\.json$/, '');
      return stackFromTemplate(name, s.templatePath, template, {
        region: s.region ?? null,
        account: s.accountId ?? null,
      });
    });
    const { catalog, manifests, evidence, today } = this.options;
    const result = check({ catalog, artifacts: { stacks, manifests }, evidence: evidence ?? [], today });
    this.result = result;
    this.options.onResult?.(result, stacks);
    const violations = result.findings.filter((f) => f.severity !== 'unverified').map((f) => violation(f, stacks));
    return { success: !fails(result.findings, false), violations, pluginVersion: this.version };
  }
}

function violation(f: Finding, stacks: readonly StackArtifact[]): PolicyViolation {
  const stack = f.resource ? stacks.find((s) => s.name === f.resource!.stack) : undefined;
  const resource =
    stack && f.resource
      ? {
          resourceLogicalId: f.resource.logicalId,
          templatePath: stack.file,
          locations: [`Resources/${f.resource.logicalId}`],
        }
      : { locations: [f.where ?? f.entry ?? 'catalog'] };
  return {
    ruleName: f.rule,
    description: f.message,
    fix: f.fix,
    severity: f.severity === 'error' ? 'fatal' : 'warning',
    violatingResources: [resource],
    ruleMetadata: {
      ...(f.entry ? { entry: f.entry } : {}),
      ...(f.mode ? { mode: f.mode } : {}),
      ...(f.field ? { field: f.field } : {}),
      ...(f.policy ? { policy: f.policy } : {}),
    },
  };
}
