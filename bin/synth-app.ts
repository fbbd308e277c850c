/**
 * One synthesis of everything: the Kubernetes manifests first, then the CDK app with the DR checker as a
 * policy-validation plugin that reads the fresh templates and manifests. The plugin writes the posture before it
 * reports, so a synth that fails on a gap still leaves a posture to diff. `npm run synth` and `cdk synth` both come
 * through here (bin/app.ts), and tests call it in-process.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OVERLAY } from '../lib/names';
import { App, Validations, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { AwsStacks } from '../constructs/app';
import { DrTargets } from '../constructs/dr-targets';
import { manifestTexts, manifestYaml, type Manifests } from '../k8s/app';
import type { Catalog } from '../lib/catalog';
import { check, fails, loadCloudAssembly, manifestsFromObjects, todayFrom, type CheckResult } from '../lib/checker';
import {
  DrPostureCheck,
  postureFiles,
  writeIfChanged,
  writePostureFiles,
  type Posture,
  type PostureFiles,
} from '../lib/posture';
import { runbooks } from '../lib/runbooks';
import type { MechanismSpec } from '../lib/model';
import type { CatalogPlan } from '../lib/catalog-plan';
import { writePlacement, type ResolvedPlacement } from '../lib/placement';
import { prepareSynth } from './prepare';

export interface SynthOptions {
  readonly catalogFile: string;
  /** Where the cloud assembly goes (default: CDK_OUTDIR, else cdk.out). */
  readonly outdir?: string;
  /** Where manifests and the posture go (default: dist). */
  readonly distDir?: string;
  /** CDK context; standalone runs read cdk.json's so they synthesize what `cdk synth` would. */
  readonly context?: Record<string, unknown>;
  /** Run CDK's built-in CloudFormation validation (the slow part of synth). Default true. */
  readonly validation?: boolean;
  /** Write files (default true); tests that only inspect the result turn it off. */
  readonly write?: boolean;
  /** Extra policy-validation plugins run on this synth (the test suite adds cdk-nag and cfn-guard). */
  readonly plugins?: readonly IPolicyValidationPlugin[];
  /**
   * Where the placement file is written when `write` is on (default: beside the catalog, lib/placement
   * `placementPath`, where it is always read from). The test suite writes it elsewhere, to compare with the committed one.
   */
  readonly placementOut?: string;
  /**
   * Run the DR checker plugin and write the posture. Default true. `false` is a benchmarking baseline only (`npm run
   * bench`, whose baseline entry is scripts/baseline-app.ts): only the artifacts are written; the result has no posture.
   */
  readonly drCheck?: boolean;
  /** Told each step as it starts (the entry point shows them on a terminal). @default - nothing */
  readonly onProgress?: (step: string) => void;
}

/** The folder under dist/ of the DR Region's manifests. */
export const DR_MANIFESTS_DIR = 'k8s-dr';

export interface SynthResult {
  readonly catalog: Catalog;
  readonly plan: CatalogPlan;
  readonly manifests: Manifests;
  /** The DR site's manifests (empty without a pilot light). */
  readonly drManifests: Manifests;
  readonly stacks: AwsStacks;
  /** Which stack holds each asset's resources, and the placement file's text. */
  readonly placement: ResolvedPlacement;
  readonly posture: Posture;
  /** What the checker found in the artifacts this synth wrote. */
  readonly check: CheckResult;
  readonly assembly: CloudAssembly;
  /** Files under distDir (and the placement file) this run wrote or removed because their content changed. */
  readonly changed: readonly string[];
}

/** Synth stopped by the DR checker. The message starts like CDK's own validation failure, which it wraps. */
export class DrGateError extends Error {
  constructor(
    readonly result: CheckResult,
    readonly postureFile: string | undefined,
    /** Whether CDK has already printed its validation report, the DR findings among them, to the console. */
    readonly reportedByCdk: boolean,
    cause?: string,
  ) {
    const n = result.findings.filter((f) => f.severity === 'error').length;
    super(`Validation failed: the DR checker found ${n} failing finding(s)${cause ? `\n${cause}` : ''}`);
    this.name = 'DrGateError';
  }
}

