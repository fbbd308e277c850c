/**
 * Small catalogs built in code for construct tests, and stacks to build into. Built-in CloudFormation validation is
 * off here for speed (the suite's one full synth, test/support/global-setup.ts, keeps it on).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stringify } from 'yaml';
import { cdkJsonContext } from '../../bin/synth-app';
import { buildAwsApp } from '../../constructs/app';
import { DrStack } from '../../constructs/stack';
import { parseCatalog, type Catalog } from '../../lib/catalog';
import type { MechanismSpec, Plan } from '../../lib/model';
import { planCatalog, type CatalogPlan } from '../../lib/catalog-plan';

type Doc = Record<string, unknown> & {
  assets: Record<string, unknown>[];
  services: Record<string, unknown>[];
  tiers: Record<string, unknown>[];
  drills?: unknown[];
};

const tier = (id: string, lock: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  definition: `${id} things.`,
  sla: 99.9,
  policy: {
    minReplicas: 2,
    maxReplicas: 4,
    priority: 1000,
    retention: '14d',
    immutableBackups: true,
    vaultLock: lock,
    backupWindow: { start: '1h', completion: '2h' },
    evidenceValidity: '90d',
    region: { rpo: '24h', rto: '24h', interpretation: 'A Region loss may cost a day.' },
    ...extra,
  },
});

/** A catalog with two tiers and one service; tests add the assets and drills they need. */
export function baseDoc(): Doc {
  return {
    version: 1,
    company: 'Acme Test',
    profile: 'production',
    environment: {
      account: '222222222222',
      regions: { primary: 'us-east-1', dr: 'us-west-2' },
      availabilityZones: { 'us-east-1': ['us-east-1a', 'us-east-1b'], 'us-west-2': ['us-west-2a', 'us-west-2b'] },
      kubernetes: { version: '1.30', namespace: 'shop', clusters: { primary: 'shop-prod' }, imageTag: '1.0.0' },
    },
    contacts: [
      { id: 'ops', role: 'Operations', email: 'ops@acme.example', notify: true },
      { id: 'dev', role: 'Developers', email: 'dev@acme.example', notify: false },
    ],
    tiers: [
      tier('gold', { mode: 'compliance', changeableForDays: 3, minRetention: '1d', maxRetention: '100d' }),
      tier('bronze', { mode: 'governance', minRetention: '1d', maxRetention: '100d' }),
    ],
    services: [{ id: 'web', tier: 'gold', rpo: 'stateless', rto: '10m', notes: 'Front end.', owns: [], dependsOn: [] }],
    assets: [],
  };
}

export function asset(
  id: string,
  kind: string,
  rpo: string,
  rto: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { id, kind, rpo, rto, owner: 'web', backupMethod: 'test', ...extra };
}

export function catalogOf(doc: Doc): Catalog {
  return parseCatalog(stringify(doc), 'test-targets.yaml');
}

export function planOf(doc: Doc): CatalogPlan {
  return planCatalog(catalogOf(doc));
}

/** A plan with its mechanisms replaced: for cases the planner never produces but a construct must refuse. */
export function withMechanisms(p: Plan, mechanisms: MechanismSpec[]): Plan {
  return { ...p, mechanisms };
}

export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJsonContext(), ...context }, builtinCloudFormationValidation: false });
}

/** Two stacks as the app makes them, for constructs tested alone. */
export function testStacks(plan: CatalogPlan, app = testApp()): { app: App; primary: DrStack; dr: DrStack } {
  const { naming, environment } = plan.catalog;
  const primary = new DrStack(app, 'Primary', {
    env: { account: naming.account, region: naming.primaryRegion },
    crossRegionReferences: true,
    zones: environment.availabilityZones[naming.primaryRegion]!,
  });
  const dr = new DrStack(app, 'Dr', {
    env: { account: naming.account, region: naming.drRegion },
    crossRegionReferences: true,
    zones: environment.availabilityZones[naming.drRegion]!,
  });
  return { app, primary, dr };
}

/** The whole AWS app for a small catalog (still validation off): templates of both stacks. */
export function awsTemplates(
  plan: CatalogPlan,
  context: Record<string, unknown> = {},
): { primary: Template; dr: Template } {
  const stacks = buildAwsApp(testApp(context), plan);
  return { primary: Template.fromStack(stacks.primary), dr: Template.fromStack(stacks.dr) };
}
