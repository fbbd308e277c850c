/**
 * What every per-asset construct takes: the target as the customer wrote it (`tier`, `rpo`, `rto` on the catalog
 * entry) and the model's plan for it. Constructs build the plan's mechanisms; they never compute a figure.
 */
import type { Asset } from '../lib/catalog';
import type { MechanismId, Plan } from '../lib/model';
import type { NamingContext } from '../lib/names';

export interface AssetTargetProps {
  /** The catalog entry: id, kind, `tier`, `rpo`, `rtoSeconds`. */
  readonly target: Asset;
  /** The model's plan for `target` (lib/catalog-plan `planCatalog(...).assets.get(id)`). */
  readonly plan: Plan;
  readonly naming: NamingContext;
}

/** Fails when the plan was made for another asset or kind, so a construct never builds someone else's mechanisms. */
export function checkTarget(construct: string, props: AssetTargetProps, kinds: readonly string[]): void {
  const { target, plan } = props;
  if (plan.id !== target.id) {
    throw new Error(`${construct}: \`plan\` is for '${plan.id}' but \`target\` is '${target.id}'`);
  }
  if (!kinds.includes(target.kind)) {
    throw new Error(`${construct} '${target.id}': kind '${target.kind}' is not one of ${kinds.join(', ')}`);
  }
}

/** A mechanism the construct cannot build: name the asset, the mechanism and what the construct supports. */
export function unsupported(construct: string, assetId: string, id: MechanismId, why: string): Error {
  return new Error(`${construct} '${assetId}': the plan has '${id}', which this construct does not build (${why})`);
}
