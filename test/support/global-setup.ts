/**
 * Synthesizes the Lomash Wood app once for the suites that read it (jest project `synth`, files `*.synth.test.ts`),
 * with CDK's built-in validation on, as `npm run synth` does. Tests read its templates and manifests as JSON and
 * mutate copies; none re-synthesizes the full app. Unit suites (project `unit`) never pay for it.
 *
 * The same synth runs cdk-nag (AWS Solutions, HIPAA Security, NIST 800-53 R5) and cfn-guard's Control Tower rules:
 * they need the construct tree, which only this synth has. A failed validation does not stop the suite (the templates
 * are written before validation runs); test/constructs/compliance.synth.test.ts reads the report and fails there.
 *
 * The result is cached by a hash of its inputs (test/support/synth-cache.ts): a second run reuses it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { cdkJsonContext, synthesize } from '../../bin/synth-app';
import { todayFrom } from '../../lib/checker';
import { CACHE_ROOT, synthKey } from './synth-cache';

const VALIDATION_FILE = 'validation-failure.txt';
const PLUGINS_FILE = 'plugins.txt';
/** Cached synths kept besides the current one (another branch's, a moment ago). */
const KEEP = 3;

/**
 * The date the suite's synth judges acceptances and evidence on: DR_TODAY when set, else the committed posture's
 * `asOf` (so test/posture/committed.synth.test.ts compares like with like on any day), else today.
 */
function suiteDate(): string {
  if (process.env.DR_TODAY) return todayFrom();
  try {
    const committed = JSON.parse(readFileSync('docs/dr-posture.json', 'utf8')) as { asOf?: unknown };
    if (typeof committed.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(committed.asOf)) return committed.asOf;
  } catch {
    // no committed posture (a new project): judge on today
  }
  return todayFrom();
}

export default function globalSetup(): void {
  const today = suiteDate();
  const dir = resolve(CACHE_ROOT, synthKey(today));
  if (!existsSync(join(dir, PLUGINS_FILE))) build(dir, today);
  process.env.DR_TEST_SYNTH_DIR = dir;
  process.env.DR_TEST_SYNTH_PLUGINS = readFileSync(join(dir, PLUGINS_FILE), 'utf8');
  const failure = join(dir, VALIDATION_FILE);
  if (existsSync(failure)) process.env.DR_TEST_SYNTH_VALIDATION = readFileSync(failure, 'utf8');
  else delete process.env.DR_TEST_SYNTH_VALIDATION;
  prune(dir);
}

/** Synthesizes into a scratch folder beside the cache entry, then renames it into place (another run may race us). */
function build(dir: string, today: string): void {
  const scratch = `${dir}.building-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // cfn-guard implements the Beta1 plugin interface, which CDK still accepts at run time.
  const plugins = [
    new AwsSolutionsChecks(),
    new HIPAASecurityChecks(),
    new NIST80053R5Checks(),
    new CfnGuardValidator() as unknown as IPolicyValidationPlugin,
  ];
  const before = process.env.DR_TODAY;
  process.env.DR_TODAY = today;
  try {
    // The placement file goes to the scratch folder too: test/placement/committed.synth.test.ts compares it with the committed one.
    synthesize({
      catalogFile: 'dr-targets.yaml',
      outdir: join(scratch, 'cdk.out'),
      distDir: join(scratch, 'dist'),
      context: cdkJsonContext(),
      plugins,
      placementOut: join(scratch, 'dr-targets.placement.yaml'),
    });
  } catch (e) {
    if (!(e instanceof Error && /^Validation failed/.test(e.message))) throw e;
    writeFileSync(join(scratch, VALIDATION_FILE), e.message);
  } finally {
    if (before === undefined) delete process.env.DR_TODAY;
    else process.env.DR_TODAY = before;
  }
  writeFileSync(join(scratch, PLUGINS_FILE), plugins.map((p) => p.name).join(','));
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another run finished first: use its copy
  }
}

function prune(current: string): void {
  const root = resolve(CACHE_ROOT);
  const others = readdirSync(root)
    .map((name) => join(root, name))
    .filter((p) => p !== current && !p.includes('.building-'))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const old of others.slice(KEEP)) rmSync(old, { recursive: true, force: true });
}
