/**
 * The checker as a CDK policy-validation plugin (the interface cdk-nag 3 and cdk-validator-cfnguard use). It reads
 * the templates CDK just wrote and the Kubernetes manifests (synthesized in the same process, or a folder of the team's
 * own), runs the checker, hands the result over (the posture is written then, before synth fails: lib/posture
 * `DrPostureCheck` adds that), and reports every failing finding with severity `fatal`: CDK lets
 * `Validations.of(x).acknowledge()` silence any other violation, and the catalog's `accept:` must be the only way to
 * accept a DR gap. Any CDK app can carry it: the checker joins resources to the catalog by their `dr:asset` tags.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { isTargetsSource, loadCatalog, TARGETS_SOURCE_ID, type Catalog, type TargetsSource } from '../catalog';
import { check, todayFrom, type CheckResult } from './check';
import { evidencePath, loadEvidence, type EvidenceRecord } from './evidence';
import { InputError } from './errors';
import { fails, RULES, type Finding } from './findings';
import { loadManifests, stackFromTemplate } from './load';
import { loadTeamManifests } from './overlays';
import type { K8sObject, StackArtifact, SynthAnnotation } from './types';

export const PLUGIN_NAME = 'DR posture';

export interface DrPluginOptions {
  /**
   * The DR targets the app is judged against: a catalog file, a loaded catalog, or a source that gives the catalog
   * when synth validates (the library's `DrTargets`, whose catalog includes what constructs declared).
   * @default - `catalog`, else the app's DrTargets (at its root)
   */
  readonly targets?: string | Catalog | TargetsSource;
  /** The loaded catalog: the same as `targets`, for callers that have one. @default - `targets` */
  readonly catalog?: Catalog;
  /**
   * The Kubernetes side: the manifests' objects (synthesized in the same process), or a folder of manifest files
   * (`*.yaml`, e.g. the team's own Deployments beside the library's overlay).
   * @default - none: services and in-cluster assets are judged on AWS artifacts alone
   */
  readonly manifests?: readonly K8sObject[] | string;
  /**
   * The team's own Deployments that `workload: overlay` services patch (docs/kubernetes.md).
   * @default - read from the folders those services name in `deployment.manifests`
   */
  readonly teamManifests?: readonly K8sObject[];
  /** @default - the records of the catalog's evidence file, when it exists */
  readonly evidence?: readonly EvidenceRecord[];
  /** The ISO date acceptances and evidence are judged on. @default - DR_TODAY, else today */
  readonly today?: string;
  /** Called with the result before the plugin reports, so the posture exists even when synth fails. */
  readonly onResult?: (
    result: CheckResult,
    stacks: readonly StackArtifact[],
    context: IPolicyValidationContext,
  ) => void;
}

/** The checker alone: what the artifacts achieve, as a policy-validation report. lib/posture's subclass writes the posture. */
export class DrCheckPlugin implements IPolicyValidationPlugin {
  readonly name = PLUGIN_NAME;
  readonly version = '1.0.0';
  readonly ruleIds = Object.values(RULES).map((r) => r.id);
  /** The last result, for the entry point to print without a stack trace. */
  result: CheckResult | undefined;
  /** The catalog the last validation judged against. */
  catalog: Catalog | undefined;
  /** The ISO date acceptances and evidence are judged on. */
  readonly today: string;
  private readonly targets: Catalog | TargetsSource | undefined;

  constructor(private readonly options: DrPluginOptions) {
    const targets = options.targets ?? options.catalog;
    // A file is read now, so a malformed catalog stops the app before anything is synthesized.
    this.targets = typeof targets === 'string' ? loadCatalog(targets) : targets;
    this.today = options.today ?? todayFrom();
  }

  /** The catalog to judge by: the given one, else the app's DrTargets. */
  private catalogOf(root: IConstruct): Catalog {
    const targets = this.targets ?? root.node.tryFindChild(TARGETS_SOURCE_ID);
    if (isTargetsSource(targets)) return targets.effectiveCatalog();
    if (targets === undefined || !('assets' in targets))
      throw new InputError([
        `DrPostureCheck: no \`targets\` given and no DrTargets at the app root (${TARGETS_SOURCE_ID}): give a catalog file, a catalog or DrTargets`,
      ]);
    return targets as Catalog;
  }

  /** Hands the result over before the plugin reports (lib/posture's subclass writes the posture here). */
  protected handOver(result: CheckResult, stacks: readonly StackArtifact[], context: IPolicyValidationContext): void {
    this.options.onResult?.(result, stacks, context);
  }

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
    const catalog = this.catalogOf(context.appConstruct);
    const { manifests } = this.options;
    const evidence = this.options.evidence ?? loadEvidence(evidencePath(catalog), false);
    const result = check({
      catalog,
      artifacts: {
        stacks,
        manifests: typeof manifests === 'string' ? loadManifests(manifests) : (manifests ?? []),
        annotations: treeAnnotations(context.appConstruct),
        teamManifests: this.options.teamManifests ?? loadTeamManifests(catalog),
      },
      evidence,
      today: this.today,
    });
    this.result = result;
    this.catalog = catalog;
    this.handOver(result, stacks, context);
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

/** The warnings CDK holds in the construct tree (what the cloud assembly manifest records as `aws:cdk:warning`). */
function treeAnnotations(root: IConstruct): SynthAnnotation[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === 'aws:cdk:warning' && typeof m.data === 'string')
        .map((m) => ({ path: `/${c.node.path}`, message: m.data as string })),
    );
}
