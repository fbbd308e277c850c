/**
 * The SLA budget check through the checker, on the checker's catalog with a 99.9 % SLA (43.8 minutes a month): a
 * day-long Region RTO is an error per entry until accepted with `slaBudget`, an unneeded `slaBudget` is a warning,
 * the posture carries it beside the RTO, and `dr diff` calls a new over-budget mode a regression.
 */
import { readFileSync } from 'node:fs';
import { parseCatalog, type Catalog } from '../../lib/catalog';
import { check, type Finding } from '../../lib/checker';
import { buildPosture, diffPostures, notesFrom, postureMarkdown, type Posture } from '../../lib/posture';
import { artifacts, CATALOG_FILE } from './fixture-app';

const BASE = readFileSync(CATALOG_FILE, 'utf8').replace(/sla: 90\b.*/, 'sla: 99.9');

/** The catalog with web's Region acceptance changed as `edit` says. */
function catalogWith(edit: (text: string) => string = (t) => t): Catalog {
  return parseCatalog(edit(BASE), CATALOG_FILE);
}

const WEB_REGION_ACCEPT = `        reason: No compute runs in the DR Region yet; a Region loss means building it.
        owner: ops
        expires: 2027-06-30
`;
const slaAcceptance = (mode: string, ceiling: string) => `      - mode: ${mode}
        slaBudget: ${ceiling}
        reason: A Region loss is a declared major incident; the breach is reported.
        owner: ops
        expires: 2027-06-30
`;
const addToWeb = (extra: string) => (t: string) => t.replace(WEB_REGION_ACCEPT, WEB_REGION_ACCEPT + extra);

function run(catalog: Catalog) {
  const result = check({ catalog, artifacts: artifacts(), today: '2026-11-28' });
  const posture = buildPosture({
    catalog,
    assessments: result.assessments,
    asOf: '2026-11-28',
    budgets: result.budgets,
  });
  return { result, posture };
}
const of = (findings: readonly Finding[], rule: string) =>
  findings.filter((f) => f.rule === rule).map((f) => `${f.entry} ${f.mode}`);

