/**
 * Where a catalog's synth writes. The default catalog (the project's dr-targets.yaml) keeps today's paths: the cloud
 * assembly in cdk.out/, the manifests and the posture in dist/ (docs/ holds the committed copies, the PR workflow reads
 * them). Any other catalog gets its own folder beside it, `<name>.out/` (`staging.yaml` → `staging.out/cdk.out/` and
 * `staging.out/dist/`), like its placement file, so two catalogs never overwrite each other's outputs; `--out DIR`
 * (`-c out=DIR`, `DR_OUT`) puts `cdk.out/` and `dist/` under DIR instead.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { projectFile, projectRoot } from '../lib/catalog';
import { InputError } from '../lib/checker';

export interface Outputs {
  /** The folder of the cloud assembly (ignored under the CDK CLI, which chooses it: CDK_OUTDIR). */
  readonly outdir: string;
  /** The folder of the manifests (`k8s/`) and the posture. */
  readonly distDir: string;
}

/** Whether a catalog file is the project's own dr-targets.yaml. */
export function isDefaultCatalog(catalogFile: string): boolean {
  return resolve(catalogFile) === resolve(projectFile('dr-targets.yaml'));
}

/** The output folder of a catalog other than the default: `<name>.out` beside it. */
export function catalogOutFolder(catalogFile: string): string {
  return join(dirname(catalogFile), `${basename(catalogFile).replace(/\.ya?ml$/, '')}.out`);
}

export function outputsOf(catalogFile: string, out?: string): Outputs {
  const folder = out ?? (isDefaultCatalog(catalogFile) ? undefined : catalogOutFolder(catalogFile));
  return folder === undefined
    ? { outdir: 'cdk.out', distDir: 'dist' }
    : { outdir: join(folder, 'cdk.out'), distDir: join(folder, 'dist') };
}

/**
 * Under the CDK CLI the assembly goes where the CLI says (`-o`, else cdk.json's "output": cdk.out). Another catalog
 * must not write over the default catalog's cdk.out: that is refused, with the option that avoids it.
 */
export function checkCliOutdir(catalogFile: string, cliOutdir: string | undefined, out?: string): void {
  if (cliOutdir === undefined || isDefaultCatalog(catalogFile)) return;
  if (resolve(cliOutdir) !== resolve(projectRoot(), 'cdk.out')) return;
  const own = join(out ?? catalogOutFolder(catalogFile), 'cdk.out');
  throw new InputError([
    `${catalogFile} is not the project's dr-targets.yaml: its cloud assembly would overwrite cdk.out/; give it its own, e.g. cdk synth -c targets=${catalogFile} -o ${own}`,
  ]);
}
