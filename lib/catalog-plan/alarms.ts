/**
 * What the recovery-point-age function measures and what its alarms hold each figure to. Pure: the construct ships
 * this as JSON with the function's code (never in environment variables, which stop at 4 KB), and makes one alarm a
 * measurement. Each figure is what the model says the configuration achieves (never the target, so a target the
 * configuration cannot meet is a gap in the posture, not an alarm that never clears); the construct adds its margin
 * for figures that are not hard bounds (constructs/recovery-point-alarms.ts `alarmThresholdSeconds`).
 */
import { logicalId, type NamingContext } from '../names';
import { METRICS, type FunctionConfig, type Measurement } from '../measurement';
import { backupExpectations, type Limit } from './expectations';
import type { CatalogPlan } from './catalog-plan';

export function metricNamespace(naming: NamingContext): string {
  return `${logicalId(naming.prefix)}/DR`;
}

export interface ConfigResult {
  readonly config: FunctionConfig;
  /** Assets the model gives no number for: no alarm could be honest, so none is made. */
  readonly skipped: readonly { readonly asset: string; readonly reason: string }[];
}

function basisOf(limit: Limit): string {
  return [`${limit.bound} bound`, limit.note, limit.facts.join(', ')].filter(Boolean).join('; ');
}

export function recoveryPointAgeConfig(plan: CatalogPlan, naming: NamingContext): ConfigResult {
  const measurements: Measurement[] = [];
  const skipped: { asset: string; reason: string }[] = [];
  for (const e of backupExpectations(plan, naming)) {
    const base = {
      asset: e.asset,
      match: e.match,
      primaryRegion: e.primaryRegion,
      ...(e.databaseIdentifier ? { databaseIdentifier: e.databaseIdentifier } : {}),
    };
    const fresh = e.freshness.limit;
    if (fresh.seconds === null) {
      skipped.push({ asset: e.asset, reason: `the model has no figure for its recovery point age (${fresh.note})` });
    } else {
      measurements.push({
        ...base,
        metric: METRICS.recoveryPointAge,
        region: e.primaryRegion,
        source: e.freshness.source,
        figureSeconds: fresh.seconds,
        bound: fresh.bound,
        basis: basisOf(fresh),
      });
    }
    const replicated = e.replication?.limit;
    if (replicated?.seconds != null && e.databaseIdentifier) {
      measurements.push({
        ...base,
        metric: METRICS.replicatedBackupAge,
        region: e.drRegion,
        source: 'replicated-backup',
        figureSeconds: replicated.seconds,
        bound: replicated.bound,
        basis: basisOf(replicated),
      });
    }
  }
  return { config: { namespace: metricNamespace(naming), measurements }, skipped };
}
