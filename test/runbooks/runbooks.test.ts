/**
 * Runbooks from the checker's reading of the artifacts (test/checker/fixture-app.ts) and the names lib/names gives
 * them: per entry and mode the posture's figures, the mechanisms' steps with the deployed identifiers, the team's
 * notes where the catalog puts them, who to call and the drills; deterministic text.
 */
import { readFileSync } from 'node:fs';
import { parseCatalog, type Catalog } from '../../lib/catalog';
import { check, type CheckResult } from '../../lib/checker';
import { buildPosture } from '../../lib/posture';
import { runbooks, stepFor } from '../../lib/runbooks';
import { artifacts, CATALOG_FILE } from '../checker/fixture-app';

const NOTES = `    runbook:
      - modes: [corruption]
        title: Tell the shops
        text: Post the outage on the status page before the restore starts.
        command: |
          curl -X POST https://status.example.com/incidents
`;

function books(edit: (t: string) => string = (t) => t): { files: ReadonlyMap<string, string>; result: CheckResult } {
  const catalog: Catalog = parseCatalog(edit(readFileSync(CATALOG_FILE, 'utf8')), CATALOG_FILE);
  const result = check({ catalog, artifacts: artifacts(), today: '2026-11-28' });
  const posture = buildPosture({
    catalog,
    assessments: result.assessments,
    asOf: '2026-11-28',
    budgets: result.budgets,
  });
  const mechanisms = (id: string) => result.entries.get(id)!.groups.flatMap((g) => g.mechanisms);
  return { files: runbooks({ catalog, posture, mechanisms }), result };
}

