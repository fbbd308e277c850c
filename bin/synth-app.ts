/**
 * One synthesis of everything: the Kubernetes manifests first, then the CDK app, and the posture from both. `npm run
 * synth` and `cdk synth` both come through here (bin/app.ts), and tests call it in-process.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildAwsApp, type AwsStacks } from '../constructs/app';
import { synthManifests, type Manifests } from '../k8s/app';
import { loadCatalog, type Catalog } from '../lib/catalog';
import { buildPosture, postureJson, postureMarkdown, type Posture } from '../lib/posture';
import { planCatalog, type CatalogPlan } from '../lib/plan';

export interface SynthOptions {
  readonly catalogFile: string;
  /** Where the cloud assembly goes (default: CDK_OUTDIR, else cdk.out). */
  readonly outdir?: string;
  /** Where manifests and the posture go (default: dist). */
  readonly distDir?: string;
  /** CDK context; standalone runs read cdk.json's so they synthesize what `cdk synth` would. */
  readonly context?: Record<string, unknown>;
  /** Run CDK's built-in CloudFormation validation (the slow part of synth). Default true. */
  readonly validation?: boolean;
  /** Write files (default true); tests that only inspect the result turn it off. */
  readonly write?: boolean;
}

export interface SynthResult {
  readonly catalog: Catalog;
  readonly plan: CatalogPlan;
  readonly manifests: Manifests;
  readonly stacks: AwsStacks;
  readonly posture: Posture;
  readonly assembly: CloudAssembly;
}

/** cdk.json's context, for runs that do not come through the CDK CLI. */
export function cdkJsonContext(dir = '.'): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return config.context ?? {};
}

export function synthesize(options: SynthOptions): SynthResult {
  // Catalog problems throw CatalogError here, before anything is written.
  const catalog = loadCatalog(options.catalogFile);
  const plan = planCatalog(catalog);
  const manifests = synthManifests(plan);
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.validation === false ? { builtinCloudFormationValidation: false } : {}),
  });
  const stacks = buildAwsApp(app, plan);
  const assessments = new Map([...plan.assets].map(([id, p]) => [id, p.assessment] as const));
  for (const [id, a] of plan.effective) assessments.set(id, a);
  const posture = buildPosture({ catalog, assessments });
  const distDir = options.distDir ?? 'dist';
  if (options.write !== false) {
    writeManifests(join(distDir, 'k8s'), manifests);
    writeFileSync(join(distDir, 'dr-posture.json'), postureJson(posture));
    writeFileSync(join(distDir, 'dr-posture.md'), postureMarkdown(posture, catalog));
  }
  const assembly = app.synth();
  return { catalog, plan, manifests, stacks, posture, assembly };
}

function writeManifests(dir: string, manifests: Manifests): void {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.k8s.yaml')) rmSync(join(dir, f));
  for (const [file, yaml] of manifests) writeFileSync(join(dir, file), yaml);
}
