/**
 * A unit suite's own synth of a catalog other than the shipped one (CDK's CloudFormation validation on, as
 * `npm run synth` runs it, unless `validation: false`), cached the way the shared app is (synth-cache.ts): keyed by the hash of everything the
 * synth reads, the catalog's text, the options and the date; a second `npm test` in the same clone reads the files the
 * first one wrote. The suites read what synth wrote (cdk.out/, dist/, the outcome below), never its in-memory result,
 * so a cached run and a fresh one assert exactly the same things.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cdkJsonContext, DrGateError, synthesize } from '../../bin/synth-app';
import { todayFrom } from '../../lib/checker';
import { synthKey } from './synth-cache';

const ROOT = join('node_modules', '.cache', 'dr-suite-synth');
const OUTCOME = 'outcome.json';
/** Cached synths kept per name besides the current one. */
const KEEP = 2;

export interface CachedSynth {
  /** Holds cdk.out/, dist/ and placement.yaml as synth wrote them. */
  readonly dir: string;
  /** `ok`: synth passed; `dr-gap`: the DR checker stopped it (exit 1), after writing the posture. */
  readonly outcome: 'ok' | 'dr-gap';
  /** The failing DR findings, `<id> <rule>`, when the checker stopped synth. */
  readonly failing: readonly string[];
}

/**
 * Synthesizes `catalogFile` into a cache folder named `name-<hash>` unless one exists. Anything but a DR gap (a
 * catalog error, a CloudFormation validation error) is thrown, and nothing is cached.
 */
export function cachedSynth(
  name: string,
  catalogFile: string,
  options: { readonly validation?: boolean } = {},
): CachedSynth {
  const today = todayFrom();
  const hash = createHash('sha256')
    .update(synthKey(today))
    .update('\0')
    .update(readFileSync(catalogFile))
    .update('\0')
    .update(JSON.stringify(options))
    .update(readFileSync(__filename))
    .digest('hex')
    .slice(0, 16);
  const dir = resolve(ROOT, `${name}-${hash}`);
  if (!existsSync(join(dir, OUTCOME))) build(dir, catalogFile, options.validation !== false);
  prune(name, dir);
  const recorded = JSON.parse(readFileSync(join(dir, OUTCOME), 'utf8')) as Omit<CachedSynth, 'dir'>;
  return { dir, ...recorded };
}

function build(dir: string, catalogFile: string, validation: boolean): void {
  const scratch = `${dir}.building-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  let recorded: Omit<CachedSynth, 'dir'> = { outcome: 'ok', failing: [] };
  try {
    synthesize({
      catalogFile,
      outdir: join(scratch, 'cdk.out'),
      distDir: join(scratch, 'dist'),
      context: cdkJsonContext(),
      placementOut: join(scratch, 'placement.yaml'),
      ...(validation ? {} : { validation: false }),
    });
  } catch (e) {
    if (!(e instanceof DrGateError)) {
      rmSync(scratch, { recursive: true, force: true });
      throw e;
    }
    const failing = e.result.findings.filter((f) => f.severity === 'error').map((f) => `${f.entry} ${f.rule}`);
    recorded = { outcome: 'dr-gap', failing };
  }
  writeFileSync(join(scratch, OUTCOME), JSON.stringify(recorded));
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another run finished first: use its copy
  }
}

function prune(name: string, current: string): void {
  const root = resolve(ROOT);
  const others = readdirSync(root)
    .filter((f) => f.startsWith(`${name}-`) && !f.includes('.building-'))
    .map((f) => join(root, f))
    .filter((p) => p !== current)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const old of others.slice(KEEP)) rmSync(old, { recursive: true, force: true });
}
