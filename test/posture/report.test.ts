import { check } from '../../lib/checker';
import { MODES } from '../../lib/model';
import { buildPosture, notesFrom, postureJson, postureMarkdown } from '../../lib/posture';
import { artifacts, catalog, primary } from '../checker/fixture-app';
import { cfnSnippet, run } from '../checker/policy/snippets';

const posture = (a = artifacts()) => {
  const cat = catalog();
  const result = check({ catalog: cat, artifacts: a, today: '2026-11-28' });
  return {
    cat,
    result,
    posture: buildPosture({
      catalog: cat,
      assessments: result.assessments,
      asOf: '2026-11-28',
      budgets: result.budgets,
    }),
  };
};

describe('buildPosture: the JSON schema, version 2 (docs/posture.md)', () => {
  test('exactly the documented keys: version, asOf, entries[] {id, kind, tier, dependsOn, modes}', () => {
    const { posture: p } = posture();
    expect(Object.keys(p)).toEqual(['version', 'asOf', 'entries']);
    expect([p.version, p.asOf]).toEqual([2, '2026-11-28']);
    expect(p.entries.map((e) => e.id)).toEqual(['web', 'orders', 'media', 'secrets', 'sessions', 'cache', 'config']);
    for (const e of p.entries) {
      expect(Object.keys(e)).toEqual(['id', 'kind', 'tier', 'dependsOn', 'modes']);
      expect(Object.keys(e.modes)).toEqual([...MODES]);
      for (const m of MODES) {
        const mode = e.modes[m];
        expect(Object.keys(mode)).toEqual(['target', 'rpo', 'rto', 'status', 'mechanisms', 'acceptances', 'slaBudget']);
        expect(Object.keys(mode.slaBudget!)).toEqual([
          'slaPercent',
          'budgetSeconds',
          'incidentSeconds',
          'basis',
          'share',
          'status',
        ]);
        expect(Object.keys(mode.target)).toEqual(['rpoSeconds', 'rtoSeconds']);
        for (const f of [mode.rpo, mode.rto]) {
          const optional = ['atLeastSeconds', 'overheadSeconds', 'evidence'];
          expect(Object.keys(f).filter((k) => !optional.includes(k))).toEqual([
            'seconds',
            'bound',
            'status',
            'limitedBy',
          ]);
        }
        for (const mech of mode.mechanisms) expect(Object.keys(mech)).toEqual(['id', 'facts']);
      }
    }
  });

  test('each field carries its own bound and status; null seconds where not applicable or unknown', () => {
    const { posture: p } = posture();
    const web = p.entries.find((e) => e.id === 'web')!;
    expect(web.modes.instance.target.rpoSeconds).toBeNull();
    expect(web.modes.instance.rpo).toEqual({ seconds: null, bound: 'n/a', status: 'n/a', limitedBy: [] });
    const orders = p.entries.find((e) => e.id === 'orders')!;
    // Synchronous standby (worst) against the failover's typical 60–120 s plus the DNS TTL.
    expect(orders.modes.az.rpo).toMatchObject({ seconds: 0, bound: 'worst', status: 'met' });
    expect(orders.modes.az.rto).toMatchObject({ seconds: 150, bound: 'typical', status: 'expected' });
    expect(orders.modes.az.status).toBe('expected');
    expect(orders.modes.region.rpo).toMatchObject({ seconds: 1800, bound: 'typical' });
    expect(orders.modes.region.rto).toMatchObject({ seconds: null, bound: 'unknown', status: 'unverified' });
    expect(orders.modes.region.mechanisms.map((m) => m.id)).toEqual(['rds-backup-replication']);
  });

  test('a service names the dependencies that limit each field', () => {
    const { posture: p } = posture();
    const web = p.entries.find((e) => e.id === 'web')!;
    // A workload keeps no data: its corruption RTO is what restoring its database takes.
    expect(web.modes.corruption.rto.limitedBy).toContain('orders');
    expect(web.modes.az.rpo.limitedBy).toEqual([]);
  });

  test('an acceptance carries its ceiling, owner, expiry and the fields it covers', () => {
    const { posture: p } = posture();
    expect(p.entries.find((e) => e.id === 'web')!.modes.region.acceptances).toEqual([
      {
        mode: 'region',
        rtoSeconds: 'unbounded',
        reason: 'No compute runs in the DR Region yet; a Region loss means building it.',
        owner: 'ops',
        expires: '2027-06-30',
        fields: ['rto'],
      },
    ]);
  });

  test('deterministic: the same artifacts give the same bytes', () => {
    expect(postureJson(posture().posture)).toBe(postureJson(posture().posture));
  });

  test('a weakened artifact shows in the posture: no protection is bound none with null seconds', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const media = posture(a).posture.entries.find((e) => e.id === 'media')!;
    expect(media.modes.region).toMatchObject({ status: 'gap', rpo: { seconds: null, bound: 'none', status: 'gap' } });
  });
});