/** The text of one mode's section of a runbook. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start).toBeGreaterThan(0);
  const end = text.indexOf('\n## ', start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('runbooks', () => {
  const { files } = books();

  test('one per catalog entry and an index linking every mode', () => {
    expect([...files.keys()]).toEqual([
      'README.md',
      ...['web', 'orders', 'media', 'secrets', 'sessions', 'cache', 'config'].map((id) => `${id}.md`),
    ]);
    expect(files.get('README.md')).toMatch(
      /^\| \[orders\]\(orders\.md\) \| mysql \| gold \| \[☑️ expected\]\(orders\.md#instance\) \| \[☑️ expected\]\(orders\.md#zone\) \|/m,
    );
  });

  test('a database: its identifiers, the failover to watch, and the restore with its vault, role and endpoint swap', () => {
    const orders = files.get('orders.md')!;
    expect(orders).toContain('| DB instance | `example-co-orders` in eu-west-2 |');
    expect(orders).toContain('| Master secret | `example-co/db/orders` |');
    expect(section(orders, 'Zone')).toContain(
      'aws rds describe-events --region eu-west-2 --source-type db-instance --source-identifier example-co-orders --duration 60',
    );
    const corruption = section(orders, 'Corruption');
    expect(corruption).toMatch(
      /aws backup list-recovery-points-by-resource --region eu-west-2 --resource-arn arn:aws:rds:eu-west-2:123456789012:db:example-co-orders/,
    );
    expect(corruption).toContain('--iam-role-arn arn:aws:iam::123456789012:role/example-co-restore-testing');
    expect(corruption).toContain('--new-db-instance-identifier example-co-orders-damaged');
    expect(corruption).toContain('- `dr drill orders`: restore the newest recovery point into a new resource');
    // The zone loss is automatic: no restore in that section.
    expect(section(orders, 'Zone')).not.toContain('start-restore-job');
  });

  test("a service's health signal and RTO alarm; none declared says so; a database's failover events", () => {
    expect(files.get('web.md')).toContain(
      '| Health signal | `Shop/Up` (Minimum), healthy when `>= 1` |\n| RTO alarm | `example-co-web-rto`: ALARM after 10 unhealthy minute(s) in a row (the RTO), OK once healthy again |',
    );
    const canary = books((t) =>
      t.replace(/ {4}health: \{ metric: .*\}\n/, '    health: { url: https://shop.example/health/ready }\n'),
    ).files.get('web.md')!;
    expect(canary).toContain(
      '| Health signal | canary `example-co-web` requests `https://shop.example/health/ready` every minute |',
    );
    const none = books((t) => t.replace(/ {4}health: \{ metric: .*\}\n/, '')).files.get('web.md')!;
    expect(none).toContain(
      '| Health signal | none declared (`DR-HEALTH-SIGNAL`): no alarm says when it is down or back |',
    );
    expect(none).not.toContain('RTO alarm');
    expect(files.get('orders.md')).toMatch(/\| Health signal \| its Multi-AZ failover events \(RDS-EVENT-0013 started/);
  });

  test('the posture is carried as it is: figures with their bounds, the SLA budget, acceptances and no evidence yet', () => {
    const zone = section(files.get('orders.md')!, 'Zone');
    expect(zone).toContain('**Posture:** ✅ RPO ≤ 0 worst against 15m · ☑️ RTO 2m 30s typical against 30m — expected.');
    expect(zone).toMatch(
      /\*\*SLA budget:\*\* one incident of 30m uses \d+ % of the .* a month 90 % allows \(within\)\./,
    );
    expect(zone).toContain('**Evidence:** none recorded for this mode');
    expect(section(files.get('web.md')!, 'Region')).toContain(
      '**Accepted** (rto; ops, until 2027-06-30): No compute runs in the DR Region yet',
    );
  });

  test('a service links each dependency’s runbook at the same mode, with its status', () => {
    expect(section(files.get('web.md')!, 'Corruption')).toMatch(
      /\*\*Depends on:\*\* \[orders\]\(orders\.md#corruption\) \(\w+\), \[secrets\]\(secrets\.md#corruption\)/,
    );
  });

  test('a bucket, a Redis with Sentinel and shipped snapshots, a cache: the commands name what is deployed', () => {
    expect(section(files.get('media.md')!, 'Region')).toContain('`example-co-media-123456789012-eu-west-1`');
    const sessions = files.get('sessions.md')!;
    expect(section(sessions, 'Instance')).toContain(
      "kubectl -n shop logs statefulset/sessions -c sentinel | grep -E '\\+(odown|switch-master)'",
    );
    expect(section(sessions, 'Corruption')).toContain(
      '--bucket example-co-redis-snapshots-123456789012-eu-west-2 --prefix sessions/',
    );
    expect(section(files.get('cache.md')!, 'Corruption')).toContain('kubectl -n shop rollout restart deployment/cache');
  });

  test('who to call: the contacts the catalog names, each with why', () => {
    expect(files.get('orders.md')).toMatch(
      /^\| Operations \| ops@example\.com \| receives the DR alerts \(failed jobs, tampering, alarms\)/m,
    );
  });

  test("the team's own steps appear in the modes the catalog gives them, and only there", () => {
    const withNotes = books((t) => t.replace('    backupMethod: PITR\n', `    backupMethod: PITR\n${NOTES}`)).files;
    const orders = withNotes.get('orders.md')!;
    expect(section(orders, 'Corruption')).toMatch(
      /\d\. \*\*Tell the shops\.\*\* Post the outage on the status page before the restore starts\.\n\n {3}```sh\n {3}curl -X POST https:\/\/status\.example\.com\/incidents\n {3}```/,
    );
    for (const other of ['Instance', 'Zone', 'Region']) expect(section(orders, other)).not.toContain('Tell the shops');
  });

  test('deterministic: the same inputs give the same bytes', () => {
    expect([...books().files]).toEqual([...files]);
  });
});

describe('the Region switch plan in a runbook', () => {
  const catalog = parseCatalog(readFileSync(CATALOG_FILE, 'utf8'), CATALOG_FILE);
  const c = { catalog, naming: catalog.naming, id: 'orders', tier: 'gold', namespace: 'shop' };
  const spec = {
    id: 'region-switch',
    path: 'restore',
    serving: 'restore-orders',
    steps: [
      { name: 'approve-failover', work: 'approval', timeoutSeconds: 3600 },
      { name: 'data', work: 'parallel', timeoutSeconds: null, steps: [] },
    ],
  } as const;

  test('region: start it from the DR Region, graceful, approve each approval step by name as the approver role', () => {
    const step = stepFor(c, spec, 'region')!;
    expect(step.title).toBe('Run the Region switch plan into eu-west-1');
    expect(step.text).toMatch(/^The plan's step `restore-orders` restores its database into the DR network\. /);
    expect(step.text).toContain('there is no practice mode');
    const commands = step.commands!.join('\n');
    expect(commands).toContain(
      'aws arc-region-switch start-plan-execution --region eu-west-1 --plan-arn arn:aws:arc-region-switch::123456789012:plan/example-co-region-switch:<id>',
    );
    expect(commands).toContain('--action activate --mode graceful');
    expect(commands).toMatch(
      /--step-name approve-failover --approval approve {3}# as example-co-region-switch-approver$/m,
    );
    expect(commands.match(/approve-plan-execution-step/g)).toHaveLength(1);
  });

  test('every other mode: nothing (the plan moves a Region only)', () => {
    for (const mode of ['instance', 'az', 'corruption'] as const)
      expect([mode, stepFor(c, spec, mode)]).toEqual([mode, undefined]);
  });
});

describe('experiments in the runbooks', () => {
  const { files } = books();

  test('each entry names the experiment of its mode and what stops it; a service its SLO alarms', () => {
    const orders = files.get('orders.md')!;
    expect(section(orders, 'Instance')).toContain(
      '`dr drill orders --mode instance`: the FIS experiment `example-co-orders-instance` forces a Multi-AZ failover, stopped (a fail) by `example-co-orders-unavailable`',
    );
    expect(section(orders, 'Zone')).toMatch(
      /`dr drill orders --mode az`: the FIS experiments `example-co-az-eu-west-2a`, `example-co-az-eu-west-2b`, `example-co-az-eu-west-2c` \(one per zone\), stopped \(a fail\) by `example-co-az-experiment-stop`.*a zone that holds no database primary cannot start/,
    );
    const web = files.get('web.md')!;
    expect(section(web, 'Instance')).toContain('the FIS experiment `example-co-web-instance` deletes one pod');
    expect(web).toMatch(
      /\| SLO alarms \| .*`example-co-web-slo-page-1h`, `example-co-web-slo-page-6h`, `example-co-web-slo-ticket-1d`/,
    );
    expect(section(files.get('sessions.md')!, 'Instance')).toMatch(
      /`example-co-sessions-instance` deletes one Redis pod — any of them: Sentinel moves the primary/,
    );
    // A bucket has no experiment of its own in either mode; the cache no Redis pod experiment (not kind redis).
    expect(section(files.get('media.md')!, 'Instance')).not.toContain('FIS experiment');
    expect(section(files.get('media.md')!, 'Zone')).not.toContain('FIS experiment');
    expect(files.get('cache.md')!).not.toContain('FIS experiment');
  });

  test("without any health signal: no experiment but the databases' forced failover, no SLO alarms", () => {
    const quiet = books((t) => t.replace(/\n {4}health: .*\n/g, '\n')).files;
    expect(quiet.get('web.md')).not.toContain('FIS experiment');
    expect(quiet.get('web.md')).not.toContain('SLO alarms');
    expect(section(quiet.get('orders.md')!, 'Instance')).toContain('`example-co-orders-instance`');
    expect(section(quiet.get('orders.md')!, 'Zone')).not.toContain('FIS experiment');
  });
});
