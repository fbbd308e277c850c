/**
 * The DR model: pure TypeScript, no CDK, cdk8s, SDK or filesystem. The catalog gives targets; `plan` chooses
 * mechanisms; constructs and charts build them; the checker reads them back and runs the same `assess`.
 */
export * from './types';
export { FACTS, factValue, type FactId } from './facts';
export { compareFigures, singleRunSeconds, weakerBound } from './figure';
export {
  MECHANISMS,
  achieve,
  completion,
  costOf,
  stepFigure,
  switchRoute,
  trafficFigure,
  type SwitchStep,
} from './mechanisms';
export type { MechanismId, MechanismModule, MechanismSpec, ModelContext, SpecOf } from './mechanisms';
export { findSpec, type BackupResourceType, type ProbeSpec, type VaultLockSpec } from './mechanisms/spec';
export { nodeLossDetectionSeconds, probeDetectionSeconds, mostPerZone } from './mechanisms/kubernetes';
export {
  BUDGET_MONTH_SECONDS,
  coversBudget,
  errorBudgetSeconds,
  judgeBudget,
  type BudgetCheck,
  type BudgetStatus,
} from './budget';
export { assess, boundByDependencies, covers, fieldStatus, worseStatus } from './assess';
export type {
  AchievedField,
  Assessment,
  AssessOptions,
  Dependency,
  FieldName,
  ModeAssessment,
  Target,
  UsedAcceptance,
} from './assess';
export {
  extendPlan,
  plan,
  replanWith,
  satisfiesPolicy,
  copiesRun,
  type Plan,
  type PlanMemo,
  type PlanRequest,
  type Shortfall,
} from './plan';
export { ASSET_KINDS, ASSET_KIND_IDS, kindModule, type AssetKind, type KindModule, type PlanPolicy } from './kinds';
export { SNAPSHOT_INTERVALS, clearOfContinuous, snapshotOffsetHours } from './kinds/kind';
export { READINESS, LIVENESS, replicasForZoneLoss, startupProbe, tolerationSeconds } from './kinds/service';
export { SENTINEL } from './kinds/redis';
