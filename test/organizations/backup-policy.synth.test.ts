/**
 * The tiers' backup rules as AWS Organizations backup policies: per tier, the rules are the plan's `backup-snapshot`
 * specs (and the app's synthesized backup plans say the same), in the policy syntax of the AWS Organizations User
 * Guide; the CloudFormation template carries them as AWS::Organizations::Policy; `dr org-policy` writes both.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../lib/catalog';
import { awsCronForInterval, scheduleInterval } from '../../lib/schedule';
import type { MechanismSpec, SpecOf } from '../../lib/model';
import { backupServiceRoleName, vaultName } from '../../lib/names';
import {
  MAX_POLICY_CHARACTERS,
  orgBackupPolicies,
  SCHEDULE_HOUR_UTC,
  type BackupPolicyDocument,
  type PolicyRule,
} from '../../lib/organizations/backup-policy';
import { organizationTemplate } from '../../constructs/organization-stack';
import { mechanisms, planCatalog, type CatalogPlan } from '../../lib/catalog-plan';
import { run } from '../../bin/dr';
import { capture } from '../checker/io';
import { stackNames, template } from '../support/synthesized';

const lomash = planCatalog(loadCatalog('dr-targets.yaml'));

async function runDr(argv: readonly string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  const io = capture();
  await run(argv, io);
  return { code: io.code, out: io.out_.join('\n'), err: io.err_.join('\n') };
}

function onlyPlan(doc: BackupPolicyDocument) {
  const plans = Object.values(doc.plans);
  expect(plans).toHaveLength(1);
  return plans[0]!;
}

/** What a rule says, in the plan's terms: interval, windows, retention, copy retention. */
function ruleSpec(rule: PolicyRule): string {
  const copy = rule.copy_actions ? Object.values(rule.copy_actions)[0]!.lifecycle.delete_after_days['@@assign'] : '-';
  return [
    rule.schedule_expression['@@assign'],
    rule.start_backup_window_minutes['@@assign'],
    rule.complete_backup_window_minutes['@@assign'],
    rule.lifecycle.delete_after_days['@@assign'],
    copy,
  ].join(' ');
}

function specOf(rule: SpecOf<'backup-snapshot'>, copies: readonly SpecOf<'backup-copy'>[]): string {
  const copy = copies.find((c) => c.ruleIntervalSeconds === rule.intervalSeconds);
  return [
    awsCronForInterval(rule.intervalSeconds, SCHEDULE_HOUR_UTC),
    rule.startWindowSeconds / 60,
    rule.completionWindowSeconds / 60,
    rule.retentionDays,
    copy ? copy.retentionDays : '-',
  ].join(' ');
}

/** Every leaf value of the policy sits under @@assign (the policy syntax), and numbers are strings. */
function leavesOutsideAssign(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [path];
  return Object.entries(value).flatMap(([k, v]) =>
    k === '@@assign' ? (typeof v === 'number' ? [`${path} is a number`] : []) : leavesOutsideAssign(v, `${path}/${k}`),
  );
}

