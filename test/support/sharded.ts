/**
 * Sharded apps for the sharding tests: a generated catalog (large-catalog.ts), placed (optionally with a smaller
 * budget, to shard a small catalog) and built with CDK's built-in validation and asset bundling off — those tests
 * read templates and the construct tree, not the recovery-point function's code.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { cdkJsonContext } from '../../bin/synth-app';
import { buildAwsApp, type AwsStacks } from '../../constructs/app';
import { place, type Placement } from '../../lib/placement';
import type { CatalogPlan } from '../../lib/catalog-plan';
import { STATEFUL_TYPES } from './stateful';
import { synthKey } from './synth-cache';
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

export interface CachedSharded extends Synthesized {
  /** The names of the shard stacks, in the order buildAwsApp made them. */
  readonly shards: readonly string[];
}

const SHARDED_CACHE = join('node_modules', '.cache', 'dr-suite-synth');

/**
 * A sharded app's synth, cached like the suite's other synths (synth-cache.ts): keyed by a hash of the sources, of
 * these support files and of `inputs` (whatever decides the app: the catalog's size, the budget, the context). A
 * second `npm test` reads the cloud assembly back from disk (CloudAssembly) instead of building and synthesizing
 * again; the tests read the same templates, manifest and stack order either way.
 */
export function cachedShardedSynth(name: string, inputs: unknown, build: () => ShardedApp): CachedSharded {
  const hash = createHash('sha256')
    .update(synthKey('sharded'))
    .update(JSON.stringify(inputs))
    .update(readFileSync(__filename))
    .update(readFileSync(join(__dirname, 'large-catalog.ts')))
    .digest('hex')
    .slice(0, 16);
  const dir = resolve(SHARDED_CACHE, `sharded-${name}-${hash}`);
  const SHARDS = 'shards.json';
  if (!existsSync(join(dir, SHARDS))) {
    const { app, stacks } = build();
    const assembly = app.synth();
    const scratch = `${dir}.building-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    cpSync(assembly.directory, join(scratch, 'cdk.out'), { recursive: true });
    writeFileSync(join(scratch, SHARDS), JSON.stringify(stacks.shards.map((s) => s.stackName)));
    try {
      renameSync(scratch, dir);
    } catch {
      rmSync(scratch, { recursive: true, force: true }); // another run finished first: use its copy
    }
  }
  const assembly = new CloudAssembly(join(dir, 'cdk.out'));
  const templates = new Map(
    assembly.stacks.map((s) => {
      const text = readFileSync(join(assembly.directory, s.templateFile), 'utf8');
      return [s.stackName, { text, template: JSON.parse(text) as Template }] as const;
    }),
  );
  return { assembly, templates, shards: JSON.parse(readFileSync(join(dir, SHARDS), 'utf8')) as string[] };
}
