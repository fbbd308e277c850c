/**
 * The package as a user gets it: `npm pack` the library, install the tarball into a scratch CDK app outside the
 * repository, type-check that app against the installed declarations and synthesize it; the DR checker runs as its
 * policy-validation plugin and the installed `dr` command checks what it wrote. It proves the public surface (exports,
 * types, the prebuilt Lambda, the `bin`) is enough without this repository's sources.
 *
 * Offline: the peers (aws-cdk-lib, constructs, cdk8s, cdk8s-plus-27) and @types/node come from this repository's
 * node_modules, linked into the scratch folder's parent, as a monorepo would hoist them; the library's own dependencies
 * install from npm's cache at the versions of this repository's lock file (npm install --offline). The packed and
 * installed scratch folder is kept, keyed by a hash of what is packed, in the machine's temporary folder (see
 * jest.config.js): an unchanged tree skips the pack and the install, never the checks.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve('.');
const PKG = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  license: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: Record<string, string>;
};
const LINKED = [...Object.keys(PKG.peerDependencies), '@types/node'];

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      CDK_DISABLE_VERSION_CHECK: '1',
      ...env,
    },
  });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * The scratch app's lock file: the tarball, and the library's dependencies exactly as this repository's lock resolves
 * them (the production entries, peers aside), so npm installs them from its cache without asking the registry.
 */
function scratchLock(tarball: string, file: string): object {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean; peer?: boolean }>;
  };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const dependencies = Object.entries(lock.packages).filter(
    ([path, p]) => path !== '' && !p.dev && !p.devOptional && !p.peer,
  );
  return {
    name: 'scratch-app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'scratch-app', version: '1.0.0', dependencies: { [PKG.name]: `file:${file}` } },
      [`node_modules/${PKG.name}`]: {
        version: PKG.version,
        resolved: `file:${file}`,
        integrity,
        license: PKG.license,
        dependencies: PKG.dependencies,
        peerDependencies: PKG.peerDependencies,
        bin: PKG.bin,
        engines: PKG.engines,
      },
      ...Object.fromEntries(dependencies),
    },
  };
}

/** A hash of everything `npm pack` reads (sources, manifests, build inputs, the files shipped) and of this test. */
function packKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  const inputs = [
    ...['bin', 'lib', 'constructs', 'k8s'].flatMap(walk),
    ...['index.ts', 'package.json', 'package-lock.json', 'README.md', 'LICENSE', 'tsconfig.build.json'],
    ...['scripts/build.mjs', 'docs/dr-targets.schema.json', 'test/package/pack.test.ts'],
  ].sort();
  hash.update(REPO);
  for (const f of inputs) hash.update(`\0${f}\0`).update(readFileSync(f));
  return hash.digest('hex').slice(0, 16);
}

/** `npm pack` into `root`, then an offline install of the tarball into the scratch app `app`. */
function packAndInstall(root: string, app: string): { filename: string; files: { path: string }[] } {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  // `npm pack` runs "prepack" and "prepare": the bundles and the declarations are built from the current sources.
  const packed = (
    JSON.parse(ok(run('npm', ['pack', '--json', '--pack-destination', root], REPO), 'npm pack')) as {
      filename: string;
      files: { path: string }[];
    }[]
  )[0]!;
  for (const name of LINKED) {
    mkdirSync(join(root, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', name), join(root, 'node_modules', name), 'dir');
  }
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'scratch-app',
      version: '1.0.0',
      private: true,
      dependencies: { [PKG.name]: `file:../${packed.filename}` },
    }),
  );
  writeFileSync(
    join(app, 'package-lock.json'),
    JSON.stringify(scratchLock(join(root, packed.filename), `../${packed.filename}`)),
  );
  ok(
    run(
      'npm',
      ['install', '--offline', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'],
      app,
    ),
    'npm install',
  );
  return { filename: packed.filename, files: packed.files.map((f) => ({ path: f.path })) };
}

/** The example a team copies (examples/existing-app): its own stack, made DR-checked by the library's calls. */
const EXAMPLE = 'examples/existing-app';

