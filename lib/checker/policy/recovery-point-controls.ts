/**
 * The rounding of Backup Audit Manager's recovery-point-age control, for the posture: per control, the age the model
 * gives the asset's AWS Backup rules as the artifacts have them (the newest recovery point they promise, instance
 * mode, as the constructs compute it from the plan) and the whole hours the framework in the template allows. The
 * control's grain is hours (BKP-19), so a 5-minute continuous-backup figure becomes a 1-hour control.
 */
import { type Catalog, contextFor } from '../../catalog';
import { achieve, singleRunSeconds, type MechanismSpec } from '../../model';
import type { Group } from '../join';
import { readRecoveryPointAgeControls, RECOVERY_POINT_AGE_CONTROL } from '../readers/audit-framework';
import type { StackArtifact } from '../types';

export interface RecoveryPointControl {
  /** The catalog tier of the asset the control is scoped to. */
  readonly tier: string;
  readonly asset: string;
  readonly framework: string;
  readonly control: string;
  /** What the model gives the asset's AWS Backup rules read from the templates; null when none is read. */
  readonly modelSeconds: number | null;
  /** What the framework allows, in hours; null when its parameters cannot be read. */
  readonly configuredHours: number | null;
}

const vaulted = (m: MechanismSpec) => m.id === 'backup-snapshot' || m.id === 'backup-continuous';

/** The newest recovery point the rules promise for one implementing resource; its weakest resource for the asset. */
function modelSeconds(catalog: Catalog, tier: string, groups: readonly Group[]): number | null {
  const ctx = contextFor(catalog, tier);
  const perGroup = groups.flatMap((g) => {
    const figures = g.mechanisms.filter(vaulted).flatMap((spec) => {
      const rpo = achieve(spec, ctx, g.mechanisms).instance.rpo;
      // Controls hold the account to the single-run figure (they fire after the first missed run).
      const seconds = rpo.kind === 'figure' ? singleRunSeconds(rpo.figure) : null;
      return seconds !== null ? [seconds] : [];
    });
    return figures.length > 0 ? [Math.min(...figures)] : [];
  });
  return perGroup.length > 0 ? Math.max(...perGroup) : null;
}

export function recoveryPointControls(
  catalog: Catalog,
  stacks: readonly StackArtifact[],
  groupsOf: (assetId: string) => readonly Group[],
): RecoveryPointControl[] {
  const tiers = new Map(catalog.assets.map((a) => [a.id, a.tier] as const));
  const out: RecoveryPointControl[] = [];
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (r.Type !== 'AWS::Backup::Framework') continue;
      for (const c of readRecoveryPointAgeControls(r, stack, logicalId)) {
        const tier = c.asset === null ? undefined : tiers.get(c.asset);
        if (c.asset === null || tier === undefined) continue;
        out.push({
          tier,
          asset: c.asset,
          framework: c.framework,
          control: RECOVERY_POINT_AGE_CONTROL,
          modelSeconds: modelSeconds(catalog, tier, groupsOf(c.asset)),
          configuredHours: c.hours,
        });
      }
    }
  }
  return out;
}
