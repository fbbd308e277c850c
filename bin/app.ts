/**
 * The app entry point of `npm run synth` and `cdk synth` (cdk.json's "app"). Catalog: `-c targets=FILE`, else
 * DR_TARGETS, else dr-targets.yaml. A catalog problem exits 2 with located messages and writes nothing.
 */
import { CatalogError, catalogPath } from '../lib/catalog';
import { cdkJsonContext, synthesize } from './synth-app';

function main(): number {
  const underCli = process.env.CDK_CONTEXT_JSON !== undefined || process.env.CDK_OUTDIR !== undefined;
  const context = underCli ? undefined : cdkJsonContext();
  const fromContext = (underCli ? JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') : context)?.targets as string | undefined;
  try {
    synthesize({
      catalogFile: catalogPath(fromContext),
      ...(underCli ? {} : { outdir: 'cdk.out', context: context! }),
      ...(process.env.CDK_VALIDATION === 'false' ? { validation: false } : {}),
    });
    return 0;
  } catch (e) {
    if (e instanceof CatalogError) {
      process.stderr.write(`${e.message}\n${e.problems.length} problem(s) in the catalog; nothing was written.\n`);
      return 2;
    }
    // CDK has printed each plugin's findings; the report is in cdk.out/validation-report.json.
    if (e instanceof Error && /^Validation failed/.test(e.message)) {
      process.stderr.write(`synth failed: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
