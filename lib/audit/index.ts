/**
 * The live audit and the drills: what the account shows against what the plan and the posture expect, and restores
 * timed against the RTO whose measurements become evidence. The only part of lib/ that calls AWS (through lib/aws).
 */
export { exitCodeOf, runAudit } from './audit';
export { errorText, sdkClients, type AwsClients, type DrillClients } from './aws/clients';
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
export { defaultPosture, namingFor, parseSince, regionsFor, setupAudit } from './setup';
export { auditTargets } from './targets';
export { describePlan, drillSubject, userMetadata } from './drill/plan';
export { drillExitCode, drillVerdict, recordDrill } from './drill/record';
export { executeDrill, prepareDrill, type DrillDeps } from './drill/run';
export type * from './types';