describe('orgBackupPolicies: the Lomash Wood catalog', () => {
  const { policies, skipped } = orgBackupPolicies(lomash);

  it('gives each tier with snapshot rules one policy, named by lib/names', () => {
    expect(policies.map((p) => [p.tier, p.name])).toEqual([
      ['tier-1', 'lomash-wood-tier-1-backup-policy'],
      ['tier-2', 'lomash-wood-tier-2-backup-policy'],
      ['tier-3', 'lomash-wood-tier-3-backup-policy'],
    ]);
    expect(skipped).toEqual([]);
  });

  it.each(['tier-1', 'tier-2', 'tier-3'])(
    "%s: the rules are the distinct backup-snapshot specs of the tier's asset plans",
    (tier) => {
      const policy = policies.find((p) => p.tier === tier)!;
      const assets = lomash.catalog.assets.filter((a) => a.tier === tier);
      const expected = new Set(
        assets.flatMap((a) => {
          const p = lomash.assets.get(a.id)!;
          return mechanisms(p, 'backup-snapshot').map((r) => specOf(r, mechanisms(p, 'backup-copy')));
        }),
      );
      const rules = onlyPlan(policy.content).rules;
      expect(new Set(Object.values(rules).map(ruleSpec))).toEqual(expected);
      expect(policy.assets).toEqual(
        assets.filter((a) => mechanisms(lomash.assets.get(a.id)!, 'backup-snapshot').length > 0).map((a) => a.id),
      );
      for (const rule of Object.values(rules))
        expect(rule.target_backup_vault_name['@@assign']).toBe(vaultName(lomash.catalog.naming, tier));
    },
  );

  it('selects by the dr:tier tag in the primary Region, with the backup role of lib/names in each account ($account)', () => {
    for (const p of policies) {
      const plan = onlyPlan(p.content);
      expect(plan.regions['@@assign']).toEqual(['eu-west-2']);
      expect(Object.values(plan.selections.tags)).toEqual([
        {
          iam_role_arn: { '@@assign': `arn:aws:iam::$account:role/${backupServiceRoleName(lomash.catalog.naming)}` },
          tag_key: { '@@assign': 'dr:tier' },
          tag_value: { '@@assign': [p.tier] },
        },
      ]);
    }
  });

  it('keeps continuous backup out of the tier policy: it is chosen per asset (PITR drills)', () => {
    expect(
      lomash.catalog.assets.some((a) => mechanisms(lomash.assets.get(a.id)!, 'backup-continuous').length > 0),
    ).toBe(true);
    expect(JSON.stringify(policies)).not.toContain('enable_continuous_backup');
  });

  it('is written in the policy syntax: every value under @@assign, numbers as strings, within the size quota', () => {
    for (const p of policies) {
      expect(leavesOutsideAssign(p.content)).toEqual([]);
      expect(JSON.stringify(p.content).length).toBeLessThanOrEqual(MAX_POLICY_CHARACTERS);
      for (const name of Object.keys(onlyPlan(p.content).rules)) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,50}$/);
    }
  });

  it("says what the app's synthesized backup plans say: every snapshot rule there is a rule of its tier's policy, and back", () => {
    const deployed = new Map<string, Set<string>>();
    for (const name of stackNames()) {
      for (const r of Object.values(template(name).Resources).filter((x) => x.Type === 'AWS::Backup::BackupPlan')) {
        const props = r.Properties as {
          BackupPlan: { BackupPlanRule: Record<string, unknown>[] };
          BackupPlanTags: Record<string, string>;
        };
        const tier = props.BackupPlanTags['dr:tier']!;
        type Copies = { Lifecycle: { DeleteAfterDays: number } }[] | undefined;
        // Beside a continuous rule, the daily copy rides the continuous rule and the snapshot rule starts after its
        // completion window (BKP-26, BKP-28). Policies leave continuous backup out, so they write the plain
        // arrangement: the snapshot rule at the plans' hour, with the copy.
        const continuous = props.BackupPlan.BackupPlanRule.find((x) => x.EnableContinuousBackup === true);
        for (const rule of props.BackupPlan.BackupPlanRule.filter((x) => x !== continuous)) {
          const lifecycle = rule.Lifecycle as { DeleteAfterDays: number };
          const interval = scheduleInterval(rule.ScheduleExpression as string, 'aws') as { seconds: number };
          const copies =
            (rule.CopyActions as Copies) ??
            (interval.seconds === 86400 ? (continuous?.CopyActions as Copies) : undefined);
          const copy = copies?.[0]?.Lifecycle.DeleteAfterDays ?? '-';
          const spec = [
            continuous ? awsCronForInterval(interval.seconds, SCHEDULE_HOUR_UTC) : rule.ScheduleExpression,
            rule.StartWindowMinutes,
            rule.CompletionWindowMinutes,
            lifecycle.DeleteAfterDays,
            copy,
          ].join(' ');
          deployed.set(tier, (deployed.get(tier) ?? new Set()).add(spec));
        }
      }
    }
    const policy = new Map(
      policies.map((p) => [p.tier, new Set(Object.values(onlyPlan(p.content).rules).map(ruleSpec))]),
    );
    expect(policy).toEqual(deployed);
  });
});

