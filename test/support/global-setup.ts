/**
 * Synthesizes the Lomash Wood app once for the whole suite (with CDK's built-in validation on, as `npm run synth`
 * does) into a temporary folder. Tests read its templates and manifests as JSON and mutate copies; none of them
 * re-synthesizes the full app.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdkJsonContext, synthesize } from '../../bin/synth-app';

export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'dr-synth-'));
  synthesize({ catalogFile: 'dr-targets.yaml', outdir: join(dir, 'cdk.out'), distDir: join(dir, 'dist'), context: cdkJsonContext() });
  process.env.DR_TEST_SYNTH_DIR = dir;
}
