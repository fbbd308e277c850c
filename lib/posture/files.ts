/**
 * The posture's files from one check: the JSON (what `dr diff` compares), the Markdown for people and the matrix
 * picture it links to, named after one base (`dr-posture.json`, `.md`, `.svg`). Synth, the checker plugin of any app
 * and `dr check --posture-out` all write them through here.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog';
import type { CheckResult } from '../checker';
import { notesFrom, postureMarkdown, type MarkdownOptions } from './markdown';
import { postureMatrixSvg } from './matrix';
import { buildPosture, postureJson, type Posture } from './report';

export const POSTURE_BASE = 'dr-posture';

export interface PostureFiles {
  readonly posture: Posture;
  /** File name → text: `<base>.json`, `<base>.md`, `<base>.svg`. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * The posture of a check result as of a date, and its three files' text. `runbooks` links the Markdown to runbooks
 * written beside it (synth writes them, lib/runbooks); without it the Markdown links none.
 */
export function postureFiles(
  catalog: Catalog,
  result: CheckResult,
  asOf: string,
  base = POSTURE_BASE,
  runbooks?: MarkdownOptions['runbooks'],
): PostureFiles {
  const posture = buildPosture({ catalog, assessments: result.assessments, asOf, budgets: result.budgets });
  const markdown = postureMarkdown(posture, catalog, {
    notes: notesFrom(result.assessments),
    findings: result.findings,
    recoveryPointControls: result.recoveryPointControls,
    matrixImage: `${base}.svg`,
    ...(runbooks ? { runbooks } : {}),
  });
  const files = new Map([
    [`${base}.json`, postureJson(posture)],
    [`${base}.md`, markdown],
    [`${base}.svg`, postureMatrixSvg(posture, `DR posture — ${catalog.company}`)],
  ]);
  return { posture, files };
}

/** Writes a file only when its text differs from what is there, so an unchanged synth leaves files (and mtimes) alone. */
export function writeIfChanged(file: string, text: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

/** Writes the files into `dir` (created if need be); returns the names of those whose content changed. */
export function writePostureFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  return [...files].filter(([name, text]) => writeIfChanged(join(dir, name), text)).map(([name]) => name);
}
