export { estimator, PER_KIND, sharedEstimate, STACK_BUDGET, type Estimator } from './estimate';
export {
  formatPlacement,
  parsePlacement,
  PlacementError,
  placementPath,
  REMOVE_ASSETS_FLAG,
  removeAssetsFrom,
  resolvePlacement,
  writePlacement,
  type ResolvedPlacement,
  type ResolveOptions,
} from './file';
export { estimates, place, SIDES, type AssetPlacement, type PlaceOptions, type Placement } from './place';
export { CLOUDFORMATION_LIMITS, limitViolations, TemplateLimits, type LimitViolation } from './limits';
