/**
 * CloudFormation's hard limits, checked on the written templates: a template over any of them fails synth, naming the
 * stack and the limit (placement's estimates only decide; this is what holds).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnOutput, CfnWaitConditionHandle, Stack, Validations } from 'aws-cdk-lib';
import { CLOUDFORMATION_LIMITS, limitViolations, TemplateLimits } from '../../lib/placement';

const template = (resources: number, outputs = 0, parameters = 0, padding = '') =>
  JSON.stringify({
    Description: padding,
    Resources: Object.fromEntries(
      Array.from({ length: resources }, (_, i) => [`R${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }]),
    ),
    Outputs: Object.fromEntries(Array.from({ length: outputs }, (_, i) => [`O${i}`, { Value: 'x' }])),
    Parameters: Object.fromEntries(Array.from({ length: parameters }, (_, i) => [`P${i}`, { Type: 'String' }])),
  });

describe('limitViolations', () => {
  test('at every limit: nothing', () => {
    expect(limitViolations('S', template(500, 200, 200))).toEqual([]);
  });

  test('one over each limit: each named, with the stack, the value and the limit', () => {
    const big = template(501, 201, 201, 'x'.repeat(CLOUDFORMATION_LIMITS.bytes));
    expect(limitViolations('AcmeDrPrimaryShard3', big).map((v) => v.message)).toEqual([
      'stack AcmeDrPrimaryShard3 has 501 resources; CloudFormation allows 500 per template',
      `stack AcmeDrPrimaryShard3 has ${Buffer.byteLength(big)} bytes of template body; CloudFormation allows 1000000 per template`,
      'stack AcmeDrPrimaryShard3 has 201 outputs; CloudFormation allows 200 per template',
      'stack AcmeDrPrimaryShard3 has 201 parameters; CloudFormation allows 200 per template',
    ]);
  });
});

describe('TemplateLimits: the policy-validation plugin', () => {
  test('a stack over a limit fails synth with a fatal finding that names the stack and the limit', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'TooManyOutputs');
    new CfnWaitConditionHandle(stack, 'H');
    for (let i = 0; i < 201; i++) new CfnOutput(stack, `O${i}`, { value: 'x' });
    new CfnWaitConditionHandle(new Stack(app, 'Fine'), 'H');
    Validations.of(app).addPlugins(new TemplateLimits());
    // In process CDK puts the report in the error; under `npm run synth` it prints it and throws "Validation failed".
    expect(() => app.synth()).toThrow(
      /FATAL stack TooManyOutputs has 201 outputs; CloudFormation allows 200 per template \(CloudFormation limits\)/,
    );
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: { ruleName: string; description: string; severity: string }[];
      }[];
    };
    const limits = report.pluginReports.find((p) => p.pluginName === 'CloudFormation limits')!;
    expect(limits.conclusion).toBe('failure');
    expect(limits.violations.map((v) => [v.ruleName, v.description, v.severity])).toEqual([
      ['CFN-LIMIT-OUTPUTS', 'stack TooManyOutputs has 201 outputs; CloudFormation allows 200 per template', 'fatal'],
    ]);
  });

  test('CDK itself stops a stack of more than 500 resources before any plugin runs, naming the stack', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'TooBig');
    for (let i = 0; i < 501; i++) new CfnWaitConditionHandle(stack, `H${i}`);
    Validations.of(app).addPlugins(new TemplateLimits());
    expect(() => app.synth()).toThrow(
      /Number of resources in stack 'TooBig': 501 is greater than allowed maximum of 500/,
    );
  });
});
