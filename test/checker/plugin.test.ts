/**
 * The checker as a CDK policy-validation plugin, on a small test app built from the hand-written fixture resources:
 * it passes when the artifacts implement the plan, and an escape-hatch override that weakens a resource fails synth
 * with a `fatal` violation that `Validations.of(x).acknowledge()` cannot silence.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CheckResult } from '../../lib/checker';
import { DrCheckPlugin, PLUGIN_NAME } from '../../lib/checker/plugin';
import { artifacts, catalog } from './fixture-app';

function testApp(dir: string, onResult: (r: CheckResult) => void) {
  const fixture = artifacts();
  const app = new App({ outdir: dir, builtinCloudFormationValidation: false });
  const plugin = new DrCheckPlugin({
    catalog: catalog(),
    manifests: fixture.manifests,
    today: '2026-11-28',
    onResult,
  });
  Validations.of(app).addPlugins(plugin);
  for (const s of fixture.stacks) {
    const stack = new Stack(app, s.name, { env: { account: s.account!, region: s.region! } });
    for (const [id, r] of Object.entries(s.resources)) {
      const res = new CfnResource(stack, id, { type: r.Type, properties: r.Properties ?? {} });
      const policy = { Retain: RemovalPolicy.RETAIN, Snapshot: RemovalPolicy.SNAPSHOT }[r.DeletionPolicy ?? ''];
      if (policy) res.applyRemovalPolicy(policy);
    }
  }
  const resource = (stack: string, id: string) => app.node.findChild(stack).node.findChild(id) as CfnResource;
  return { app, plugin, resource };
}

describe('DrCheckPlugin: the checker as a policy-validation plugin', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dr-plugin-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('artifacts that implement the plan: synth succeeds and the result is handed over', () => {
    const results: CheckResult[] = [];
    const { app, plugin } = testApp(dir, (r) => results.push(r));
    app.synth();
    expect(results).toHaveLength(1);
    expect(plugin.result!.assessments.get('orders')!.az.status).toBe('expected');
    const report = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { conclusion: string }[];
    };
    expect(report.pluginReports.filter((p) => p.conclusion !== 'success')).toEqual([]);
  });

  test('an escape-hatch override that removes replication fails synth, after the result was handed over', () => {
    const results: CheckResult[] = [];
    const { app, resource } = testApp(dir, (r) => results.push(r));
    resource('ExampleDrPrimary', 'MediaBucket').addPropertyDeletionOverride('ReplicationConfiguration');
    expect(() => app.synth()).toThrow(/DR-GAP[\s\S]*media · region · RPO: target 1d, achieved no protection/);
    expect(results[0]!.findings.some((f) => f.kind === 'gap' && f.entry === 'media')).toBe(true);
  });

  test('control: the same acknowledgement does silence a violation of severity error', () => {
    const app = new App({ outdir: dir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'S');
    new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket' });
    Validations.of(app).addPlugins({
      name: PLUGIN_NAME,
      validate: (ctx) => ({
        success: false,
        violations: [
          {
            ruleName: 'DR-GAP',
            description: 'a gap',
            severity: 'error',
            violatingResources: [
              { resourceLogicalId: 'Bucket', templatePath: ctx.templatePaths[0]!, locations: ['Resources/Bucket'] },
            ],
          },
        ],
      }),
    });
    Validations.of(app).acknowledge({
      id: `${PLUGIN_NAME.replace(/ /g, '-')}::DR-GAP`,
      reason: 'trying to silence a DR gap from code',
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('the violation is fatal: acknowledging it does not silence it', () => {
    const { app, resource } = testApp(dir, () => undefined);
    resource('ExampleDrPrimary', 'OrdersDatabase').addPropertyOverride('BackupRetentionPeriod', 0);
    resource('ExampleDrPrimary', 'OrdersDatabase').addPropertyDeletionOverride('AutomaticBackupReplicationRegion');
    // CDK namespaces a plugin's rule ids by the plugin name with dashes for spaces.
    Validations.of(app).acknowledge({
      id: `${PLUGIN_NAME.replace(/ /g, '-')}::DR-GAP`,
      reason: 'trying to silence a DR gap from code',
    });
    expect(() => app.synth()).toThrow(/DR-GAP/);
    const report = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: {
          ruleName: string;
          severity: string;
          violatingConstructs: { cloudFormationResource?: { logicalId: string } }[];
        }[];
      }[];
    };
    const dr = report.pluginReports.find((p) => p.pluginName === PLUGIN_NAME)!;
    expect(dr.conclusion).toBe('failure');
    const gaps = dr.violations.filter((v) => v.ruleName === 'DR-GAP');
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((v) => v.severity === 'fatal')).toBe(true);
    expect(gaps[0]!.violatingConstructs[0]!.cloudFormationResource?.logicalId).toBe('OrdersDatabase');
  });
});