describe('orgBackupPolicies: copies and tiers without rules', () => {
  /** The Lomash plan with one asset copying after its daily rule to the DR vault, for `copyDays` (its own copy replaced). */
  function withCopy(plan: CatalogPlan, assetId: string, copyDays: number): CatalogPlan {
    const p = plan.assets.get(assetId)!;
    const rule = mechanisms(p, 'backup-snapshot')[0]!;
    const copy: MechanismSpec = {
      id: 'backup-copy',
      resourceType: rule.resourceType,
      ruleIntervalSeconds: rule.intervalSeconds,
      ruleCompletionWindowSeconds: rule.completionWindowSeconds,
      retentionDays: copyDays,
      vaultLock: rule.vaultLock,
    };
    const others = p.mechanisms.filter((m) => m.id !== 'backup-copy');
    return { ...plan, assets: new Map([...plan.assets, [assetId, { ...p, mechanisms: [...others, copy] }]]) };
  }

  it("adds the copy to the DR Region's tier vault of the receiving account when any asset of the tier copies after that rule", () => {
    // Tier 3 does not copy offsite in the catalog; one asset that does brings the copy action into the tier's policy.
    const before = onlyPlan(orgBackupPolicies(lomash).policies.find((p) => p.tier === 'tier-3')!.content).rules[
      'every-24h'
    ]!;
    expect(before.copy_actions).toBeUndefined();
    const { policies } = orgBackupPolicies(withCopy(lomash, 'lomash_analytics', 30));
    const tier3 = onlyPlan(policies.find((p) => p.tier === 'tier-3')!.content).rules['every-24h']!;
    const arn = 'arn:aws:backup:eu-west-1:$account:backup-vault:lomash-wood-tier-3';
    expect(tier3.copy_actions).toEqual({
      [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '30' } } },
    });
  });

  it('carries the plan’s own offsite copies (tiers with offsiteCopy: true)', () => {
    const tier2 = onlyPlan(orgBackupPolicies(lomash).policies.find((p) => p.tier === 'tier-2')!.content).rules[
      'every-24h'
    ]!;
    const arn = 'arn:aws:backup:eu-west-1:$account:backup-vault:lomash-wood-tier-2';
    expect(tier2.copy_actions).toEqual({
      [arn]: { target_backup_vault_arn: { '@@assign': arn }, lifecycle: { delete_after_days: { '@@assign': '35' } } },
    });
  });

  it('keeps the longest copy retention when two assets of a tier copy after the same rule', () => {
    const { policies } = orgBackupPolicies(withCopy(lomash, 'lomash_content', 40));
    const copy = Object.values(
      onlyPlan(policies.find((p) => p.tier === 'tier-2')!.content).rules['every-24h']!.copy_actions!,
    )[0]!;
    expect(copy.lifecycle.delete_after_days['@@assign']).toBe('40');
  });

  it('says why a tier gets no policy (Fernhill Books: only gold has snapshot rules)', () => {
    const { policies, skipped } = orgBackupPolicies(planCatalog(loadCatalog('test/fixtures/bookshop.yaml')));
    expect(policies.map((p) => p.tier)).toEqual(['gold']);
    expect(skipped).toEqual([
      { tier: 'platinum', reason: 'no asset of this tier has an AWS Backup snapshot rule in the plan' },
      { tier: 'silver', reason: 'no asset of this tier has an AWS Backup snapshot rule in the plan' },
      { tier: 'bronze', reason: 'no asset in this tier' },
    ]);
  });
});

describe('organizationTemplate: AWS::Organizations::Policy per tier', () => {
  const { policies } = orgBackupPolicies(lomash);

  it('carries each policy as a JSON object of type BACKUP_POLICY, attached where asked, with no bootstrap parameter', () => {
    const { stackName, template: t } = organizationTemplate(lomash.catalog.naming, policies, ['ou-ab12-abcdefgh']);
    expect(stackName).toBe('LomashWoodDrOrganization');
    const resources = t.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(Object.keys(resources)).toEqual(['Tier1BackupPolicy', 'Tier2BackupPolicy', 'Tier3BackupPolicy']);
    for (const p of policies) {
      const r = Object.values(resources).find((x) => x.Properties.Name === p.name)!;
      expect(r.Type).toBe('AWS::Organizations::Policy');
      expect(r.Properties.Type).toBe('BACKUP_POLICY');
      expect(r.Properties.Content).toEqual(p.content);
      expect(r.Properties.TargetIds).toEqual(['ou-ab12-abcdefgh']);
    }
    expect(t.Parameters).toBeUndefined();
  });

  it('refuses a target that is not a root, an OU or an account', () => {
    expect(() => organizationTemplate(lomash.catalog.naming, policies, ['my-ou'])).toThrow(
      /`targetIds` must be roots \(r-…\), OUs \(ou-…-…\) or 12-digit accounts, got 'my-ou'/,
    );
  });
});

describe('dr org-policy', () => {
  it('writes one policy file per tier and the template, and says where each came from', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dr-org-policy-'));
    const r = await runDr(['org-policy', '--out', out, '--target-id', 'r-ab12']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'LomashWoodDrOrganization.template.json',
      'lomash-wood-tier-1-backup-policy.json',
      'lomash-wood-tier-2-backup-policy.json',
      'lomash-wood-tier-3-backup-policy.json',
    ]);
    const tier1 = JSON.parse(
      readFileSync(join(out, 'lomash-wood-tier-1-backup-policy.json'), 'utf8'),
    ) as BackupPolicyDocument;
    expect(tier1).toEqual(orgBackupPolicies(lomash).policies[0]!.content);
    expect(r.out).toContain(
      `tier-1: ${join(out, 'lomash-wood-tier-1-backup-policy.json')} — rules every-24h; from 6 asset(s) of this catalog`,
    );
    expect(r.out).toContain('3 AWS::Organizations::Policy, attached to r-ab12; deploy it in the management account');
  });

  it('exits 2 on a target id it cannot attach to, before writing anything', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dr-org-policy-')), 'out');
    const r = await runDr(['org-policy', '--out', out, '--target-id', 'production']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--target-id expects a root (r-…), an OU (ou-…-…) or a 12-digit account, got production');
    expect(() => readdirSync(out)).toThrow();
  });
});
