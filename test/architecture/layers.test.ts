/**
 * The layer rules of .dependency-cruiser.cjs (run over the real tree by `npm run lint:layers`, part of `npm test`) fail
 * on planted wrong-way imports: each rule on its own plant, and a tree that keeps the rules passes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const CONFIG = resolve('.dependency-cruiser.cjs');
const DEPCRUISE = resolve('node_modules/.bin/depcruise');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/** Writes the files into a scratch project laid out like this one and cruises it with the project's rules. */
function cruise(files: Record<string, string>): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'dr-layers-'));
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'preserve', moduleResolution: 'bundler' } }),
    );
    // npm packages resolve as in the real tree (a plant importing aws-cdk-lib must be judged on a resolved module:
    // a config that drops node_modules from the graph would pass an unresolved one only by luck).
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const r = spawnSync(DEPCRUISE, ['--config', CONFIG, '--output-type', 'json', 'bin', 'lib', 'constructs', 'k8s'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const out = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
    return out.summary.violations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small tree that keeps every rule: what each plant is added to. */
const SOUND: Record<string, string> = {
  'lib/model/index.ts': "export * from './types';\n",
  'lib/model/types.ts': 'export type Mode = string;\n',
  'lib/catalog/index.ts': "import type { Mode } from '../model';\nexport type Catalog = { mode: Mode };\n",
  'lib/checker/index.ts': "import type { Catalog } from '../catalog';\nexport const check = (c: Catalog) => c;\n",
  'lib/checker/check.ts': 'export const inner = 1;\n',
  'lib/audit/index.ts': "import { check } from '../checker';\nexport const audit = check;\n",
  'lib/audit/drill/plan.ts': 'export const drill = 1;\n',
  'lib/posture/index.ts': "import { check } from '../checker';\nexport const posture = check;\n",
  'constructs/app.ts': "import type { Catalog } from '../lib/catalog';\nexport type App = Catalog;\n",
  'k8s/app.ts': "import type { Catalog } from '../lib/catalog';\nexport type Charts = Catalog;\n",
  'bin/app.ts':
    "import '../constructs/app';\nimport '../k8s/app';\nimport { posture } from '../lib/posture';\nexport default posture;\n",
};

/** Each plant, the file it adds and the rules it must break. Planted together: each is judged on its own file. */
const PLANTS: readonly (readonly [what: string, file: string, text: string, rules: readonly string[]])[] = [
  [
    'the model imports node:fs',
    'lib/model/io.ts',
    "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    ['model-is-pure'],
  ],
  [
    'the model imports CDK',
    'lib/model/cdk.ts',
    "import { App } from 'aws-cdk-lib';\nexport const a = App;\n",
    ['model-is-pure'],
  ],
  [
    'the model imports the catalog',
    'lib/model/up.ts',
    "import type { Catalog } from '../catalog';\nexport type C = Catalog;\n",
    ['model-is-pure'],
  ],
  [
    'a construct asks the checker',
    'constructs/bad.ts',
    "import { check } from '../lib/checker';\nexport const c = check;\n",
    ['builders-never-ask-the-checker'],
  ],
  [
    'a chart reads an audit internal',
    'k8s/bad.ts',
    "import { drill } from '../lib/audit/drill/plan';\nexport const d = drill;\n",
    ['builders-never-ask-the-checker', 'lib-folders-through-their-index'],
  ],
  [
    'the checker imports a construct',
    'lib/checker/bad.ts',
    "import type { App } from '../../constructs/app';\nexport type A = App;\n",
    ['checker-reads-artifacts', 'lib-is-below-the-apps'],
  ],
  [
    'the CLI reaches past an index',
    'bin/bad.ts',
    "import { inner } from '../lib/checker/check';\nexport const i = inner;\n",
    ['lib-folders-through-their-index'],
  ],
  [
    'one lib folder reaches past another’s index',
    'lib/posture/bad.ts',
    "import { inner } from '../checker/check';\nexport const i = inner;\n",
    ['lib-folders-use-each-other-through-their-index'],
  ],
  [
    'constructs import a chart',
    'constructs/charts.ts',
    "import type { Charts } from '../k8s/app';\nexport type C = Charts;\n",
    ['aws-and-k8s-builders-apart'],
  ],
  [
    'two lib folders import each other',
    'lib/alpha/index.ts',
    "import { b } from '../beta';\nexport const a = b;\n",
    ['no-circular-lib-folders'],
  ],
];

describe('layer rules (.dependency-cruiser.cjs)', () => {
  test('a tree that keeps the rules has no violation', () => {
    expect(cruise(SOUND)).toEqual([]);
  });

  describe('planted wrong-way imports', () => {
    let violations: readonly Violation[];
    beforeAll(() => {
      const planted = Object.fromEntries(PLANTS.map(([, file, text]) => [file, text]));
      violations = cruise({
        ...SOUND,
        ...planted,
        'lib/beta/index.ts': "import { a } from '../alpha';\nexport const b = a;\n",
      });
    });

    test.each(PLANTS)('%s (%s): fails naming the rule', (_what, file, _text, rules) => {
      expect([...new Set(violations.filter((v) => v.from === file).map((v) => v.rule.name))].sort()).toEqual(
        [...rules].sort(),
      );
    });

    test('nothing but the plants breaks a rule', () => {
      const planted = new Set([...PLANTS.map(([, file]) => file), 'lib/beta/index.ts']);
      expect(violations.filter((v) => !planted.has(v.from))).toEqual([]);
    });
  });
});