/**
 * Whether CDK prints a failed validation report to the console, as aws-cdk-lib's synthesis-validation decides: not
 * when `@aws-cdk/core:failSynthOnValidationErrors` is false (it then leaves reporting to the app), and not in the
 * `inmemory` app mode (the `@aws-cdk/core:appMode` context, else CDK_APP_MODE, else `inmemory` under a test runner),
 * where it puts the report into the error it throws instead.
 */
function cdkPrintsReport(app: App): boolean {
  const handles = app.node.tryGetContext('@aws-cdk/core:failSynthOnValidationErrors');
  if (handles === false || handles === 'false') return false;
  const valid = (m: unknown) => (m === 'process' || m === 'inmemory' ? m : undefined);
  const mode =
    valid(app.node.tryGetContext('@aws-cdk/core:appMode')) ??
    valid(process.env.CDK_APP_MODE) ??
    (process.env.NODE_ENV === 'test' || process.env.PYTEST_VERSION || process.env.PYTEST_CURRENT_TEST
      ? 'inmemory'
      : 'unknown');
  return mode !== 'inmemory';
}

/** cdk.json's context, for runs that do not come through the CDK CLI. */
export function cdkJsonContext(dir = '.'): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return config.context ?? {};
}

/** What a `drCheck: false` synth returns: the app without its DR check and posture (a benchmarking baseline). */
export type BaselineSynthResult = Omit<SynthResult, 'posture' | 'check' | 'changed'>;

export function synthesize(options: SynthOptions & { readonly drCheck?: true }): SynthResult;
export function synthesize(options: SynthOptions): SynthResult | BaselineSynthResult;
export function synthesize(options: SynthOptions): SynthResult | BaselineSynthResult {
  // The catalog first: an App creates its outdir, and a bad catalog must leave nothing behind.
  const progress = options.onProgress ?? (() => undefined);
  const { catalog, evidence, teamManifests, plan, placement, charts, drCharts } = prepareSynth(
    options.catalogFile,
    options.context,
    progress,
  );
  const today = todayFrom();
  const manifests = manifestTexts(charts);
  const drManifests: Manifests = drCharts ? manifestTexts(drCharts) : new Map();
  // The checker reads the objects the files are written from (the files' own text where a value would not read back
  // as written): part of the DR layer's cost, so the benchmarking baseline skips it.
  const toYaml = (doc: unknown) => manifestYaml(doc);
  // The DR site's objects under their folder's name, so a finding says which cluster's file it is about.
  const drObjects = drCharts
    ? manifestsFromObjects(new Map([...drCharts].map(([f, m]) => [`${DR_MANIFESTS_DIR}/${f}`, m] as const)), toYaml)
    : [];
  const objects = options.drCheck === false ? [] : [...manifestsFromObjects(charts, toYaml), ...drObjects];
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.validation === false ? { builtinCloudFormationValidation: false } : {}),
  });
  const distDir = options.distDir ?? 'dist';
  const write = options.write !== false;
  const changed: string[] = [];
  let posture: Posture | undefined;
  // The posture goes to distDir (dist/dr-posture.*), written only where its content changed; the runbooks
  // (lib/runbooks) beside it, from the same check.
  const written = (files: PostureFiles, names: readonly string[], _dir: string | undefined, result: CheckResult) => {
    posture = files.posture;
    changed.push(...names.map((f) => join(distDir, f)));
    if (!write) return;
    const books = runbooks({ catalog, posture: files.posture, mechanisms: (id) => readMechanisms(result, id) });
    changed.push(...writeFolder(join(distDir, RUNBOOKS_DIR), books, '.md').map((f) => join(distDir, RUNBOOKS_DIR, f)));
  };
  const dr = new DrPostureCheck({
    catalog,
    manifests: objects,
    teamManifests,
    evidence,
    today,
    postureOut: write ? distDir : false,
    runbookLinks: RUNBOOK_LINKS,
    onPosture: written,
  });
  Validations.of(app).addPlugins(...(options.drCheck === false ? [] : [dr]), ...(options.plugins ?? []));
  // The generated app is a DrTargets app whose every asset comes from the catalog file: the same public construct a
  // team's own app uses, built at once because the plan and the placement are already made (bin/prepare.ts).
  const stacks = DrTargets.fromCatalog(app, catalog, { plan, placement: placement.placement }).build();
  // The manifests and (like a lock file) the placement are written once the templates are: after a synth that
  // succeeded or stopped on a DR gap (exit 1, whose posture a pull request diffs), never after one that failed.
  const writeArtifacts = () => {
    if (!write) return;
    changed.push(...writeManifests(join(distDir, 'k8s'), manifests).map((f) => join(distDir, 'k8s', f)));
    // The DR Region's standby cluster's manifests, in their own folder (none without a pilot light).
    changed.push(
      ...writeManifests(join(distDir, DR_MANIFESTS_DIR), drManifests).map((f) => join(distDir, DR_MANIFESTS_DIR, f)),
    );
    if (writePlacement(placement, options.placementOut)) changed.push(options.placementOut ?? placement.file);
  };
  const postureFile = write ? join(distDir, 'dr-posture.json') : undefined;
  let assembly: CloudAssembly;
  progress(
    `CloudFormation templates and their validation (CDK's checks${options.drCheck === false ? '' : ', the DR checker'})`,
  );
  try {
    assembly = app.synth();
  } catch (e) {
    if (dr.result && fails(dr.result.findings, false)) {
      writeArtifacts();
      throw new DrGateError(dr.result, postureFile, cdkPrintsReport(app), (e as Error).message);
    }
    throw e;
  }
  writeArtifacts();
  if (options.drCheck === false) return { catalog, plan, manifests, drManifests, stacks, placement, assembly };
  // Under a CLI that runs the app in "process" mode CDK reports and sets the exit code instead of throwing.
  if (dr.result && fails(dr.result.findings, false))
    throw new DrGateError(dr.result, postureFile, cdkPrintsReport(app));
  const result =
    dr.result ??
    check({
      catalog,
      artifacts: {
        stacks: loadCloudAssembly(assembly.directory),
        manifests: objects,
        teamManifests,
      },
      evidence,
      today,
    });
  if (!dr.result) {
    const files = postureFiles(catalog, result, today, undefined, RUNBOOK_LINKS);
    written(files, write ? writePostureFiles(distDir, files.files) : [], distDir, result);
  }
  return {
    catalog,
    plan,
    manifests,
    drManifests,
    stacks,
    placement,
    posture: posture!,
    check: result,
    assembly,
    changed,
  };
}

