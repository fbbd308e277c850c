/**
 * The plain-CDK baseline of `npm run bench`: the templates a DR synth wrote, included with cloudformation-include into
 * stacks of the same names and environments and synthesized with the same context. It is what a team that wrote
 * those templates by hand would run, so `npm run synth` divided by it is the DR layer's whole cost.
 *
 * Usage (CDK_OUTDIR and CDK_CONTEXT_JSON as the CDK CLI sets them): node dist/scripts/baseline-include.js FROM_CDK_OUT
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';

interface Manifest {
  readonly artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string } }>;
}

const from = process.argv[2];
if (!from) throw new Error('usage: baseline-include FROM_CDK_OUT');
const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as Manifest;
const app = new App({ ...(process.env.CDK_VALIDATION === 'false' ? { builtinCloudFormationValidation: false } : {}) });
for (const [name, artifact] of Object.entries(manifest.artifacts)) {
  if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
  const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
  // The included template carries the bootstrap-version parameter and rule already.
  const synthesizer = new DefaultStackSynthesizer({ generateBootstrapVersionRule: false });
  const stack = new Stack(app, name, { synthesizer, ...(account && region ? { env: { account, region } } : {}) });
  const templateFile = join(from, artifact.properties.templateFile);
  // cloudformation-include cannot parse Fn::GetStackOutput (cross-Region references): such resources are included
  // as written, unparsed, which is what `dehydratedResources` is for.
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources?: Record<string, unknown> };
  const dehydratedResources = Object.entries(template.Resources ?? {})
    .filter(([, r]) => JSON.stringify(r).includes('"Fn::GetStackOutput"'))
    .map(([id]) => id);
  new CfnInclude(stack, 'Template', { templateFile, dehydratedResources });
}
app.synth();
