/**
 * cdk-nag (AWS Solutions, HIPAA Security, NIST 800-53 R5), cfn-guard's Control Tower rules and CDK's CloudFormation
 * validation ran in the suite's one synth (test/support/global-setup.ts): zero unacknowledged findings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdkOut } from '../support/synthesized';

interface Report {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

describe('compliance of both stacks', () => {
  test('every pack ran on the suite synth', () => {
    expect((process.env.DR_TEST_SYNTH_PLUGINS ?? '').split(',')).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
      'NIST.800.53.R5',
      'cdk-validator-cfnguard',
    ]);
  });

  test('no unacknowledged finding from any plugin, and synth did not fail validation', () => {
    const report = JSON.parse(readFileSync(join(cdkOut(), 'validation-report.json'), 'utf8')) as Report;
    const findings = report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) =>
        v.violatingConstructs.map((c) => `${p.pluginName}: ${v.ruleName} at ${c.constructPath}`),
      ),
    );
    expect(findings).toEqual([]);
    expect(process.env.DR_TEST_SYNTH_VALIDATION).toBeUndefined();
  });
});
