/** One audit: observe every target (a few at a time), evaluate, and order the result worst first. */
import type { AwsClients } from './aws/clients';
import { observer } from './aws/observe';
import { evaluate, worstSeverity } from './evaluate';
import { auditRegistry, type RegistryExpectation, type RegistryFinding } from './registry';
import { SEVERITIES, type AssetAudit, type AuditTarget, type Severity } from './types';

export const AUDIT_REPORT_VERSION = 1;

export interface AuditOptions {
  readonly regions: readonly string[];
  readonly since: Date;
  readonly now: Date;
  /** Assets read at the same time (default 4): enough to be quick, few enough not to invite throttling. */
  readonly concurrency?: number;
  /** The registry replication the templates write, checked in its Region (registry.ts). @default - not checked */
  readonly registry?: RegistryExpectation;
}

export interface AuditReport {
  readonly version: number;
  readonly generatedAt: string;
  readonly regions: readonly string[];
  readonly since: string;
  readonly severity: Severity;
  readonly summary: Readonly<Record<Severity, number>>;
  readonly assets: readonly AssetAudit[];
  /** Catalog assets that AWS Backup does not protect: nothing here to audit. */
  readonly notInAwsBackup: readonly string[];
  /** Account-wide checks: the ECR registry's replication (empty when not checked). */
  readonly registry: readonly RegistryFinding[];
}

async function pool<T, R>(items: readonly T[], size: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

export const bySeverity = (a: { severity: Severity; asset: string }, b: { severity: Severity; asset: string }) =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.asset.localeCompare(b.asset);

export async function runAudit(
  targets: readonly AuditTarget[],
  notInAwsBackup: readonly string[],
  clients: AwsClients,
  options: AuditOptions,
): Promise<AuditReport> {
  const observe = observer(clients, options);
  const assets = await pool(targets, options.concurrency ?? 4, async (t) => evaluate(t, await observe(t), options));
  const { registry: expected } = options;
  const registry: RegistryFinding[] = !expected
    ? []
    : [
        clients.ecr
          ? await auditRegistry(clients.ecr(expected.region), expected)
          : {
              check: 'ecr-replication',
              severity: 'unaudited',
              region: expected.region,
              message: 'no ECR client: the registry replication was not read',
            },
      ];
  const summary = Object.fromEntries(
    SEVERITIES.map((s) => [s, assets.filter((a) => a.severity === s).length]),
  ) as Record<Severity, number>;
  return {
    version: AUDIT_REPORT_VERSION,
    generatedAt: options.now.toISOString(),
    regions: options.regions,
    since: options.since.toISOString(),
    severity: worstSeverity([...assets, ...registry].map((a) => a.severity)),
    summary,
    assets: [...assets].sort(bySeverity),
    notInAwsBackup,
    registry,
  };
}

/**
 * 1 if anything is breached, else 2 if an asset or the registry could not be audited, else 0. Accepted gaps and
 * warnings pass.
 */
export function exitCodeOf(
  report: Pick<AuditReport, 'summary' | 'assets'> & Partial<Pick<AuditReport, 'registry'>>,
): 0 | 1 | 2 {
  const registry = report.registry ?? [];
  if (report.summary.breach > 0 || registry.some((f) => f.severity === 'breach')) return 1;
  if (report.summary.unaudited > 0 || report.assets.length === 0 || registry.some((f) => f.severity === 'unaudited'))
    return 2;
  return 0;
}
