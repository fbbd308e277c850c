export { buildPosture, postureJson, POSTURE_VERSION, type Posture, type PostureEntry, type PostureMode } from './report';
export { postureMarkdown } from './markdown';