describe('postureMarkdown: a one-minute summary, gaps and acceptances first, tiers, a chart', () => {
  test('evidence per mode: its date, what measured it and until when it counts, in the cell and in its own section', () => {
    const cat = catalog();
    const record = {
      asset: 'orders',
      mode: 'az' as const,
      region: 'eu-west-2',
      recoveryKind: 'failover',
      durationSeconds: 90,
      date: '2026-11-20',
      recoveryPointArn: 'n/a',
      restoredBytes: 1,
      sourceBytes: 1,
      run: 'experiment EXP123',
    };
    const result = check({ catalog: cat, artifacts: artifacts(), today: '2026-11-28', evidence: [record] });
    const p = buildPosture({ catalog: cat, assessments: result.assessments, asOf: '2026-11-28' });
    expect(p.entries.find((e) => e.id === 'orders')!.modes.az.rto).toMatchObject({
      seconds: 90,
      bound: 'measured',
      status: 'met',
      evidence: { date: '2026-11-20', source: 'failover in eu-west-2, experiment EXP123', validUntil: '2027-02-18' },
    });
    const md = postureMarkdown(p, cat);
    expect(md).toContain('✅ RTO 1m 30s measured (2026-11-20, until 2027-02-18)');
    expect(md).toContain('## Evidence (1 field(s) measured)');
    expect(md).toContain(
      '| orders | Zone | RTO | 1m 30s measured | 2026-11-20 | failover in eu-west-2, experiment EXP123 | 2027-02-18 |',
    );
  });

  test('sections in order, with the counts and the why', () => {
    const a = artifacts();
    delete primary(a, 'MediaBucket').ReplicationConfiguration;
    const { cat, result, posture: p } = posture(a);
    const md = postureMarkdown(p, cat, { notes: notesFrom(result.assessments), findings: result.findings });
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    // Gaps and unverified figures count fields; acceptances are listed one per acceptance in use.
    expect(headings).toEqual([
      expect.stringMatching(/^## Gaps \(\d+ fields\)$/),
      expect.stringMatching(/^## Acceptances \(\d+\)$/),
      '## SLA budget: one incident at the RTO (0 mode(s) over it, not accepted)',
      expect.stringMatching(/^## Unverified \(\d+ fields\)$/),
      expect.stringMatching(/^## Expected: met by typical figures only \(\d+ fields\)$/),
      '## Evidence (0 field(s) measured)',
      '## Gold (gold)',
      '## Reasons of the acceptances',
      '## Zone outage: RTO target against achieved (minutes)',
    ]);
    expect(md).toMatch(
      /^\*\*In one minute:\*\* 7 entries × 4 failure modes — \d+ met, \d+ expected, \d+ accepted, \d+ unverified, \d+ gap, \d+ not applicable\. Gaps in [a-z, ]*media[a-z, ]*\./m,
    );
    expect(md).toContain(
      '| media | Region | RPO | 1d | no protection | none | backup-snapshot: recovery points are Regional; a Region loss needs a copy; s3-versioning: a bucket is Regional |',
    );
    // Every figure with its bound, and a picture of the matrix linked.
    expect(md).toContain('✅ RPO ≤ 0 worst<br>☑️ RTO 2m 30s typical');
    expect(md).toContain('](dr-posture.svg)');
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
      const p = buildPosture({ catalog: cat, assessments: result.assessments, asOf: '2026-11-28' });
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
        "The control's grain is whole hours; the figure the model gives the AWS Backup rules when every run succeeds is rounded up. Both read from the templates.",
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
      postureMarkdown(
        buildPosture({ catalog: catalog(), assessments: posture().result.assessments, asOf: '2026-11-28' }),
        catalog(),
      ),
    ).not.toContain('### Backup Audit Manager');
  });
});
