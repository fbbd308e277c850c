/**
 * The placement file: its name beside the catalog, its text, and every way it can be malformed, each reported with
 * the exact located message (file:line:column, the entry, the field, the value, what was expected) — all at once.
 * A removed asset is refused unless `removeAssets` names it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem } from '../../lib/catalog';
import {
  formatPlacement,
  parsePlacement,
  PlacementError,
  placementPath,
  removeAssetsFrom,
  resolvePlacement,
  writePlacement,
} from '../../lib/placement';
import { planCatalog } from '../../lib/catalog-plan';
import { largeCatalog } from '../support/large-catalog';

const plan = planCatalog(largeCatalog(6, { file: 'scale.yaml' }));
const { naming } = plan.catalog;
const FILE = 'scale.placement.yaml';

/** The located messages a placement text gets, or [] when it parses. */
function problems(text: string): string[] {
  try {
    parsePlacement(text, FILE, naming);
    return [];
  } catch (e) {
    if (!(e instanceof PlacementError)) throw e;
    return e.problems.map(formatProblem);
  }
}

describe('placementPath: the one place the file is named', () => {
  test.each([
    ['dr-targets.yaml', 'dr-targets.placement.yaml'],
    ['test/fixtures/bookshop.yaml', 'test/fixtures/bookshop.placement.yaml'],
    ['/abs/cat.yml', '/abs/cat.placement.yml'],
    ['catalog', 'catalog.placement.yaml'],
  ])('%s → %s', (catalog, placement) => expect(placementPath(catalog)).toBe(placement));
});

