/**
 * What the app entry (bin/app.ts: `npm run synth` and `cdk synth`) does, importable without running it. Catalog: `-c targets=FILE`, else
 * DR_TARGETS, else dr-targets.yaml. A catalog or placement-file problem exits 2 with located messages and writes
 * nothing; a DR gap prints the checker's findings (no stack trace) and exits 1, with the posture already written.
 */
import { CatalogError, catalogPath, FileReadError } from '../lib/catalog';
import { InputError } from '../lib/checker';
import { formatFinding } from '../lib/checker';
import { PlacementError } from '../lib/placement';
import { cdkJsonContext, DrGateError, synthesize } from './synth-app';
import { internalErrorText, INTERNAL_ERROR_EXIT } from './internal-error';
import { checkCliOutdir, outputsOf } from './outputs';
import { synthSummary } from './summary';

export interface EntryOptions {
  /**
   * Run the DR checker plugin and write the posture (default true). Only the benchmark's baseline entry
   * (scripts/baseline-app.ts) turns it off; nothing a user runs can: `accept:` in the catalog is the only way past a gap.
   */
  readonly drCheck?: boolean;
  /** The catalog (default: `-c targets`, else DR_TARGETS, else dr-targets.yaml). */
  readonly catalogFile?: string;
  /**
   * Where the cloud assembly and the manifests and posture go. Default: cdk.out and dist for the project's
   * dr-targets.yaml, `<name>.out/cdk.out` and `<name>.out/dist` beside any other catalog (bin/outputs.ts).
   */
  readonly outdir?: string;
  readonly distDir?: string;
  /** A folder for both: `<out>/cdk.out` and `<out>/dist` (`--out`, `-c out=DIR`, DR_OUT). @default - see `outdir` */
  readonly out?: string;
  /** CDK's built-in CloudFormation validation (default: on unless CDK_VALIDATION=false). */
  readonly validation?: boolean;
  /** Where messages go (default standard error). */
  readonly stderr?: (text: string) => void;
}

export function main(options: EntryOptions = {}): number {
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  const underCli = process.env.CDK_CONTEXT_JSON !== undefined || process.env.CDK_OUTDIR !== undefined;
  let context: Record<string, unknown> | undefined;
  try {
    context = underCli ? undefined : cdkJsonContext();
  } catch (e) {
    // Run outside the project (no cdk.json here): say so instead of a stack trace.
    stderr(
      `cannot read cdk.json in ${process.cwd()} (${(e as Error).message.split('\n')[0]}): run the app from the project root, as npm run synth and cdk synth do\n`,
    );
    return 2;
  }
  const cliContext = (underCli ? JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') : context) as
    Record<string, unknown> | undefined;
  const fromContext = cliContext?.targets as string | undefined;
  const out = options.out ?? (cliContext?.out as string | undefined) ?? process.env.DR_OUT;
  try {
    const started = Date.now();
    // A terminal sees each step start; a CI log gets only the summary.
    const onProgress =
      !options.stderr && process.stderr.isTTY ? (step: string) => stderr(`synth: ${step}…\n`) : undefined;
    const validation = options.validation ?? process.env.CDK_VALIDATION !== 'false';
    const catalogFile = options.catalogFile ?? catalogPath(fromContext);
    const outputs = outputsOf(catalogFile, out);
    if (underCli) checkCliOutdir(catalogFile, process.env.CDK_OUTDIR, out);
    const distDir = options.distDir ?? outputs.distDir;
    const result = synthesize({
      catalogFile,
      ...(underCli ? {} : { outdir: options.outdir ?? outputs.outdir, context: context! }),
      distDir,
      ...(validation ? {} : { validation: false }),
      ...(options.drCheck === false ? { drCheck: false } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    if ('check' in result) {
      const seconds = (Date.now() - started) / 1000;
      stderr(`${synthSummary(result, { distDir, seconds }).join('\n')}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof CatalogError) {
      const where = e instanceof PlacementError ? 'the placement file' : 'the catalog';
      stderr(`${e.message}\n${e.problems.length} problem(s) in ${where}; nothing was written.\n`);
      return 2;
    }
    if (e instanceof InputError) {
      stderr(`${e.problems.join('\n')}\n`);
      return 2;
    }
    if (e instanceof DrGateError) {
      const failing = e.result.findings.filter((f) => f.severity === 'error');
      // CDK's report (all plugins) is on the console already, unless CDK kept it in its error: print the findings once.
      if (!e.reportedByCdk) stderr(`${failing.map((f) => formatFinding(f).join('\n')).join('\n')}\n`);
      const posture = e.postureFile ? ` The posture is in ${e.postureFile}.` : '';
      const where = e.reportedByCdk ? ' (reported above)' : '';
      stderr(
        `synth failed: ${failing.length} DR finding(s)${where}; accept a gap only with \`accept:\` in the catalog.${posture}\n`,
      );
      return 1;
    }
    // CDK has printed each plugin's findings; the report is in cdk.out/validation-report.json.
    if (e instanceof Error && /^Validation failed/.test(e.message)) {
      stderr(`synth failed: ${e.message.split('\n')[0]}\n`);
      return 1;
    }
    if (e instanceof FileReadError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    process.stderr.write(internalErrorText('synth', e));
    return INTERNAL_ERROR_EXIT;
  }
}
