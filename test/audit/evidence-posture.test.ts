/**
 * From the account to the posture: `dr audit --evidence` reads AWS Backup restore-testing jobs (aws-sdk-client-mock)
 * into the evidence file, with the run that measured each; the checker's evidence rules then change the posture —
 * a passing measurement makes an unverified RTO met, a failing one a gap, an expired record leaves the model's figure
 * and a DR-EVIDENCE-EXPIRED warning. lomash_appointments (a PITR-drill database, corruption RTO 20 minutes), with the
 * tiers' declared recovery overhead cut to 5 minutes so that a restore can pass.
 */
import './support/aws-env';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeRecoveryPointCommand, ListRestoreJobsByProtectedResourceCommand } from '@aws-sdk/client-backup';
import { run } from '../../bin/dr';
import { contextFor, parseCatalog } from '../../lib/catalog';
import { planCatalog } from '../../lib/catalog-plan';
import { judgeEvidence, parseEvidence, type EvidenceRecord } from '../../lib/checker/evidence';
import { assess } from '../../lib/model';
import { buildPosture, postureJson, type PostureMode } from '../../lib/posture';
import { capture } from '../checker/io';
import { healthyAccountPerTest, resourceArnOf } from './support/account';
import { load } from './support/lomash';

const lomash = load();
const APPOINTMENTS = lomash.target('lomash_appointments');
const PLAN_ARN = 'arn:aws:backup:eu-west-2:111111111111:restore-testing-plan:lomash_wood_database_pitr_restore-a1b2c3';
const MINUTE = 60;

/** The shipped catalog with a 5-minute recovery overhead (detect 1m, decide 2m, repoint 2m). */
const catalog = parseCatalog(
  readFileSync('dr-targets.yaml', 'utf8').replace(
    'recovery: &recovery { detect: 5m, decide: 10m, repoint: 5m, region: { decide: 55m } }',
    'recovery: &recovery { detect: 1m, decide: 2m, repoint: 2m, region: { decide: 55m } }',
  ),
  'dr-targets.yaml',
);
const plan = planCatalog(catalog);

/** lomash_appointments' corruption mode with these records as evidence, judged on `today`. */
function corruption(records: readonly EvidenceRecord[], today: string): { mode: PostureMode; warnings: string[] } {
  const asset = catalog.assets.find((a) => a.id === 'lomash_appointments')!;
  const judged = judgeEvidence(records, catalog, today);
  const assessment = assess(asset, plan.assets.get(asset.id)!.mechanisms, contextFor(catalog, asset.tier), {
    evidence: judged.evidence,
  });
  const posture = buildPosture({ catalog, assessments: new Map([[asset.id, assessment]]), asOf: today });
  return { mode: posture.entries[0]!.modes.corruption, warnings: judged.findings.map((f) => `${f.rule} ${f.message}`) };
}

