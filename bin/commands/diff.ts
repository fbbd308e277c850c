/**
 * `dr diff BASE.json HEAD.json`: posture changes per entry and mode, and (with both cloud assemblies) the data stores
 * a deployment would replace or remove. Exit 1 on a regression, 3 when an acceptance was added or widened (and nothing
 * regressed: a reviewer decides), 2 on bad input.
 */
import { Option, type Command } from 'commander';
import { FILE_LIMITS, FileReadError, readTextFile } from '../../lib/catalog';
import { InputError, loadCloudAssembly, loadManifests } from '../../lib/checker';
import {
  diffMarkdown,
  diffPostures,
  diffReport,
  kubernetesReplacements,
  parsePosture,
  PostureError,
  diffExitCode,
  replacements,
} from '../../lib/posture';
import type { Io } from '../io';

interface Options {
  format: 'md' | 'json';
  baseCdkOut?: string;
  headCdkOut?: string;
  maxLength?: string;
  reportUrl?: string;
  baseK8s?: string;
  headK8s?: string;
}

function read(file: string): string {
  try {
    return readTextFile(file, FILE_LIMITS.posture);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new PostureError([`${e.message} (the posture file)`]);
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('diff')
    .description('compare two DR postures (and, given both cloud assemblies, data stores replaced or removed)')
    .argument('<base>', 'posture JSON of the base (e.g. main)')
    .argument('<head>', 'posture JSON of the head (the pull request)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option('--base-cdk-out <dir>', 'cloud assembly of the base, for the replacement gate')
    .option('--head-cdk-out <dir>', 'cloud assembly of the head, for the replacement gate')
    .option('--max-length <chars>', 'cut the Markdown between sections to stay under this length (a PR comment)')
    .option('--report-url <url>', 'where the full diff is, named in the Markdown when sections are cut')
    .option('--base-k8s <dir>', 'Kubernetes manifests of the base (e.g. dist/k8s), for the replacement gate')
    .option('--head-k8s <dir>', 'Kubernetes manifests of the head, for the replacement gate')
    .action((baseFile: string, headFile: string, opts: Options) => {
      try {
        if ((opts.baseCdkOut === undefined) !== (opts.headCdkOut === undefined)) {
          throw new PostureError(['--base-cdk-out and --head-cdk-out go together']);
        }
        if ((opts.baseK8s === undefined) !== (opts.headK8s === undefined)) {
          throw new PostureError(['--base-k8s and --head-k8s go together']);
        }
        const base = parsePosture(read(baseFile), baseFile);
        const head = parsePosture(read(headFile), headFile);
        const replaced =
          opts.baseCdkOut !== undefined && opts.headCdkOut !== undefined
            ? replacements(loadCloudAssembly(opts.baseCdkOut), loadCloudAssembly(opts.headCdkOut))
            : [];
        if (opts.baseK8s !== undefined && opts.headK8s !== undefined) {
          replaced.push(...kubernetesReplacements(loadManifests(opts.baseK8s), loadManifests(opts.headK8s)));
        }
        const report = diffReport(diffPostures(base, head), replaced);
        const maxLength = opts.maxLength === undefined ? undefined : Number(opts.maxLength);
        if (maxLength !== undefined && !(Number.isInteger(maxLength) && maxLength > 0)) {
          throw new PostureError([`--max-length: expected a whole number of characters, got ${opts.maxLength}`]);
        }
        const markdown = () =>
          diffMarkdown(report, {
            ...(maxLength !== undefined ? { maxLength } : {}),
            ...(opts.reportUrl ? { fullReportUrl: opts.reportUrl } : {}),
          }).trimEnd();
        io.out(opts.format === 'json' ? JSON.stringify(report, null, 2) : markdown());
        io.exit(diffExitCode(report));
      } catch (e) {
        if (!(e instanceof PostureError) && !(e instanceof InputError)) throw e;
        for (const p of e.problems) io.err(p);
        io.exit(2);
      }
    });
}
