/**
 * What the live audit expects of each asset AWS Backup protects, asked of the model: the age limit of the newest
 * restorable point is what the planned backup mechanism achieves (never the target, so an unmeetable target is a gap in
 * the posture and not a permanent breach here), and the posture says which gaps are accepted.
 */
import type { Asset } from '../catalog';
import { backupExpectations, type CatalogPlan } from '../catalog-plan';
import { MODES, type Mode } from '../model';
import type { NamingContext } from '../names';
import type { Posture } from '../posture';
import { AuditInputError } from './errors';
import type { AuditTarget } from './types';

function postureOf(posture: Posture, asset: Asset): AuditTarget['posture'] {
  const entry = posture.entries.find((e) => e.id === asset.id);
  if (!entry)
    throw new AuditInputError(`the posture has no entry for asset ${asset.id}: regenerate it (npm run synth)`);
  const out = {} as Record<Mode, AuditTarget['posture'][Mode]>;
  for (const mode of MODES) {
    const m = entry.modes[mode];
    const acceptance =
      m.acceptances.length > 0
        ? m.acceptances.map((a) => `${a.reason.trim()} (owner ${a.owner}, expires ${a.expires})`).join('; ')
        : undefined;
    out[mode] = { rpo: m.rpo.status, rto: m.rto.status, ...(acceptance ? { acceptance } : {}) };
  }
  return out;
}

/** The audit targets of every asset whose plan uses AWS Backup, in catalog order. */
export function auditTargets(
  plan: CatalogPlan,
  posture: Posture,
  naming: NamingContext = plan.catalog.naming,
): AuditTarget[] {
  return backupExpectations(plan, naming).map((e) => ({
    ...e,
    posture: postureOf(
      posture,
      plan.catalog.assets.find((a) => a.id === e.asset)!,
    ),
  }));
}