describe('the SLA budget check in the checker', () => {
  test('a day-long Region RTO against 99.9 %: an error per entry and Region mode; Git, which a Region loss cannot touch, has none', () => {
    const { result } = run(catalogWith());
    expect(
      of(result.findings, 'DR-SLA-BUDGET')
        .filter((f) => f.endsWith(' region'))
        .sort(),
    ).toEqual(['cache', 'media', 'orders', 'secrets', 'sessions', 'web'].map((e) => `${e} region`));
    const web = result.findings.find((f) => f.rule === 'DR-SLA-BUDGET' && f.entry === 'web')!;
    expect(web).toMatchObject({
      severity: 'error',
      field: 'rto',
      targetSeconds: 86400,
      policy: 'SLA 99.9 %: 43.8 min a month',
      message:
        'web · region: one region incident of 1d (the target RTO) uses 3285.4 % of the 43.8 min monthly error budget of 99.9 %',
    });
    // The 30-minute instance RTO of orders: 68 % of the budget, a warning; 1h of media is over the whole budget.
    expect(of(result.findings, 'DR-SLA-BUDGET-HALF')).toEqual(
      expect.arrayContaining(['orders instance', 'orders az', 'orders corruption']),
    );
    expect(of(result.findings, 'DR-SLA-BUDGET')).toContain('media instance');
    expect(result.budgets.get('config')!.region).toMatchObject({ basis: 'unaffected', status: 'within' });
  });

  test('an slaBudget acceptance whose ceiling covers the incident turns the error into accepted, shown with its reason', () => {
    const { result, posture } = run(catalogWith(addToWeb(slaAcceptance('region', '24h'))));
    expect(of(result.findings, 'DR-SLA-BUDGET')).not.toContain('web region');
    const region = posture.entries.find((e) => e.id === 'web')!.modes.region;
    expect(region.slaBudget).toEqual({
      slaPercent: 99.9,
      budgetSeconds: 2629.8,
      incidentSeconds: 86400,
      basis: 'target',
      share: 32.854,
      status: 'accepted',
    });
    expect(region.acceptances.map((a) => [a.fields, a.slaBudgetSeconds])).toEqual([
      [['rto'], undefined],
      [['slaBudget'], 86400],
    ]);
    // Field statuses do not move: the budget is judged beside them.
    expect(region.rto.status).toBe('accepted');
  });

  test('a ceiling under the incident is an error again; a budget ceiling nothing needs is a warning', () => {
    const short = run(catalogWith(addToWeb(slaAcceptance('region', '4h'))));
    expect(of(short.result.findings, 'DR-SLA-BUDGET')).toContain('web region');
    expect(of(short.result.findings, 'DR-ACCEPT-UNUSED')).toContain('web region');
    const unneeded = run(catalogWith(addToWeb(slaAcceptance('instance', 'unbounded'))));
    const unused = unneeded.result.findings.filter((f) => f.rule === 'DR-ACCEPT-UNUSED' && f.entry === 'web');
    expect(unused.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^web · instance: the acceptance's slaBudget \(owner ops\) covers nothing: one instance incident of 10m/,
      ),
    ]);
  });

  test('one acceptance with both an RTO ceiling and slaBudget covers both, is listed once, and is not unused', () => {
    const both = (t: string) => t.replace(WEB_REGION_ACCEPT, `        slaBudget: unbounded\n${WEB_REGION_ACCEPT}`);
    const { result, posture } = run(catalogWith(both));
    expect(of(result.findings, 'DR-SLA-BUDGET')).not.toContain('web region');
    expect(of(result.findings, 'DR-ACCEPT-UNUSED')).not.toContain('web region');
    const acceptances = posture.entries.find((e) => e.id === 'web')!.modes.region.acceptances;
    expect(acceptances.map((a) => a.fields)).toEqual([['rto', 'slaBudget']]);
  });

  test('the Markdown: the budget beside the RTO, and a section of the modes over half', () => {
    const catalog = catalogWith(addToWeb(slaAcceptance('region', '24h')));
    const { result, posture } = run(catalog);
    const md = postureMarkdown(posture, catalog, { notes: notesFrom(result.assessments), findings: result.findings });
    expect(md).toMatch(/^## SLA budget: one incident at the RTO \(\d+ mode\(s\) over it, not accepted\)$/m);
    expect(md).toMatch(
      /^\| web \| Region \| 99\.9 % \| 43m 50s \| 1d \(target RTO\) \| 3285 % \| 🟡 accepted \[A\d+\]\(#a\d+\) \|$/m,
    );
    expect(md).toMatch(
      /^\| orders \| Instance, Zone, Corruption \| 99\.9 % \| 43m 50s \| 30m \(target RTO\) \| 68 % \| ⚠️ over half \|$/m,
    );
    expect(md).toMatch(/\| web \| Region \| SLA budget \| SLA budget ≤ 1d \| ops \| 2027-06-30 \|/);
    expect(md).toContain('❌ 3285 % of the SLA budget');
    // Budget findings have their section: not repeated under other findings.
    expect(md).not.toMatch(/\*\*DR-SLA-BUDGET/);
  });
});

describe('dr diff and the SLA budget', () => {
  const posture = (sla: string, edit?: (t: string) => string): Posture =>
    run(parseCatalog((edit ?? ((t: string) => t))(BASE.replace('sla: 99.9', `sla: ${sla}`)), CATALOG_FILE)).posture;

  test('a mode newly over the budget is a regression; back within it an improvement', () => {
    const changes = diffPostures(posture('90'), posture('99.9'));
    expect(changes).toContainEqual({
      kind: 'regression',
      entry: 'web',
      mode: 'region',
      what: 'SLA budget within → over: one incident of 1d → 1d uses 33 % → 3285 % of 43m 50s (SLA 99.9 %)',
    });
    expect(diffPostures(posture('99.9'), posture('90')).filter((c) => c.what.startsWith('SLA budget'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'improvement', entry: 'web', mode: 'region' })]),
    );
  });

  test('accepting it is a change of the budget and an acceptance for a reviewer', () => {
    const changes = diffPostures(posture('99.9'), posture('99.9', addToWeb(slaAcceptance('region', '24h'))));
    const web = changes.filter((c) => c.entry === 'web' && c.mode === 'region');
    expect(web.map((c) => c.kind).sort()).toEqual(['acceptance', 'change']);
    expect(web.find((c) => c.kind === 'acceptance')!.what).toMatch(/^acceptance added: SLA budget ≤ 1d \(owner ops/);
  });
});
