/**
 * Runbooks per catalog entry and failure mode, from the mechanisms the artifacts implement and the names lib/names
 * gives them (written with the synth outputs, dist/runbooks/, and committed as docs/runbooks/). Pure: text only.
 */
export { entryRunbook, modeAnchor, runbookIndex, runbooks, type RunbookInput } from './render';
export { stepFor, type Step, type StepContext } from './steps';
