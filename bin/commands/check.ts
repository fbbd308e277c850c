/**
 * `dr check`: what the artifacts on disk achieve against the catalog. Exit 0 no gap, 1 a failing finding (with
 * --strict also every `expected` or `unverified` field: only met, accepted and n/a pass), 2 bad input.
 * `--posture-out FILE` writes the posture from those artifacts (FILE the JSON; the Markdown and the matrix picture
 * beside it, same base name), so any synth — another tool's, a cdk.out from CI — gets a posture `dr diff` can compare.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { catalogPath, EFFECTIVE_CATALOG_FILE } from '../../lib/catalog';
import { checkOnDisk, fails, InputError, todayFrom } from '../../lib/checker';
import { formatFinding, statusCounts, summaryLine } from '../../lib/checker';
import { postureFiles, writePostureFiles } from '../../lib/posture';
import type { Io } from '../io';

interface Options {
  cdkOut: string;
  k8s: string;
  k8sDr?: string;
  targets?: string;
  evidence?: string;
  strict?: boolean;
  json?: boolean;
  postureOut?: string;
}

export function register(program: Command, io: Io): void {
  program
    .command('check')
    .description('prove from the synthesized artifacts what each catalog entry achieves per failure mode')
    .option('--cdk-out <dir>', 'cloud assembly', 'cdk.out')
    .option('--k8s <dir>', 'Kubernetes manifests', 'dist/k8s')
    .option(
      '--k8s-dr <dir>',
      "the DR Region's standby cluster's manifests (default: the k8s-dr folder beside --k8s, when it exists)",
    )
    .option(
      '--targets <file>',
      "catalog file (default: $DR_TARGETS, else the cloud assembly's dr-targets.effective.yaml, else dr-targets.yaml)",
    )
    .option('--evidence <file>', "evidence records (default: the catalog's evidence path, when it exists)")
    .option('--strict', 'fail on expected (typical figures only) and unverified fields too; accepted ones pass')
    .option('--json', 'print the findings as JSON')
    .option(
      '--posture-out <file>',
      'write the posture JSON to FILE (*.json), with its Markdown and matrix picture beside it (*.md, *.svg)',
    )
    .action((opts: Options) => {
      try {
        if (opts.postureOut !== undefined && !/\.json$/.test(opts.postureOut))
          throw new InputError([
            `--posture-out: expected a .json file (the Markdown and picture go beside it), got ${opts.postureOut}`,
          ]);
        const today = todayFrom();
        // An app with DrTargets wrote its effective catalog (file + code-declared assets) into its cloud assembly.
        const effective = join(opts.cdkOut, EFFECTIVE_CATALOG_FILE);
        const explicit = opts.targets ?? process.env.DR_TARGETS;
        const { catalog, result } = checkOnDisk({
          catalogFile: explicit ?? (existsSync(effective) ? effective : catalogPath()),
          cdkOut: opts.cdkOut,
          k8sDir: opts.k8s,
          ...(opts.k8sDr !== undefined ? { k8sDrDir: opts.k8sDr } : {}),
          ...(opts.evidence !== undefined ? { evidenceFile: opts.evidence } : {}),
          today,
        });
        // The posture is written whatever the verdict: a gap is what a reviewer most needs to read.
        if (opts.postureOut !== undefined) {
          const base = basename(opts.postureOut).replace(/\.json$/, '');
          writePostureFiles(dirname(opts.postureOut), postureFiles(catalog, result, today, base).files);
        }
        const failed = fails(result.findings, opts.strict === true);
        if (opts.json) {
          io.out(JSON.stringify({ failed, summary: statusCounts(result), findings: result.findings }, null, 2));
        } else {
          const shown = result.findings.filter((f) => f.severity !== 'unverified' || opts.strict);
          for (const f of shown) io.out(formatFinding(f).join('\n'));
          io.out(summaryLine(result));
        }
        io.exit(failed ? 1 : 0);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        for (const p of e.problems) io.err(p);
        io.exit(2);
      }
    });
}
