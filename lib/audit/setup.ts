/** What `dr audit` and `dr drill` read before they touch AWS: the catalog, its plan, the posture, the naming. */
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

/** The committed posture: docs/dr-posture.json at the root of the project the working directory is in. */
export function defaultPosture(): string {
  return projectFile('docs/dr-posture.json');
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

/** The account resources live in: `--account`, else CDK_DEFAULT_ACCOUNT (as the app does), else the catalog's. */
export function namingFor(catalog: Catalog, account?: string, env: NodeJS.ProcessEnv = process.env): NamingContext {
  const chosen = account ?? env.CDK_DEFAULT_ACCOUNT ?? catalog.naming.account;
  if (!/^[0-9]{12}$/.test(chosen)) throw new AuditInputError(`--account must be 12 digits, got "${chosen}"`);
  return { ...catalog.naming, account: chosen };
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
  readonly targets: AuditTarget[];
  readonly notInAwsBackup: string[];
  /** The ECR registry replication the templates write in the primary Region; null when the plan replicates none. */
  readonly registry: RegistryExpectation | null;
}

export function setupAudit(catalogFile: string, postureFile: string, account?: string): AuditSetup {
  const catalog = loadCatalog(catalogFile);
  const plan = planCatalog(catalog);
  const posture = readPosture(postureFile);
  const naming = namingFor(catalog, account);
  const targets = auditTargets(plan, posture, naming);
  const audited = new Set(targets.map((t) => t.asset));
  const replication = registryReplication(plan);
  return {
    catalog,
    plan,
    targets,
    notInAwsBackup: catalog.assets.map((a) => a.id).filter((id) => !audited.has(id)),
    registry: replication && { ...replication, account: naming.account, region: naming.primaryRegion },
  };
}
