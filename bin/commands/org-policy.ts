/**
 * `dr org-policy`: the tiers' AWS Backup rules as AWS Organizations backup policies (one JSON file per tier) and the
 * CloudFormation template that creates and attaches them from the management account (docs/organizations.md).
 * Exit 0, or 2 on bad input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { catalogPath, loadCatalog } from '../../lib/catalog';
import { orgBackupPolicies } from '../../lib/organizations';
import { organizationTemplate, TARGET_ID } from '../../constructs/organization-stack';
import { planCatalog } from '../../lib/catalog-plan';
import type { Io } from '../io';

interface Options {
  targets?: string;
  out: string;
  targetId: string[];
}

export function register(program: Command, io: Io): void {
  program
    .command('org-policy')
    .description(
      "write each tier's backup rules as an AWS Organizations backup policy, and a CloudFormation template that applies them",
    )
    .option('--targets <file>', 'catalog file (default: $DR_TARGETS, else dr-targets.yaml)')
    .option('--out <dir>', 'output folder', 'dist/organizations')
    .option(
      '--target-id <id>',
      'root (r-…), OU (ou-…) or account to attach every policy to (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .action((opts: Options) => {
      const bad = opts.targetId.filter((t) => !TARGET_ID.test(t));
      if (bad.length > 0) {
        io.err(
          `dr org-policy: --target-id expects a root (r-…), an OU (ou-…-…) or a 12-digit account, got ${bad.join(', ')}`,
        );
        io.exit(2);
        return;
      }
      const catalog = loadCatalog(catalogPath(opts.targets));
      const { policies, skipped } = orgBackupPolicies(planCatalog(catalog));
      mkdirSync(opts.out, { recursive: true });
      for (const p of policies) {
        const file = join(opts.out, `${p.name}.json`);
        writeFileSync(file, `${JSON.stringify(p.content, null, 2)}\n`);
        const rules = Object.keys(Object.values(p.content.plans)[0]!.rules);
        io.out(`${p.tier}: ${file} — rules ${rules.join(', ')}; from ${p.assets.length} asset(s) of this catalog`);
      }
      for (const s of skipped) io.out(`${s.tier}: no policy (${s.reason})`);
      const { stackName, template } = organizationTemplate(catalog.naming, policies, opts.targetId);
      const file = join(opts.out, `${stackName}.template.json`);
      writeFileSync(file, `${JSON.stringify(template, null, 1)}\n`);
      const attached =
        opts.targetId.length > 0 ? `attached to ${opts.targetId.join(', ')}` : 'created unattached (no --target-id)';
      io.out(
        `${file}: ${policies.length} AWS::Organizations::Policy, ${attached}; deploy it in the management account`,
      );
      io.exit(0);
    });
}
