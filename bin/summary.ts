/**
 * What `npm run synth` tells its user at the end: what it wrote and where, the posture in one line, what changed on
 * disk, and how long it took. On stderr, so nothing parses it by accident (the CDK CLI owns the app's stdout).
 */
import { relative } from 'node:path';
import { summaryLine } from '../lib/checker';
import type { SynthResult } from './synth-app';

export interface SummaryOptions {
  readonly distDir: string;
  readonly seconds: number;
}

export function synthSummary(result: SynthResult, options: SummaryOptions): string[] {
  const here = (p: string) => relative(process.cwd(), p) || '.';
  const stacks = result.assembly.stacks.map((s) => {
    const resources = Object.keys((s.template as { Resources?: object }).Resources ?? {}).length;
    return `${s.stackName} (${s.environment.region}, ${resources} resources)`;
  });
  const changed = result.changed.map(here);
  return [
    `DR synth: ${stacks.length} stacks → ${here(result.assembly.directory)}/: ${stacks.join(', ')}`,
    `  ${result.manifests.size} manifest files → ${here(`${options.distDir}/k8s`)}/`,
    `  posture → ${here(`${options.distDir}/dr-posture.json`)} and .md: ${summaryLine(result.check)}`,
    `  placement: ${here(result.placement.file)}`,
    changed.length === 0
      ? '  nothing changed on disk besides the cloud assembly'
      : `  changed: ${changed.length > 6 ? `${changed.slice(0, 6).join(', ')} and ${changed.length - 6} more` : changed.join(', ')}`,
    `  done in ${options.seconds.toFixed(1)} s`,
  ];
}
