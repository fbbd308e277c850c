/**
 * The construct under the packs the app's synth runs (cdk-nag AWS Solutions, HIPAA Security, NIST 800-53 R5 and
 * cfn-guard's Control Tower rules): no finding on any of its resources, so wiring it in keeps the app compliant.
 */
import './support/aws-env';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack, Validations, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { RecoveryPointAlarms } from '../../constructs/recovery-point-alarms';
import { load } from './support/lomash';

interface Report {
  readonly pluginReports: readonly { readonly pluginName: string; readonly violations: readonly { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

test('RecoveryPointAlarms raises no compliance finding when given the log key', () => {
  const lomash = load();
  const outdir = mkdtempSync(join(tmpdir(), 'dr-rpa-nag-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const plugins = [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks(), new CfnGuardValidator() as unknown as IPolicyValidationPlugin];
    Validations.of(app).addPlugins(...plugins);
    const stack = new Stack(app, 'Primary', { env: { account: lomash.catalog.naming.account, region: lomash.catalog.naming.primaryRegion } });
    const key = new kms.Key(stack, 'Ops', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: key });
    new RecoveryPointAlarms(stack, 'RecoveryPointAlarms', { plan: lomash.plan, naming: lomash.catalog.naming, topic, logEncryptionKey: key });
    try {
      app.synth();
    } catch (e) {
      if (!/Validation failed/.test((e as Error).message)) throw e; // findings on the test's own key and topic
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    const ours = report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) =>
        v.violatingConstructs.filter((c) => c.constructPath.startsWith('Primary/RecoveryPointAlarms/')).map((c) => `${p.pluginName} ${v.ruleName} ${c.constructPath}`),
      ),
    );
    expect(ours).toEqual([]);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
