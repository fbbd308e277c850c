/**
 * `DrPostureCheck`: the DR checker as a CDK policy-validation plugin that also writes the posture, for any CDK app:
 *
 *   Validations.of(app).addPlugins(new DrPostureCheck({ targets: 'dr-targets.yaml' }));
 *
 * The checker (lib/checker `DrCheckPlugin`) joins the app's resources to the catalog by their `dr:asset` tags and
 * fails synth on a gap the catalog has not accepted; before it reports, the posture (JSON, Markdown, matrix) is
 * written — beside the cloud assembly's validation report unless `postureOut` says elsewhere — so a synth that fails
 * on a gap still leaves a posture to read and diff.
 */
import { dirname } from 'node:path';
import { Stage, type IPolicyValidationContext } from 'aws-cdk-lib';
import { DrCheckPlugin, type CheckResult, type DrPluginOptions, type StackArtifact } from '../checker';
import { POSTURE_BASE, postureFiles, writePostureFiles, type PostureFiles } from './files';
import type { MarkdownOptions } from './markdown';

export interface DrPostureCheckOptions extends DrPluginOptions {
  /**
   * The folder the posture files (`dr-posture.json`, `.md`, `.svg`) are written to; `false` writes none.
   * @default - the cloud assembly's folder (cdk.out), beside validation-report.json
   */
  readonly postureOut?: string | false;
  /** The files' base name. @default 'dr-posture' */
  readonly postureBase?: string;
  /** Links from the Markdown to runbooks the app writes beside it (lib/runbooks). @default - no links */
  readonly runbookLinks?: MarkdownOptions['runbooks'];
  /** Told the posture, the files that changed and the check it came from, after they are written. */
  readonly onPosture?: (
    posture: PostureFiles,
    changed: readonly string[],
    dir: string | undefined,
    result: CheckResult,
  ) => void;
}

export class DrPostureCheck extends DrCheckPlugin {
  /** The posture of the last validation. */
  posture: PostureFiles | undefined;

  constructor(private readonly postureOptions: DrPostureCheckOptions) {
    super(postureOptions);
  }

  protected override handOver(
    result: CheckResult,
    stacks: readonly StackArtifact[],
    context: IPolicyValidationContext,
  ): void {
    const o = this.postureOptions;
    this.posture = postureFiles(this.catalog!, result, this.today, o.postureBase ?? POSTURE_BASE, o.runbookLinks);
    const dir = o.postureOut === false ? undefined : (o.postureOut ?? assemblyDir(context));
    const changed = dir === undefined ? [] : writePostureFiles(dir, this.posture.files);
    o.onPosture?.(this.posture, changed, dir, result);
    super.handOver(result, stacks, context);
  }
}

/** Where CDK writes this synth's cloud assembly: the app's outdir, else the folder of the first template. */
function assemblyDir(context: IPolicyValidationContext): string {
  const root = context.appConstruct;
  if (Stage.isStage(root)) return root.outdir;
  const first = context.stackTemplates[0]?.templatePath;
  if (first === undefined) throw new Error('DrPostureCheck: no template to place the posture beside; set `postureOut`');
  return dirname(first);
}
