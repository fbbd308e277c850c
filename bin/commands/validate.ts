/**
 * `dr validate`: everything synth does before it writes — the catalog, the evidence it names, the plan, the placement
 * file and the Kubernetes charts, in memory — and report every problem with its location (exit 2); then judge its
 * acceptances as synth does: an expired one is an error (exit 1), one expiring within 30 days a warning. Exit 0
 * otherwise.
 */
import type { Command } from 'commander';
import { catalogPath } from '../../lib/catalog';
import { acceptanceFindings, formatFinding, todayFrom } from '../../lib/checker';
import type { Io } from '../io';
import { prepareSynth } from '../prepare';

export function register(program: Command, io: Io): void {
  program
    .command('validate')
    .description('check the DR targets catalog and print a one-line summary')
    .option('--targets <file>', 'catalog file (default: $DR_TARGETS, else dr-targets.yaml)')
    .action((opts: { targets?: string }) => {
      const file = catalogPath(opts.targets);
      const { catalog, plan } = prepareSynth(file, undefined);
      const shortfalls = [...plan.assets.values(), ...plan.services.values()].reduce(
        (n, p) => n + p.shortfalls.length,
        0,
      );
      io.out(
        `${file}: valid — ${catalog.tiers.length} tiers, ${catalog.services.length} services, ${catalog.assets.length} assets, ` +
          `${catalog.drills.length} drills; the plan leaves ${shortfalls} field(s) short of target (see npm run synth).`,
      );
      // Where an account quota made the plan settle for less: the posture shows the result, this says why.
      for (const limit of plan.limits) io.out(`note: ${limit.message}`);
      const acceptances = acceptanceFindings(catalog, todayFrom());
      for (const f of acceptances) io.err(formatFinding(f).join('\n'));
      io.exit(acceptances.some((f) => f.severity === 'error') ? 1 : 0);
    });
}
