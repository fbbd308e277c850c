export {
  boundOf,
  buildPosture,
  postureJson,
  POSTURE_VERSION,
  REPORT_BOUNDS,
  type AcceptedPart,
  type Posture,
  type PostureAcceptance,
  type PostureBudget,
  type PostureEntry,
  type PostureField,
  type PostureMode,
  type ReportBound,
} from './report';
export { postureMatrixSvg, STATUS_COLOURS } from './matrix';
export {
  ICON,
  notesFrom,
  postureMarkdown,
  type MarkdownOptions,
  type PostureNotes,
  type ReportFinding,
  type ReportRecoveryPointControl,
} from './markdown';
export { diffPostures, type ChangeKind, type PostureChange } from './diff';
export {
  COMMENT_LIMIT,
  COMMENT_MARKER,
  diffExitCode,
  diffMarkdown,
  diffReport,
  regressed,
  type DiffMarkdownOptions,
  type DiffReport,
} from './diff-report';
export { parsePosture, PostureError } from './parse';
export { GUARDED_TYPES, replacements, type Replacement } from './replacement';
export { claimsOf, kubernetesReplacements } from './replacement-k8s';
export { POSTURE_BASE, postureFiles, writeIfChanged, writePostureFiles, type PostureFiles } from './files';
export { DrPostureCheck, type DrPostureCheckOptions } from './plugin';
