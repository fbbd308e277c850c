/**
 * Issue 14: what AWS's documentation says a real deploy would hit, checked on the synthesized app. Each test puts
 * one detail back as the templates had it before the issue, in a copy of cdk.out/, and `dr check` must refuse it with
 * its rule — and the app as synthesized has none of them (docs/aws.md, "What AWS requires").
 */
import { CATALOG, check, editResources, freshCopies, type Copy, type Json } from './mutate';
import { loadCatalog } from '../../lib/catalog';
import { planCatalog, mechanism } from '../../lib/catalog-plan';

const catalog = loadCatalog(CATALOG);
const plan = planCatalog(catalog);
const rules = <F extends { rule: string }>(fs: F[], rule: string) => fs.filter((f) => f.rule === rule);
type Rule = Json & { RuleName: string; ScheduleExpression: string; CopyActions?: unknown[] };
const planRules = (p: Json) => (p.BackupPlan as Json).BackupPlanRule as Rule[];

describe('what AWS requires, on the synthesized app', () => {
  let c: Copy;
  freshCopies((copied) => (c = copied));

  test('as synthesized: no finding of the issue’s rules', async () => {
    const r = await check(c);
    for (const rule of [
      'DR-KEY-REGION',
      'DR-RULE-OVERLAP',
      'DR-BACKUP-TAKEOVER',
      'DR-BACKUP-WINDOW',
      'DR-ECR-TEMPLATE',
    ])
      expect([rule, rules(r.findings, rule)]).toEqual([rule, []]);
  });

  test('secret replicas named by an alias the DR stack does not create: DR-KEY-REGION for each', async () => {
    const secrets = editResources(
      c,
      (r) => r.Type === 'AWS::SecretsManager::Secret',
      (p) =>
        void (p.ReplicaRegions = [{ Region: catalog.environment.drRegion, KmsKeyId: 'alias/lomash-wood/secrets' }]),
    );
    // As before issue 14: no stack of the DR Region has that alias (the primary's names a key of its own Region).
    expect(
      editResources(
        c,
        (r) => r.Type === 'AWS::KMS::Alias' && (r.Properties as Json).AliasName === 'alias/lomash-wood/secrets',
        (p) => void (p.AliasName = 'alias/lomash-wood/other'),
      ),
    ).toBe(2);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(rules(r.failing, 'DR-KEY-REGION')).toHaveLength(secrets);
    expect(rules(r.failing, 'DR-KEY-REGION')[0]!.message).toMatch(
      /ReplicaRegions\[0\]\.KmsKeyId names alias\/lomash-wood\/secrets, which no stack of the templates creates in eu-west-1/,
    );
  });

  test('the copy back on a snapshot rule at the continuous rule’s time: DR-RULE-OVERLAP, and the offsite copy is gone', async () => {
    const pitr = catalog.assets.filter((a) => mechanism(plan.assets.get(a.id)!, 'backup-continuous'));
    expect(pitr.length).toBeGreaterThan(0);
    const edited = editResources(
      c,
      (r) =>
        r.Type === 'AWS::Backup::BackupPlan' && planRules(r.Properties as Json).some((x) => x.EnableContinuousBackup),
      (p) => {
        const [continuous, snapshot] = planRules(p);
        snapshot!.ScheduleExpression = continuous!.ScheduleExpression;
        snapshot!.CopyActions = continuous!.CopyActions;
        delete continuous!.CopyActions;
      },
    );
    expect(edited).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(rules(r.failing, 'DR-RULE-OVERLAP').map((f) => f.message)).toEqual([
      expect.stringMatching(
        /rule every-24h copies to another vault, but its start window overlaps rule\(s\) continuous/,
      ),
    ]);
    const offsite = rules(r.failing, 'DR-OFFSITE-COPY').map((f) => f.entry);
    expect(offsite.sort()).toEqual(
      pitr
        .filter((a) => catalog.tiers.find((t) => t.id === a.tier)!.policy.offsiteCopy)
        .map((a) => a.id)
        .sort(),
    );
  });

  test('databases under a continuous rule with a backup window and another retention: DR-BACKUP-WINDOW, DR-BACKUP-TAKEOVER', async () => {
    const pitr = catalog.assets.filter((a) => mechanism(plan.assets.get(a.id)!, 'backup-continuous'))[0]!;
    const db = (r: Json) =>
      r.Type === 'AWS::RDS::DBInstance' &&
      (r.Properties as Json).SourceDBInstanceIdentifier === undefined &&
      ((r.Properties as Json).Tags as { Key: string; Value: string }[]).some((t) => t.Value === pitr.id);
    expect(editResources(c, db, (p) => void (p.PreferredBackupWindow = '01:00-01:30'))).toBe(1);
    let r = await check(c);
    expect(rules(r.findings, 'DR-BACKUP-WINDOW').map((f) => [f.entry, f.severity])).toEqual([[pitr.id, 'warning']]);
    editResources(c, db, (p) => void (p.BackupRetentionPeriod = 7));
    r = await check(c);
    expect(r.code).toBe(1);
    expect(rules(r.failing, 'DR-BACKUP-TAKEOVER').map((f) => f.entry)).toEqual([pitr.id]);
  });

  test('an ECR replication configuration without the DR stack’s creation template: DR-ECR-TEMPLATE', async () => {
    expect(
      editResources(
        c,
        (r) => r.Type === 'AWS::ECR::RepositoryCreationTemplate',
        (p) => void (p.AppliedFor = []),
      ),
    ).toBe(1);
    const r = await check(c);
    expect(r.code).toBe(1);
    expect(rules(r.failing, 'DR-ECR-TEMPLATE').map((f) => f.where)).toEqual([
      'LomashWoodDrPrimary/EcrReplication (AWS::ECR::ReplicationConfiguration)',
    ]);
  });
});
