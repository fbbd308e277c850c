/** What `dr audit` and `dr drill` read before they touch AWS: the catalog, its plan, the posture, the naming. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  FILE_LIMITS,
  FileReadError,
  loadCatalog,
  parseDuration,
  parseJsonText,
  projectFile,
  readTextFile,
  type Catalog,
} from '../catalog';
import type { NamingContext } from '../names';
import { planCatalog, registryReplication, type CatalogPlan } from '../catalog-plan';
import { POSTURE_VERSION, type Posture } from '../posture';
import { AuditInputError } from './errors';
import type { RegistryExpectation } from './registry';
import { auditTargets } from './targets';
import type { AuditTarget } from './types';

/** Which posture the audit compares with, and how it was chosen (the command says so before it reads AWS). */
export interface PostureChoice {
  readonly file: string;
  readonly why: '--posture' | 'the current synth' | 'the committed posture';
  /** Set when the catalog was changed after the synth that wrote the posture. */
  readonly stale?: string;
}

/**
 * `--posture FILE`; else the current synth's dist/dr-posture.json when there is one (what the artifacts on this machine
 * achieve); else the committed docs/dr-posture.json. A synth posture older than the catalog is still used, with a note.
 */
export function choosePosture(
  flag: string | undefined,
  catalogFile: string,
  cwd: string = process.cwd(),
): PostureChoice {
  if (flag !== undefined) return { file: flag, why: '--posture' };
  const synth = projectFile('dist/dr-posture.json', cwd);
  if (existsSync(resolve(cwd, synth))) {
    const catalogTime = mtimeOf(resolve(cwd, catalogFile));
    const postureTime = mtimeOf(resolve(cwd, synth));
    const stale =
      catalogTime !== undefined && postureTime !== undefined && catalogTime > postureTime
        ? `${catalogFile} changed after that synth: run \`npm run synth\` to audit against it`
        : undefined;
    return { file: synth, why: 'the current synth', ...(stale ? { stale } : {}) };
  }
  return { file: projectFile('docs/dr-posture.json', cwd), why: 'the committed posture' };
}

function mtimeOf(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The line the audit prints about its posture. */
export function postureLine(choice: PostureChoice, posture: Posture): string {
  const note =
    choice.why === 'the committed posture'
      ? ' (no synth output here: `npm run synth` writes dist/dr-posture.json)'
      : '';
  return `posture ${choice.file} (${choice.why}, as of ${posture.asOf})${note}${choice.stale ? `; ${choice.stale}` : ''}`;
}

export function readPosture(file: string): Posture {
  let text: string;
  try {
    text = readTextFile(file, FILE_LIMITS.posture);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new AuditInputError(
      `cannot read the posture ${file} (${e.reason}): run \`npm run synth\` (it writes dist/dr-posture.json) and pass --posture`,
    );
  }
  let posture: Posture;
  try {
    posture = parseJsonText(text, file) as Posture;
  } catch (e) {
    // Located, never quoting the file.
    throw new AuditInputError((e as Error).message);
  }
  if (posture.version !== POSTURE_VERSION || !Array.isArray(posture.entries)) {
    throw new AuditInputError(
      `${file} is not a version ${POSTURE_VERSION} posture (got version ${String(posture.version)})`,
    );
  }
  return posture;
}

/** An account the user named (`--account`, else CDK_DEFAULT_ACCOUNT), checked for shape; undefined when none. */
export function chosenAccount(
  flag?: string,
  env: NodeJS.ProcessEnv = process.env,
): { readonly account: string; readonly from: string } | undefined {
  const chosen =
    flag !== undefined
      ? { account: flag, from: '--account' }
      : env.CDK_DEFAULT_ACCOUNT
        ? { account: env.CDK_DEFAULT_ACCOUNT, from: 'CDK_DEFAULT_ACCOUNT' }
        : undefined;
  if (chosen && !/^[0-9]{12}$/.test(chosen.account))
    throw new AuditInputError(`${chosen.from} must be 12 digits, got "${chosen.account}"`);
  return chosen;
}

/**
 * The account resources live in: `--account`, else CDK_DEFAULT_ACCOUNT (as the app does), else the catalog's. Once the
 * credentials are known (preflight), the commands name resources for the credentials' account instead of the catalog's.
 */
export function namingFor(catalog: Catalog, account?: string, env: NodeJS.ProcessEnv = process.env): NamingContext {
  return { ...catalog.naming, account: chosenAccount(account, env)?.account ?? catalog.naming.account };
}

export function parseSince(value: string): number {
  const seconds = parseDuration(value);
  if (seconds === undefined || seconds === 0)
    throw new AuditInputError(`--since expects a duration such as 24h or 7d, got "${value}"`);
  return seconds;
}

/** The Regions to audit: both of the catalog's, or the one `--region` names. */
export function regionsFor(catalog: Catalog, region?: string): string[] {
  const both = [catalog.environment.primaryRegion, catalog.environment.drRegion];
  if (region === undefined) return both;
  if (!both.includes(region))
    throw new AuditInputError(`--region must be one of the catalog's Regions (${both.join(', ')}), got "${region}"`);
  return [region];
}

export interface AuditSetup {
  readonly catalog: Catalog;
  readonly plan: CatalogPlan;
  readonly posture: Posture;
  readonly targets: AuditTarget[];
  readonly notInAwsBackup: string[];
  /** The ECR registry replication the templates write in the primary Region; null when the plan replicates none. */
  readonly registry: RegistryExpectation | null;
}

/** Everything the audit needs, read and checked before AWS is: the catalog, its plan and the posture. */
export function setupAudit(catalogFile: string, postureFile: string, account?: string): AuditSetup {
  const catalog = loadCatalog(catalogFile);
  const plan = planCatalog(catalog);
  const posture = readPosture(postureFile);
  return forAccount({ catalog, plan, posture }, namingFor(catalog, account).account);
}

/** The same setup with the resources named for another account (the credentials', once preflight has read them). */
export function forAccount(setup: Pick<AuditSetup, 'catalog' | 'plan' | 'posture'>, account: string): AuditSetup {
  const { catalog, plan, posture } = setup;
  const naming = { ...catalog.naming, account };
  const targets = auditTargets(plan, posture, naming);
  const audited = new Set(targets.map((t) => t.asset));
  const replication = registryReplication(plan);
  return {
    catalog,
    plan,
    posture,
    targets,
    notInAwsBackup: catalog.assets.map((a) => a.id).filter((id) => !audited.has(id)),
    registry: replication && { ...replication, account: naming.account, region: naming.primaryRegion },
  };
}
