/**
 * The plain-CDK baseline of `npm run bench`: the templates a DR synth wrote, included with cloudformation-include into
 * stacks of the same names and environments and synthesized with the same context. It is what a team that wrote
 * those templates by hand would run, so `npm run synth` divided by it is the DR layer's whole cost.
 *
 * Usage (CDK_OUTDIR and CDK_CONTEXT_JSON as the CDK CLI sets them): node dist/scripts/baseline-include.js FROM_CDK_OUT
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, DefaultStackSynthesizer, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';

interface Artifact {
  readonly type: string;
  readonly environment?: string;
  readonly additionalMetadataFile?: string;
  readonly metadata?: Metadata;
  readonly properties?: { templateFile?: string };
}
type Metadata = Record<string, readonly { type: string; data?: unknown }[]>;

/**
 * The rules the DR synth acknowledged, per logical id: an acknowledgement on a construct covers every resource under
 * it. A team writing the templates by hand would acknowledge the same findings of CDK's validation.
 */
function acknowledgements(metadata: Metadata): Map<string, Record<string, string>> {
  const byPath = Object.entries(metadata).flatMap(([path, entries]) =>
    entries
      .filter((e) => e.type === 'aws:cdk:acknowledged-rules')
      .map((e) => [path, e.data as Record<string, string>] as const),
  );
  const out = new Map<string, Record<string, string>>();
  for (const [path, entries] of Object.entries(metadata)) {
    const logicalId = entries.find((e) => e.type === 'aws:cdk:logicalId')?.data;
    if (typeof logicalId !== 'string') continue;
    const rules = byPath.filter(([p]) => path === p || path.startsWith(`${p}/`)).map(([, r]) => r);
    if (rules.length > 0) out.set(logicalId, Object.assign({}, ...rules) as Record<string, string>);
  }
  return out;
}

const from = process.argv[2];
if (!from) throw new Error('usage: baseline-include FROM_CDK_OUT');
const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as {
  readonly artifacts: Record<string, Artifact>;
};
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
  const include = new CfnInclude(stack, 'Template', { templateFile, dehydratedResources });
  // A dehydrated resource loses its logical id (it gets a path-derived one), which leaves the Refs to it dangling:
  // give each back the id it has in the template.
  for (const id of dehydratedResources) (include.node.findChild(id) as CfnResource).overrideLogicalId(id);
  const metadataFile = artifact.additionalMetadataFile && join(from, artifact.additionalMetadataFile);
  const metadata =
    metadataFile && existsSync(metadataFile)
      ? (JSON.parse(readFileSync(metadataFile, 'utf8')) as Metadata)
      : (artifact.metadata ?? {});
  for (const [logicalId, rules] of acknowledgements(metadata)) {
    const resource = include.node.tryFindChild(logicalId);
    if (!resource) continue;
    for (const [id, reason] of Object.entries(rules)) Validations.of(resource).acknowledge({ id, reason });
  }
}
app.synth();
