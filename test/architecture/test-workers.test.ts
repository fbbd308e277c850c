/**
 * The suite's own machinery: what a jest worker keeps loaded across its test files (test/support/worker-runtime.js)
 * and the one context those files share (test/support/worker-environment.js). Keeping more than is pure, or letting a
 * file's globals reach the next file, would make a test pass or fail by the order files run in.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runInContext } from 'node:vm';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { IN_KEPT_PACKAGE, keptSources } from '../support/kept-sources';
import WorkerEnvironment from '../support/worker-environment';

describe('kept sources: imports that reach only kept packages, Node and other kept sources', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dr-kept-'));
    const files: Record<string, string> = {
      'lib/pure/index.ts': "export * from './parse';\nexport { clock } from '../time';\n",
      'lib/pure/parse.ts': "import { parse } from 'yaml';\nimport { z } from 'zod';\nexport const p = parse;\n",
      'lib/time.ts': "import { readFileSync } from 'node:fs';\nexport const clock = readFileSync;\n",
      'lib/typed.ts': "import type { S3Client } from '@aws-sdk/client-s3';\nexport type C = S3Client;\n",
      'lib/aws/client.ts': "import { S3Client } from '@aws-sdk/client-s3';\nexport const c = new S3Client({});\n",
      'lib/aws/uses.ts': "import { c } from './client';\nexport const d = c;\n",
      'lib/reexports.ts': "export * from './aws/uses';\n",
      'constructs/stack.ts':
        "import { Stack } from 'aws-cdk-lib';\nimport { p } from '../lib/pure';\nexport { Stack, p };\n",
      'bin/lazy.ts': "export const load = () => import('@aws-sdk/client-sts');\n",
      'bin/other.ts': "import commander from 'commander';\nexport default commander;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('the pure ones and their importers are kept; whatever reaches the AWS SDK or another package is not', () => {
    const kept = [...keptSources(root)].map((f) => f.slice(root.length + 1)).sort();
    expect(kept).toEqual([
      'constructs/stack.ts',
      'lib/pure/index.ts',
      'lib/pure/parse.ts',
      'lib/time.ts',
      // A type-only import is erased when the file is compiled.
      'lib/typed.ts',
    ]);
  });

  test("this repository's: the model, the checker and the constructs are kept; the SDK's readers and the CLI are not", () => {
    const kept = keptSources(resolve('.'));
    const has = (f: string) => kept.has(resolve(f));
    const pure = ['lib/model/assess.ts', 'lib/checker/check.ts', 'lib/catalog/load.ts', 'constructs/database.ts'];
    expect(pure.filter((f) => !has(f))).toEqual([]);
    expect(['lib/audit/aws/clients.ts', 'lib/aws/reads.ts', 'bin/dr.ts'].filter(has)).toEqual([]);
  });

  test('no test mocks a package or a Node module (a kept one would keep the mock for the worker): only sources', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const mocked = walk('test').flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bjest\.(?:mock|doMock|setMock|unstable_mockModule)\(\s*'([^']+)'/g)].map(
        (m) => `${f}: ${m[1]}`,
      ),
    );
    expect(mocked.length).toBeGreaterThan(0);
    expect(mocked.filter((m) => !/: \.\.?\//.test(m))).toEqual([]);
  });

  test('kept packages: the pure heavy ones (and what they bundle), never the AWS SDK', () => {
    const kept = (path: string) => IN_KEPT_PACKAGE.test(path);
    expect(kept('/r/node_modules/aws-cdk-lib/core/lib/stack.js')).toBe(true);
    expect(kept('/r/node_modules/aws-cdk-lib/node_modules/yaml/dist/index.js')).toBe(true);
    expect(kept('/r/node_modules/@aws-cdk/cloudformation-diff/lib/index.js')).toBe(true);
    expect(kept('/r/node_modules/@aws-sdk/client-backup/dist-cjs/index.js')).toBe(false);
    expect(kept('/r/node_modules/@smithy/core/dist-cjs/index.js')).toBe(false);
    expect(kept('/r/node_modules/aws-sdk-client-mock/dist/cjs/index.js')).toBe(false);
  });
});

describe("one context per worker: a file's globals and environment variables never reach the next file", () => {
  const config = {
    projectConfig: { testEnvironmentOptions: {}, globals: {}, fakeTimers: {}, rootDir: resolve('.') },
    globalConfig: {},
  } as unknown as JestEnvironmentConfig;
  const context = { console, docblockPragmas: {}, testPath: __filename } as EnvironmentContext;
  const run = (env: WorkerEnvironment, code: string): unknown => runInContext(code, env.getVmContext()!);

  test('the second file runs in the first one’s context, without what the first added or replaced; the kept globals stay', async () => {
    const first = new WorkerEnvironment(config, context);
    run(
      first,
      "globalThis.leftOver = 1; process.env.DR_LEFT_OVER = 'yes'; globalThis[Symbol.for('@aws-cdk/kept')] = { kept: true }; globalThis.structuredClone = () => 'stub';" +
        // As expect makes it: not configurable, so not deleted; a matcher, a tester and a count left in it.
        "Object.defineProperty(globalThis, Symbol.for('$$jest-matchers-object'), { value: { matchers: { toBeFoo() {} }, customEqualityTesters: [() => true], state: { assertionCalls: 3 } } });",
    );
    expect(run(first, 'typeof leftOver')).toBe('number');
    await first.teardown();

    const second = new WorkerEnvironment(config, context);
    expect(second.getVmContext()).toBe(first.getVmContext());
    expect(run(second, 'typeof leftOver')).toBe('undefined');
    expect(run(second, 'process.env.DR_LEFT_OVER')).toBeUndefined();
    // What aws-cdk-lib keeps on the global (its token map; a symbol of its own) stays. The token map itself is not the
    // example: the suite's own worker has the real one, which these environments, created in its context, see too.
    expect(run(second, "globalThis[Symbol.for('@aws-cdk/kept')]")).toEqual({ kept: true });
    // A global the first file replaced is the original again.
    expect(run(second, 'structuredClone([1])')).toEqual([1]);
    // expect's record (a global that cannot be deleted) starts empty: no matcher or tester the first file added.
    expect(run(second, "Object.keys(globalThis[Symbol.for('$$jest-matchers-object')].matchers)")).toEqual([]);
    expect(run(second, "globalThis[Symbol.for('$$jest-matchers-object')].customEqualityTesters.length")).toBe(0);
    expect(run(second, "globalThis[Symbol.for('$$jest-matchers-object')].state.assertionCalls")).toBe(0);
    // Its own mocks: a mock function made in this file is of the shared context's realm.
    expect(run(second, 'Array.isArray([])')).toBe(true);
    expect(second.moduleMocker).not.toBe(first.moduleMocker);
    await second.teardown();
  });
});