/** Where the runbooks go, under the dist folder (and, committed, under docs/). */
export const RUNBOOKS_DIR = 'runbooks';
/** The posture Markdown's links to them. */
const RUNBOOK_LINKS = { index: `${RUNBOOKS_DIR}/README.md`, entry: (id: string) => `${RUNBOOKS_DIR}/${id}.md` };

/** The mechanisms the checker read for an entry, each kind once (its first reading). */
function readMechanisms(result: CheckResult, id: string): MechanismSpec[] {
  const seen = new Set<string>();
  return (result.entries.get(id)?.groups ?? [])
    .flatMap((g) => g.mechanisms)
    .filter((m) => !seen.has(m.id) && seen.add(m.id));
}

/** Writes the charts' files that changed and removes the ones no chart writes any more; returns what it touched. */
function writeManifests(dir: string, manifests: Manifests): string[] {
  // No folder for nothing (the DR site's, without a pilot light); one that exists is emptied of stale files.
  if (manifests.size === 0 && !existsSync(dir)) return [];
  const touched: string[] = [];
  // An overlay's component (overlays/<service>/) is the charts' as a whole: one no service asks for any more goes.
  const overlays = join(dir, OVERLAY.dir);
  if (existsSync(overlays)) {
    for (const d of readdirSync(overlays)) {
      const component = `${OVERLAY.dir}/${d}/`;
      if ([...manifests.keys()].some((f) => f.startsWith(component))) continue;
      rmSync(join(overlays, d), { recursive: true, force: true });
      touched.push(component);
    }
  }
  return [...touched, ...writeFolder(dir, manifests, '.k8s.yaml')];
}

/**
 * Writes the files that changed (a name may name a subfolder) and removes the ones directly in `dir`, ending in
 * `suffix`, no longer written; returns what it touched.
 */
function writeFolder(dir: string, files: ReadonlyMap<string, string>, suffix: string): string[] {
  mkdirSync(dir, { recursive: true });
  const touched: string[] = [];
  for (const f of readdirSync(dir)) {
    if (f.endsWith(suffix) && !files.has(f)) {
      rmSync(join(dir, f));
      touched.push(f);
    }
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    if (writeIfChanged(join(dir, file), text)) touched.push(file);
  }
  return touched;
}
