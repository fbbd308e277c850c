/**
 * Synthesizes the Lomash Wood app once for the whole suite (with CDK's built-in validation on, as `npm run synth`
 * does) into a temporary folder. Tests read its templates and manifests as JSON and mutate copies; none of them
 * re-synthesizes the full app.
 *
 * The same synth runs cdk-nag (AWS Solutions, HIPAA Security, NIST 800-53 R5) and cfn-guard's Control Tower rules:
 * they need the construct tree, which only this synth has. A failed validation does not stop the suite (the
 * templates are written before validation runs); test/constructs/compliance.test.ts reads the report and fails there.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { cdkJsonContext, synthesize } from '../../bin/synth-app';

export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'dr-synth-'));
  // cfn-guard implements the Beta1 plugin interface, which CDK still accepts at run time.
  const plugins = [
    new AwsSolutionsChecks(),
    new HIPAASecurityChecks(),
    new NIST80053R5Checks(),
    new CfnGuardValidator() as unknown as IPolicyValidationPlugin,
  ];
  process.env.DR_TEST_SYNTH_DIR = dir;
  process.env.DR_TEST_SYNTH_PLUGINS = plugins.map((p) => p.name).join(',');
  try {
    // The placement file goes to the scratch folder too: test/placement/committed.test.ts compares it with the committed one.
    const placementOut = join(dir, 'dr-targets.placement.yaml');
    synthesize({
      catalogFile: 'dr-targets.yaml',
      outdir: join(dir, 'cdk.out'),
      distDir: join(dir, 'dist'),
      context: cdkJsonContext(),
      plugins,
      placementOut,
    });
  } catch (e) {
    if (!(e instanceof Error && /^Validation failed/.test(e.message))) throw e;
    process.env.DR_TEST_SYNTH_VALIDATION = e.message;
  }
}
