/**
 * `dr check`: what the artifacts on disk achieve against the catalog. Exit 0 no gap, 1 a failing finding (with
 * --strict also every `expected` or `unverified` field: only met, accepted and n/a pass), 2 bad input.
 */
import type { Command } from 'commander';
import { catalogPath } from '../../lib/catalog';
import { checkOnDisk, fails, InputError, todayFrom } from '../../lib/checker';
import { formatFinding, statusCounts, summaryLine } from '../../lib/checker';
import type { Io } from '../io';

interface Options {
  cdkOut: string;
  k8s: string;
  k8sDr?: string;
  targets?: string;
  evidence?: string;
  strict?: boolean;
  json?: boolean;
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
    .option('--targets <file>', 'catalog file (default: $DR_TARGETS, else dr-targets.yaml)')
    .option('--evidence <file>', "evidence records (default: the catalog's evidence path, when it exists)")
    .option('--strict', 'fail on expected (typical figures only) and unverified fields too; accepted ones pass')
    .option('--json', 'print the findings as JSON')
    .action((opts: Options) => {
      try {
        const { result } = checkOnDisk({
          catalogFile: catalogPath(opts.targets),
          cdkOut: opts.cdkOut,
          k8sDir: opts.k8s,
          ...(opts.k8sDr !== undefined ? { k8sDrDir: opts.k8sDr } : {}),
          ...(opts.evidence !== undefined ? { evidenceFile: opts.evidence } : {}),
          today: todayFrom(),
        });
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
