export {
  buildPosture,
  modeBound,
  postureJson,
  POSTURE_VERSION,
  REPORT_BOUNDS,
  type Posture,
  type PostureEntry,
  type PostureMode,
  type ReportBound,
} from './report';
export {
  notesFrom,
  postureMarkdown,
  type MarkdownOptions,
  type PostureNotes,
  type ReportFinding,
  type ReportRecoveryPointControl,
} from './markdown';
export { diffPostures, type ChangeKind, type PostureChange } from './diff';
export { COMMENT_MARKER, diffMarkdown, diffReport, regressed, type DiffReport } from './diff-report';
export { parsePosture, PostureError } from './parse';
export { GUARDED_TYPES, replacements, type Replacement } from './replacement';
export { claimsOf, kubernetesReplacements } from './replacement-k8s';
