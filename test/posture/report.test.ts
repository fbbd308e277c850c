import { check } from '../../lib/checker';
import { MODES } from '../../lib/model';
import { buildPosture, notesFrom, postureJson, postureMarkdown } from '../../lib/posture';
import { artifacts, catalog, primary } from '../checker/fixture-app';
import { cfnSnippet, run } from '../checker/policy/snippets';

const posture = (a = artifacts()) => {
  const cat = catalog();
  const result = check({ catalog: cat, artifacts: a, today: '2026-11-28' });
  return { cat, result, posture: buildPosture({ catalog: cat, assessments: result.assessments }) };
};

describe('buildPosture: the JSON schema of issue 5', () => {
  test('exactly the documented keys: version, entries[] {id, kind, tier, dependsOn, modes}', () => {
    const { posture: p } = posture();
    expect(Object.keys(p)).toEqual(['version', 'entries']);
    expect(p.version).toBe(1);
    expect(p.entries.map((e) => e.id)).toEqual(['web', 'orders', 'media', 'secrets', 'sessions', 'cache', 'config']);
    for (const e of p.entries) {
      expect(Object.keys(e)).toEqual(['id', 'kind', 'tier', 'dependsOn', 'modes']);
      expect(Object.keys(e.modes)).toEqual([...MODES]);
      for (const m of MODES) {
        const mode = e.modes[m];
        expect(Object.keys(mode).filter((k) => k !== 'acceptance')).toEqual([
          'target',
          'achieved',
          'rpoStatus',
          'rtoStatus',
          'status',
        ]);
        expect(Object.keys(mode.target)).toEqual(['rpoSeconds', 'rtoSeconds']);
        expect(Object.keys(mode.achieved)).toEqual(['rpoSeconds', 'rtoSeconds', 'bound', 'mechanisms']);
        for (const mech of mode.achieved.mechanisms) expect(Object.keys(mech)).toEqual(['id', 'facts']);
      }
    }
  });

  test('null seconds where not applicable or unknown; figures where known', () => {
    const { posture: p } = posture();
    const web = p.entries.find((e) => e.id === 'web')!;
    expect(web.modes.instance.target.rpoSeconds).toBeNull();
    expect(web.modes.instance.achieved.rpoSeconds).toBeNull();
    expect(web.modes.instance.rpoStatus).toBe('n/a');
    const orders = p.entries.find((e) => e.id === 'orders')!;
    expect(orders.modes.az.achieved).toMatchObject({ rpoSeconds: 0, rtoSeconds: 150, bound: 'typical' });
    expect(orders.modes.region.achieved).toMatchObject({ rpoSeconds: 1800, rtoSeconds: null, bound: 'unknown' });
    expect(orders.modes.region.achieved.mechanisms.map((m) => m.id)).toEqual(['rds-backup-replication']);
  });

  test('an acceptance carries its ceiling, owner and expiry', () => {
    const { posture: p } = posture();
    expect(p.entries.find((e) => e.id === 'web')!.modes.region.acceptance).toEqual({
      mode: 'region',
      rtoSeconds: 'unbounded',
      reason: 'No compute runs in the DR Region yet; a Region loss means building it.',
      owner: 'ops',
      expires: '2027-06-30',
    });
  });

  test('deterministic: the same artifacts give the same bytes', () => {
    expect(postureJson(posture().posture)).toBe(postureJson(posture().posture));
  });

  test('a weakened artifact shows in the posture: no protection is bound none with null seconds', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const media = posture(a).posture.entries.find((e) => e.id === 'media')!;
    expect(media.modes.region).toMatchObject({
      rpoStatus: 'gap',
      status: 'gap',
      achieved: { rpoSeconds: null, bound: 'none' },
    });
  });
});

describe('postureMarkdown: a one-minute summary, gaps and acceptances first, tiers, a chart', () => {
  test('sections in order, with the counts and the why', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const { cat, result, posture: p } = posture(a);
    const md = postureMarkdown(p, cat, { notes: notesFrom(result.assessments), findings: result.findings });
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    // Acceptances are listed by field: one mode with an accepted RPO is unverified overall, and is listed too.
    expect(headings).toEqual([
      '## Gaps (2)',
      '## Acceptances (4)',
      expect.stringMatching(/^## Unverified \(\d+\)$/),
      '## Gold (gold)',
      '## Zone outage: RTO target against achieved (minutes)',
    ]);
    expect(md).toMatch(
      /^\*\*In one minute:\*\* 7 entries × 4 failure modes — \d+ met, 3 accepted, \d+ unverified, 2 gap, \d+ not applicable\. Gaps in media\.$/m,
    );
    expect(md).toContain(
      '| media | Region | RPO | 1d | no protection | none | backup-snapshot: recovery points are Regional; a Region loss needs a copy; s3-versioning: a bucket is Regional |',
    );
    expect(md).toMatch(/^```mermaid\nxychart-beta\n {2}x-axis \[/m);
  });

  test('findings that depend on the date stay out, so the committed copy does not change by itself', () => {
    const { cat, result, posture: p } = posture();
    const expired = check({ catalog: cat, artifacts: artifacts(), today: '2027-07-01' });
    expect(expired.findings.some((f) => f.kind === 'acceptance-expired')).toBe(true);
    const opts = (r: typeof result) => ({ notes: notesFrom(r.assessments), findings: r.findings });
    expect(postureMarkdown(p, cat, opts(expired))).toBe(postureMarkdown(p, cat, opts(result)));
  });

  test("per tier, the recovery-point-age controls read from the template against the model's figure: the rounding shows", () => {
    const markdown = (file: string) => {
      const cat = catalog();
      const result = run({ stacks: [cfnSnippet(file)] }, cat);
      const p = buildPosture({ catalog: cat, assessments: result.assessments });
      return postureMarkdown(p, cat, {
        notes: notesFrom(result.assessments),
        findings: result.findings,
        recoveryPointControls: result.recoveryPointControls,
      });
    };
    const md = markdown('backups.template.json');
    const tier = md.slice(md.indexOf('## Gold (gold)'));
    expect(tier).toContain(
      [
        '### Backup Audit Manager: recovery-point age',
        '',
        "The control's grain is whole hours; the figure the model gives the AWS Backup rules is rounded up. Both read from the templates.",
        '',
        "| Asset | Framework · control | Model's figure | Configured | Rounding |",
        '|---|---|---|---|---|',
        '| orders | example_co_gold · BACKUP_LAST_RECOVERY_POINT_CREATED | 5m | 1h | rounded up by 55m |',
        '| media | example_co_gold · BACKUP_LAST_RECOVERY_POINT_CREATED | 1d 2h | 26h | exact |',
      ].join('\n'),
    );
    expect(markdown('backups-weak.template.json')).toContain(
      "| media | example_co_gold · BACKUP_LAST_RECOVERY_POINT_CREATED | 1d 2h | 24h | ⚠ 2h under the model's figure: the control fails on schedule |",
    );
    expect(
      postureMarkdown(buildPosture({ catalog: catalog(), assessments: posture().result.assessments }), catalog()),
    ).not.toContain('### Backup Audit Manager');
  });
});