describe('the packed library in a scratch CDK app (npm pack, npm install --offline)', () => {
  let root: string;
  let app: string;
  let packed: { filename: string; files: { path: string }[] };
  beforeAll(() => {
    // Packing and installing take most of this suite and depend only on what is packed: a warm run whose inputs are
    // unchanged reuses the scratch install (outside the repository, so nothing resolves from its node_modules); the
    // type check, the synth and the `dr` run below happen every time.
    const key = packKey();
    const cacheDir = process.env.DR_TEST_CACHE_TMPDIR ?? tmpdir();
    root = join(cacheDir, `dr-pack-${key}`);
    app = join(root, 'app');
    const done = join(root, 'packed.json');
    if (existsSync(done)) {
      packed = JSON.parse(readFileSync(done, 'utf8')) as typeof packed;
    } else {
      for (const old of readdirSync(cacheDir).filter((d) => d.startsWith('dr-pack-')))
        rmSync(join(cacheDir, old), { recursive: true, force: true });
      packed = packAndInstall(root, app);
      writeFileSync(done, JSON.stringify(packed));
    }
    rmSync(join(app, 'cdk.out'), { recursive: true, force: true });
    rmSync(join(app, 'app.js'), { force: true });
    // The example as a team has it: its app, its catalog, its own Kubernetes manifests.
    cpSync(EXAMPLE, app, { recursive: true, filter: (f) => !f.includes('cdk.out') });
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['app.ts'],
      }),
    );
  });

  test('the tarball holds the bundle, its declarations, the prebuilt function and the CLI, and no sources', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'bin/dr.js',
        'dist/bin/dr.js',
        'dist/index.js',
        'dist/types/index.d.ts',
        'dist/functions/recovery-point-age/index.js',
        'docs/dr-targets.schema.json',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /^(test|scripts|docs|constructs|lib|k8s)\//.test(f))).toEqual([
      'docs/dr-targets.schema.json',
    ]);
  });

  // Also compiles app.ts to app.js beside it, which the next test runs.
  test('a consumer type-checks against the installed declarations (exports "types", nodenext resolution)', () => {
    ok(run(process.execPath, [join(REPO, 'node_modules/tsgo/bin/tsc'), '-p', 'tsconfig.json'], app), 'tsc');
  });

  test('the example synthesizes with the checker as its plugin, on one copy of each peer, with the prebuilt function', () => {
    // CDK's own template validation is no part of what the package proves (aws-cdk-lib reads CDK_VALIDATION itself).
    ok(run(process.execPath, ['app.js'], app, { CDK_VALIDATION: 'false' }), 'the example app');
    const stacks = readdirSync(join(app, 'cdk.out'))
      .filter((f) => f.endsWith('.template.json'))
      .sort();
    expect(stacks).toEqual([
      'AcmeShopDrPrimary.template.json',
      'AcmeShopDrRecovery.template.json',
      'Shop.template.json',
    ]);
    const posture = JSON.parse(readFileSync(join(app, 'cdk.out', 'dr-posture.json'), 'utf8')) as {
      entries: { id: string; modes: Record<string, { status: string }> }[];
    };
    expect(posture.entries.map((e) => e.id).sort()).toEqual(['media', 'orders', 'web']);
    expect(posture.entries.flatMap((e) => Object.values(e.modes).map((m) => m.status))).not.toContain('gap');
    // One aws-cdk-lib: the library resolves the app's own copy (a second one would break every construct scope).
    const installed = join(app, 'node_modules', PKG.name);
    const fromLibrary = require.resolve('aws-cdk-lib', { paths: [installed] });
    const fromApp = require.resolve('aws-cdk-lib', { paths: [app] });
    expect(fromLibrary).toBe(fromApp);
    // The catalog's JSON Schema, for the app's editor, through the package's exports.
    expect(require.resolve(`${PKG.name}/dr-targets.schema.json`, { paths: [app] })).toBe(
      join(installed, 'docs/dr-targets.schema.json'),
    );
    // The recovery-point-age function is the package's prebuilt bundle, not something built at synth.
    const shipped = readFileSync(join(installed, 'dist/functions/recovery-point-age/index.js'));
    const assets = readdirSync(join(app, 'cdk.out')).filter((d) => d.startsWith('asset.'));
    const bundles = assets.flatMap((d) => {
      try {
        return [readFileSync(join(app, 'cdk.out', d, 'index.js'))];
      } catch {
        return [];
      }
    });
    expect(bundles.some((b) => b.equals(shipped))).toBe(true);
  });

  test('the installed `dr` command checks what the app wrote', () => {
    const r = run(
      join(app, 'node_modules/.bin/dr'),
      // No --targets: the effective catalog the app wrote into its cloud assembly (with the bucket declared in code).
      ['check', '--cdk-out', 'cdk.out', '--k8s', 'k8s', '--json'],
      app,
    );
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as { failed: boolean }).failed).toBe(false);
  });
});
