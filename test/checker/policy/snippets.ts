/** The hand-written tier-policy snippets of test/fixtures/checker/policy/, loaded as the checker loads artifacts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../../lib/catalog';
import {
  check,
  manifestsFromMemory,
  stackFromTemplate,
  type Artifacts,
  type CfnResource,
  type CheckResult,
  type Finding,
  type K8sObject,
  type StackArtifact,
} from '../../../lib/checker';
import { catalog } from '../fixture-app';
import { PRIMARY } from '../helpers';

const DIR = 'test/fixtures/checker/policy';

/** Fresh Kubernetes objects of one snippet file, to mutate. */
export function k8sSnippet(file: string): K8sObject[] {
  return manifestsFromMemory(new Map([[file, readFileSync(join(DIR, file), 'utf8')]]));
}

/** A fresh primary-Region stack from one snippet template, to mutate. */
export function cfnSnippet(file: string): StackArtifact & { resources: Record<string, CfnResource> } {
  const template: unknown = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
  const stack = stackFromTemplate('ExampleDrPrimary', join(DIR, file), template, PRIMARY);
  return { ...stack, resources: { ...stack.resources } };
}

/** The properties of one resource of a snippet stack, to mutate in place. */
export function propsOf(stack: { resources: Record<string, CfnResource> }, logicalId: string): Record<string, unknown> {
  return stack.resources[logicalId]!.Properties!;
}

/** The checker's fixture catalog with a PITR restore drill of `orders`, as a catalog's `drills:` would give it. */
export function catalogWithDrill(): Catalog {
  const c = catalog();
  return {
    ...c,
    drills: [
      {
        id: 'orders-pitr',
        name: 'Orders PITR restore',
        kind: 'pitr-restore',
        frequency: 'quarterly',
        schedule: 'cron(0 5 ? 1,4,7,10 MON#1 *)',
        owner: 'ops',
        assets: ['orders'],
      },
    ],
  };
}

export function run(artifacts: Partial<Artifacts>, cat: Catalog = catalog()): CheckResult {
  return check({
    catalog: cat,
    artifacts: { stacks: artifacts.stacks ?? [], manifests: artifacts.manifests ?? [] },
    today: '2026-11-28',
  });
}

/** The findings of one rule, as `entry: message` lines. */
export function ofRule(r: CheckResult, rule: string): Finding[] {
  return r.findings.filter((f) => f.rule === rule);
}
