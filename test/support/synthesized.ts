/** The app synthesized once by global-setup.ts: templates, manifests and posture, read as fresh JSON copies. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export function synthDir(): string {
  const dir = process.env.DR_TEST_SYNTH_DIR;
  if (!dir)
    throw new Error(
      'DR_TEST_SYNTH_DIR is not set: a suite that reads the synthesized app is named *.synth.test.ts (jest project synth, test/support/global-setup.ts)',
    );
  return dir;
}

export const cdkOut = () => join(synthDir(), 'cdk.out');
export const distDir = () => join(synthDir(), 'dist');

export interface CfnTemplate {
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: Record<string, unknown>;
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
      [k: string]: unknown;
    }
  >;
  [k: string]: unknown;
}

/** A fresh copy of a stack's template, by stack name. */
export function template(stackName: string): CfnTemplate {
  return JSON.parse(readFileSync(join(cdkOut(), `${stackName}.template.json`), 'utf8')) as CfnTemplate;
}

export function stackNames(): string[] {
  return readdirSync(cdkOut())
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => f.replace(/\.template\.json$/, ''));
}

/** Every Kubernetes document of one chart file (e.g. `platform.k8s.yaml`), as fresh objects. */
export function manifests(file: string): Record<string, unknown>[] {
  const text = readFileSync(join(distDir(), 'k8s', file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
}

export function manifestFiles(): string[] {
  return readdirSync(join(distDir(), 'k8s')).filter((f) => f.endsWith('.k8s.yaml'));
}

/** The placement file the suite's synth wrote for dr-targets.yaml (into the scratch folder, not beside the catalog). */
export const placementFile = () => join(synthDir(), 'dr-targets.placement.yaml');
