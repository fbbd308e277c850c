/**
 * Sharded apps for the sharding tests: a generated catalog (large-catalog.ts), placed (optionally with a smaller
 * budget, to shard a small catalog) and built with CDK's built-in validation and asset bundling off — those tests
 * read templates and the construct tree, not the recovery-point function's code.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { cdkJsonContext } from '../../bin/synth-app';
import { buildAwsApp, type AwsStacks } from '../../constructs/app';
import { place, type Placement } from '../../lib/placement';
import type { CatalogPlan } from '../../lib/catalog-plan';
import { STATEFUL_TYPES } from './stateful';
import type { CfnTemplate } from './synthesized';

export interface ShardedApp {
  readonly app: App;
  readonly stacks: AwsStacks;
  readonly placement: Placement;
}

export function shardedApp(
  plan: CatalogPlan,
  options: { placement?: Placement; budget?: number; context?: Record<string, unknown> } = {},
): ShardedApp {
  const placement =
    options.placement ?? place(plan, new Map(), options.budget !== undefined ? { budget: options.budget } : {});
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'dr-sharded-')),
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...options.context },
    builtinCloudFormationValidation: false,
  });
  return { app, stacks: buildAwsApp(app, plan, placement), placement };
}

/** Every stateful resource of the app, by `<region> <type> <logical id>`, with the stack that holds it (no synth needed). */
export function statefulHomes(app: App): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of app.node.findAll()) {
    if (!(c instanceof CfnResource) || !STATEFUL_TYPES.includes(c.cfnResourceType)) continue;
    const stack = Stack.of(c);
    const key = `${stack.region} ${c.cfnResourceType} ${stack.resolve(c.logicalId) as string}`;
    if (out.has(key)) throw new Error(`${key} is in ${out.get(key)} and ${stack.stackName}`);
    out.set(key, stack.stackName);
  }
  return out;
}

export type Template = CfnTemplate & {
  Outputs?: Record<string, { Value: unknown }>;
  Parameters?: Record<string, unknown>;
};

export interface Synthesized {
  readonly assembly: CloudAssembly;
  /** Template text and parsed template by stack name. */
  readonly templates: ReadonlyMap<string, { readonly text: string; readonly template: Template }>;
}

export function synthesized(app: App): Synthesized {
  const assembly = app.synth();
  const templates = new Map(
    assembly.stacks.map((s) => {
      const text = readFileSync(join(assembly.directory, s.templateFile), 'utf8');
      return [s.stackName, { text, template: JSON.parse(text) as Template }] as const;
    }),
  );
  return { assembly, templates };
}
