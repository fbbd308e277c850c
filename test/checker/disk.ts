/** Writes artifacts the way synth does: a cloud assembly with manifest.json, and one manifest file per chart. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Artifacts } from '../../lib/checker';

export function writeArtifacts(a: Artifacts, dir: string): { cdkOut: string; k8s: string } {
  const cdkOut = join(dir, 'cdk.out');
  const k8s = join(dir, 'k8s');
  mkdirSync(cdkOut, { recursive: true });
  mkdirSync(k8s, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const s of a.stacks) {
    writeFileSync(
      join(cdkOut, `${s.name}.template.json`),
      JSON.stringify({ Resources: s.resources, Outputs: s.outputs }, null, 1),
    );
    artifacts[s.name] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${s.account ?? 'unknown-account'}/${s.region ?? 'unknown-region'}`,
      properties: { templateFile: `${s.name}.template.json` },
    };
  }
  writeFileSync(join(cdkOut, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  const files = new Map<string, unknown[]>();
  for (const o of a.manifests) files.set(o.file, [...(files.get(o.file) ?? []), o.doc]);
  for (const [file, docs] of files) writeFileSync(join(k8s, file), docs.map((d) => stringify(d)).join('---\n'));
  return { cdkOut, k8s };
}
