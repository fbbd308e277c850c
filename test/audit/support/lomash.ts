/** The shipped catalog, its plan, the posture computed from the plan, and the audit targets: built once per file. */
import { loadCatalog, type Catalog } from '../../../lib/catalog';
import { planCatalog, type CatalogPlan } from '../../../lib/catalog-plan';
import { buildPosture, type Posture } from '../../../lib/posture';
import { auditTargets } from '../../../lib/audit';
import type { AuditTarget } from '../../../lib/audit/types';

export interface Lomash {
  readonly catalog: Catalog;
  readonly plan: CatalogPlan;
  readonly posture: Posture;
  readonly targets: AuditTarget[];
  target(asset: string): AuditTarget;
}

export function postureOf(plan: CatalogPlan): Posture {
  const assessments = new Map([...plan.assets].map(([id, p]) => [id, p.assessment] as const));
  for (const [id, a] of plan.effective) assessments.set(id, a);
  return buildPosture({ catalog: plan.catalog, assessments, asOf: '2026-11-28' });
}

export function load(file = 'dr-targets.yaml'): Lomash {
  const catalog = loadCatalog(file);
  const plan = planCatalog(catalog);
  const posture = postureOf(plan);
  const targets = auditTargets(plan, posture);
  return {
    catalog,
    plan,
    posture,
    targets,
    target: (asset) => {
      const t = targets.find((x) => x.asset === asset);
      if (!t) throw new Error(`no audit target ${asset}`);
      return t;
    },
  };
}