describe('dr audit --evidence: restore-testing jobs become dated evidence with the run that measured them', () => {
  const account = healthyAccountPerTest(lomash.targets);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-evidence-'));
    writeFileSync(join(dir, 'posture.json'), postureJson(lomash.posture));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Restore tests of lomash_appointments that finished an hour ago, each taking `minutes`. */
  function restoreTests(...jobs: { id: string; minutes: number; validation?: 'SUCCESSFUL' | 'FAILED' }[]): void {
    const end = Date.now() - 3600_000;
    account()
      .backup.on(ListRestoreJobsByProtectedResourceCommand, { ResourceArn: resourceArnOf(APPOINTMENTS) })
      .resolves({
        RestoreJobs: jobs.map((j) => ({
          RestoreJobId: j.id,
          Status: 'COMPLETED',
          CreationDate: new Date(end - j.minutes * MINUTE * 1000),
          CompletionDate: new Date(end),
          RecoveryPointArn: 'arn:aws:backup:eu-west-2:111111111111:recovery-point:continuous:db-appointments-1',
          BackupVaultArn: 'arn:aws:backup:eu-west-2:111111111111:backup-vault:lomash-wood-tier-1',
          BackupSizeInBytes: 5e9,
          CreatedBy: { RestoreTestingPlanArn: PLAN_ARN },
          ...(j.validation ? { ValidationStatus: j.validation } : {}),
        })),
      });
    account().backup.on(DescribeRecoveryPointCommand).resolves({ BackupSizeInBytes: 5e9 });
  }

  async function audit(): Promise<{ records: EvidenceRecord[]; errors: string[] }> {
    const io = capture();
    const file = join(dir, 'evidence.json');
    // The primary Region only: the mock answers every Region's client alike.
    await run(['audit', '--region', 'eu-west-2', '--posture', join(dir, 'posture.json'), '--evidence', file], io);
    return { records: parseEvidence(readFileSync(file, 'utf8'), file), errors: io.err_ };
  }

  test('a restore test is recorded with what was measured, when, and which job of which plan', async () => {
    restoreTests({ id: 'rt-1', minutes: 10, validation: 'SUCCESSFUL' });
    const { records, errors } = await audit();
    const mine = records.filter((r) => r.asset === 'lomash_appointments');
    expect(mine).toEqual([
      expect.objectContaining({
        mode: 'corruption',
        region: 'eu-west-2',
        recoveryKind: 'pitr-restore',
        durationSeconds: 600,
        date: new Date(Date.now() - 3600_000).toISOString().slice(0, 10),
        run: 'restore job rt-1 of restore testing plan lomash_wood_database_pitr_restore-a1b2c3',
      }),
    ]);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^dr audit: evidence: lomash_appointments · corruption: 600 s on \d{4}-\d\d-\d\d \(restore job rt-1 of/,
      ),
    );
  });

  test('a restore test whose validation failed is named, and is no evidence', async () => {
    restoreTests({ id: 'rt-bad', minutes: 5, validation: 'FAILED' });
    const { records, errors } = await audit();
    expect(records.filter((r) => r.asset === 'lomash_appointments')).toEqual([]);
    expect(errors).toContain(
      'dr audit: not evidence: lomash_appointments: restore job rt-bad of restore testing plan lomash_wood_database_pitr_restore-a1b2c3: its validation failed, so its time is no evidence',
    );
  });

  test('each measurement changes the posture: passing → met, failing → gap, expired → the model again', async () => {
    restoreTests({ id: 'rt-1', minutes: 10 });
    const passing = (await audit()).records.find((r) => r.asset === 'lomash_appointments')!;
    const today = passing.date;

    // Without evidence: a restore of unpublished length after 5 minutes of overhead: unverified.
    expect(corruption([], today).mode.rto).toMatchObject({ seconds: null, bound: 'unknown', status: 'unverified' });

    // Passing: 10 minutes measured + 5 declared = 15 minutes against 20: met, with its date, source and expiry.
    const met = corruption([passing], today);
    expect(met.mode.rto).toMatchObject({
      seconds: 15 * MINUTE,
      bound: 'measured',
      status: 'met',
      overheadSeconds: 300,
    });
    expect(met.mode.rto.evidence).toEqual({
      date: today,
      source:
        'pitr-restore in eu-west-2, restore job rt-1 of restore testing plan lomash_wood_database_pitr_restore-a1b2c3',
      validUntil: new Date(Date.parse(today) + 90 * 86400_000).toISOString().slice(0, 10),
    });
    expect(met.warnings).toEqual([]);

    // Failing: a second test of 18 minutes; the worst counts: 23 minutes against 20 is a gap.
    const failing: EvidenceRecord = { ...passing, durationSeconds: 18 * MINUTE, run: 'restore job rt-2' };
    expect(corruption([passing, failing], today).mode.rto).toMatchObject({
      seconds: 23 * MINUTE,
      bound: 'measured',
      status: 'gap',
    });

    // Expired: judged 91 days later the record no longer counts: the model's figure again, and a warning.
    const later = new Date(Date.parse(today) + 91 * 86400_000).toISOString().slice(0, 10);
    const expired = corruption([passing], later);
    expect(expired.mode.rto).toMatchObject({ bound: 'unknown', status: 'unverified' });
    expect(expired.mode.rto.evidence).toBeUndefined();
    expect(expired.warnings).toEqual([
      expect.stringMatching(
        /^DR-EVIDENCE-EXPIRED pitr-restore of lomash_appointments \(corruption, .*\): valid until .* for tier tier-1; it no longer counts$/,
      ),
    ]);
  });
});