describe('the file text', () => {
  const text = resolvePlacement(plan, { file: join(tmpdir(), 'no-such-dir', FILE) }).text;

  test('entries sorted by asset id, one line each, stack names per side, under a header that says how to treat it', () => {
    expect(text.split('\n').slice(3)).toEqual([
      'version: 1',
      'assets:',
      '  my-0004: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }',
      '  os-0001: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }',
      '  pg-0000: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }',
      '  pg-0002: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }',
      '  pg-0005: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }',
      '  sec-0003: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }',
      '',
    ]);
    expect(text).toMatch(/^# .*\n# .*lock file: commit it.*\n# .*-c removeAssets=<id>\.\n/);
  });

  test('reads back to the same placement, shards included', () => {
    const sharded = new Map([
      ['pg-0000', { primary: 0, dr: 0 }],
      ['os-0001', { primary: 12, dr: 3 }],
    ]);
    const back = parsePlacement(formatPlacement(sharded, naming), FILE, naming);
    expect(new Map([...back].map(([id, e]) => [id, e.placement]))).toEqual(sharded);
    expect(formatPlacement(sharded, naming)).toContain(
      '  os-0001: { primary: AcmeScaleDrPrimaryShard12, dr: AcmeScaleDrRecoveryShard3 }',
    );
  });

  test('an id YAML would read as a boolean or null is quoted', () => {
    expect(formatPlacement(new Map([['true', { primary: 0, dr: 0 }]]), naming)).toContain('  "true": { primary');
  });

  test('`removeAssets` takes a comma-separated string (-c) or a list (cdk.json)', () => {
    expect(removeAssetsFrom('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(removeAssetsFrom(['a', 'b'])).toEqual(['a', 'b']);
    expect(removeAssetsFrom(undefined)).toEqual([]);
  });
});

describe('a malformed placement file: every problem, located', () => {
  const good = formatPlacement(
    new Map([
      ['pg-0000', { primary: 0, dr: 0 }],
      ['pg-0002', { primary: 1, dr: 0 }],
    ]),
    naming,
  );
  const r = (from: string, to: string) => {
    if (!good.includes(from)) throw new Error(`the text no longer contains ${JSON.stringify(from)}`);
    return good.replace(from, to);
  };

  test.each([
    [
      'wrong version',
      r('version: 1', 'version: 2'),
      ['scale.placement.yaml:4:10: placement: version: got 2; expected 1'],
    ],
    ['no version', r('version: 1\n', ''), ['scale.placement.yaml:4:1: placement: version: missing; expected 1']],
    [
      'unknown top-level key',
      r('version: 1', 'version: 1\nowner: me'),
      ['scale.placement.yaml:5:1: placement: owner: unknown key; expected one of version, assets'],
    ],
    [
      'assets is a list',
      r(
        'assets:\n  pg-0000: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }\n  pg-0002: { primary: AcmeScaleDrPrimaryShard1, dr: AcmeScaleDrRecovery }',
        'assets: [pg-0000]',
      ),
      ['scale.placement.yaml:5:9: placement: assets: expected a map from asset id to { primary: STACK, dr: STACK }'],
    ],
    [
      'an entry is not a map',
      r('pg-0000: { primary: AcmeScaleDrPrimary, dr: AcmeScaleDrRecovery }', 'pg-0000: AcmeScaleDrPrimary'),
      ['scale.placement.yaml:6:12: asset pg-0000: expected { primary: STACK, dr: STACK }'],
    ],
    [
      'a stack of the other Region',
      r('primary: AcmeScaleDrPrimary,', 'primary: AcmeScaleDrRecovery,'),
      [
        'scale.placement.yaml:6:23: asset pg-0000: primary: got "AcmeScaleDrRecovery"; expected a stack of the primary Region: AcmeScaleDrPrimary or AcmeScaleDrPrimaryShard<n> (n ≥ 1)',
      ],
    ],
    [
      'shard 0 spelled out',
      r('primary: AcmeScaleDrPrimaryShard1', 'primary: AcmeScaleDrPrimaryShard0'),
      [
        'scale.placement.yaml:7:23: asset pg-0002: primary: got "AcmeScaleDrPrimaryShard0"; expected a stack of the primary Region: AcmeScaleDrPrimary or AcmeScaleDrPrimaryShard<n> (n ≥ 1)',
      ],
    ],
    [
      "another company's stack, and a missing side",
      r('{ primary: AcmeScaleDrPrimaryShard1, dr: AcmeScaleDrRecovery }', '{ primary: OtherDrPrimary }'),
      [
        'scale.placement.yaml:7:12: asset pg-0002: dr: missing; expected a stack name',
        'scale.placement.yaml:7:23: asset pg-0002: primary: got "OtherDrPrimary"; expected a stack of the primary Region: AcmeScaleDrPrimary or AcmeScaleDrPrimaryShard<n> (n ≥ 1)',
      ],
    ],
    [
      'an unknown side',
      r('dr: AcmeScaleDrRecovery }\n  pg-0002', 'dr: AcmeScaleDrRecovery, west: X }\n  pg-0002'),
      ['scale.placement.yaml:6:68: asset pg-0000: west: unknown key; expected one of primary, dr'],
    ],
    [
      'an asset twice',
      r('  pg-0002:', '  pg-0000:'),
      ['scale.placement.yaml:7:3: placement: not valid YAML: Map keys must be unique'],
    ],
    [
      'not YAML',
      r('assets:', 'assets: {'),
      [
        'scale.placement.yaml:7:3: placement: not valid YAML: Missing , between flow map items',
        'scale.placement.yaml:8:1: placement: not valid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  test('the good text has no problem', () => expect(problems(good)).toEqual([]));
});

describe('resolvePlacement against the catalog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dr-placement-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const withGone = () => {
    const file = join(dir, FILE);
    const text = resolvePlacement(plan, { file }).text.replace(
      'version: 1\nassets:\n',
      'version: 1\nassets:\n  gone: { primary: AcmeScaleDrPrimaryShard2, dr: AcmeScaleDrRecovery }\n',
    );
    writeFileSync(file, text);
    return file;
  };
  const messages = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof PlacementError) return e.problems.map((p) => formatProblem({ ...p, file: FILE }));
      throw e;
    }
    return [];
  };

  test('an asset removed from the catalog is refused: its resources would be deleted', () => {
    const file = withGone();
    expect(messages(() => resolvePlacement(plan, { file }))).toEqual([
      'scale.placement.yaml:6:3: asset gone: no longer in the catalog scale.yaml: dropping it would delete its resources from ' +
        'AcmeScaleDrPrimaryShard2 and AcmeScaleDrRecovery (its data stores are retained by CloudFormation but left unmanaged: ' +
        'no backups, replication or alarms). Put it back in the catalog, or drop it on purpose with `-c removeAssets=gone`',
    ]);
  });

  test('`removeAssets` drops exactly the entries it names; the others stay as they were', () => {
    const file = withGone();
    const before = readFileSync(file, 'utf8');
    const resolved = resolvePlacement(plan, { file, remove: ['gone'] });
    expect(resolved.dropped).toEqual(['gone']);
    expect(resolved.text).toBe(before.replace(/ {2}gone: .*\n/, ''));
    expect(writePlacement(resolved)).toBe(true);
    expect(writePlacement(resolved)).toBe(false);
  });

  test('`removeAssets` naming an asset still in the catalog, or one the file does not have, is a problem', () => {
    const file = withGone();
    expect(messages(() => resolvePlacement(plan, { file, remove: ['gone', 'pg-0000', 'typo'] }))).toEqual([
      'scale.placement.yaml:1:1: asset typo: `removeAssets` names it, but the placement file has no entry for it',
      'scale.placement.yaml:9:3: asset pg-0000: `removeAssets` names it, but it is still in the catalog scale.yaml: remove it from the catalog first',
    ]);
  });
});
