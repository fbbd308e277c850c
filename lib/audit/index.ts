/**
 * The live audit and the drills: what the account shows against what the plan and the posture expect, and restores
 * timed against the RTO whose measurements become evidence. The only part of lib/ that calls AWS (through lib/aws).
 */
export { exitCodeOf, runAudit } from './audit';
export {
  errorText,
  sdkClients,
  sdkFisClient,
  sdkRegionSwitchClient,
  type AwsClients,
  type DrillClients,
} from './aws/clients';
export { AuditInputError } from './errors';
export {
  appendEvidence,
  EvidenceFileError,
  evidenceOf,
  evidencePath,
  notEvidenceFor,
  readEvidence,
  type EvidenceRecord,
} from './evidence';
export { auditJson, auditTable } from './report';
export { auditRegistry, judgeRegistry, type RegistryExpectation, type RegistryFinding } from './registry';
export {
  choosePosture,
  chosenAccount,
  forAccount,
  namingFor,
  parseSince,
  postureLine,
  regionsFor,
  setupAudit,
  type PostureChoice,
} from './setup';
export { accountFor, AwsAccessError, identityLine, preflight, type Identity } from './aws/preflight';
export { auditTargets } from './targets';
export { describePlan, drillSubject, requireDrMetadata, userMetadata } from './drill/plan';
export { describeOfflinePlan } from './drill/offline';
export { drillExitCode, drillVerdict, recordDrill } from './drill/record';
export { executeDrill, prepareDrill, type DrillDeps } from './drill/run';
export type * from './types';
export { synthesizedExperiments, EXPERIMENT_TAG, type SynthesizedExperiment } from './experiment/templates';
export {
  describeExperimentPlan,
  experimentPlan,
  EXPERIMENT_MODES,
  FAILOVER_EVENTS,
  type ExperimentPlan,
  type ExperimentRequest,
} from './experiment/plan';
export { experimentEvidence, measureExperiment, runText, type Measurement } from './experiment/measure';
export { deployedTemplateId, runExperiment, type ExperimentDeps, type ExperimentRun } from './experiment/run';
export { auditExperiments, type ExperimentAuditClients } from './experiment/audit';
export { readPosture } from './setup';
export { appendDrillLog, drillLogPath, experimentLogRow } from './drill/log';
export {
  auditRegionSwitch,
  measureExecution,
  routeSteps,
  type SwitchAudit,
  type SwitchAuditInput,
  type SynthesizedSwitchPlan,
} from './switch/audit';
