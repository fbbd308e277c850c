/**
 * AWS Backup: snapshot rules, continuous backup, cross-Region copy, and the vault lock they live under. A lock decides
 * which retentions a vault accepts (BKP-16); what survives a privileged attacker is the tier policy's concern
 * (`immutableBackups`, checked from the artifacts), not a figure here (docs/model.md, "Corruption").
 */
import { factValue, type FactId } from '../facts';
import { allNone, dataOnly, fromFact, known, none, protects, scheduled, unknown } from '../figure';
import type { Figure } from '../types';
import { pointInTimeCorruptionRpo, promotedByPlan, PROMOTE_INSTEAD } from './rds';
import { findSpec, type BackupResourceType, type MechanismModule, type VaultLockSpec } from './spec';

const NOT_REGIONAL = 'recovery points are Regional; a Region loss needs a copy';

function restoreTime(resourceType: BackupResourceType): Figure {
  const facts: FactId[] = resourceType === 'RDS' ? ['MECH-9', 'RDS-21'] : ['MECH-9'];
  return unknown(facts, 'restore time is not published');
}

/** Jobs whose retention falls outside the vault lock's bounds fail at run time (BKP-16). */
function lockRejects(lock: VaultLockSpec | null, retentionDays: number): boolean {
  return lock !== null && (retentionDays < lock.minRetentionDays || retentionDays > lock.maxRetentionDays);
}

export const backupSnapshot: MechanismModule<'backup-snapshot'> = {
  id: 'backup-snapshot',
  title: 'AWS Backup snapshot rule',
  row: 'MECH-9',
  // More frequent rules cost more: 2 for a daily rule, rising to 4.3 for an hourly one.
  cost: (s) => 2 + 0.1 * (86400 / s.intervalSeconds - 1),
  achieve: (spec) => {
    if (spec.intervalSeconds < factValue('BKP-1')) {
      return allNone('AWS Backup rejects snapshot rules less than 60 minutes apart', ['BKP-1']);
    }
    if (spec.startWindowSeconds < factValue('BKP-3')) {
      return allNone('StartWindowMinutes must be at least 60 minutes', ['BKP-3']);
    }
    if (lockRejects(spec.vaultLock, spec.retentionDays)) {
      return allNone(`retention ${spec.retentionDays} d is outside the vault lock bounds: jobs fail`, ['BKP-16']);
    }
    // A recovery point is usable once its job completes; the completion window counts from the scheduled time (BKP-4).
    // A job can fail or expire (BKP-3): the bound holds one missed run, so the point before it is two intervals old.
    const rpo = scheduled(
      known(
        2 * spec.intervalSeconds + spec.completionWindowSeconds,
        'worst',
        ['MECH-9', 'BKP-1', 'BKP-3', 'BKP-4'],
        'twice the schedule interval (one missed run) plus the completion window',
      ),
      spec.intervalSeconds + spec.completionWindowSeconds,
      'schedule interval plus completion window (every run succeeds)',
    );
    const local = protects(rpo, restoreTime(spec.resourceType));
    return {
      instance: local,
      az: local,
      region: none(NOT_REGIONAL, ['MECH-9']),
      corruption: local,
    };
  },
};

export const backupContinuous: MechanismModule<'backup-continuous'> = {
  id: 'backup-continuous',
  title: 'AWS Backup continuous backup (PITR owned by AWS Backup)',
  row: 'MECH-10',
  cost: () => 3,
  achieve: (spec, _ctx, set) => {
    if (spec.resourceType === 'EBS') return allNone('no continuous backup for EBS', ['BKP-6']);
    if (spec.instanceRetentionDays !== undefined && spec.instanceRetentionDays < 1) {
      return allNone('the DB instance’s retention 0 turns off the automated backups continuous backup is made of', [
        'RDS-4',
        'BKP-7',
      ]);
    }
    // Two settings for one thing: the weaker counts.
    const retentionDays = Math.min(spec.retentionDays, spec.instanceRetentionDays ?? spec.retentionDays);
    if (retentionDays < 1 || retentionDays > factValue('BKP-5', 'maxRetentionDays')) {
      return allNone(`continuous retention must be 1–35 days, got ${retentionDays}`, ['BKP-5']);
    }
    if (lockRejects(spec.vaultLock, retentionDays)) {
      return allNone(`retention ${retentionDays} d is outside the vault lock bounds: jobs fail`, ['BKP-16']);
    }
    const restore = restoreTime(spec.resourceType);
    // RDS continuous backups are RDS automated backups underneath (BKP-7): logs reach S3 every 5 minutes.
    const latest =
      spec.resourceType === 'RDS'
        ? fromFact('RDS-2', 'typical', ['RDS-1', 'BKP-7', 'MECH-10'])
        : fromFact('BKP-5', 'typical', ['MECH-10']);
    const toTheSecond =
      spec.resourceType === 'RDS' ? pointInTimeCorruptionRpo(set) : fromFact('BKP-5', 'typical', ['MECH-10']);
    return {
      instance: protects(latest, restore),
      az: protects(latest, restore),
      region: none('continuous backups are Regional; copies become snapshots', ['MECH-10', 'BKP-10']),
      corruption: protects(toTheSecond, restore),
    };
  },
};

export const backupCopy: MechanismModule<'backup-copy'> = {
  id: 'backup-copy',
  title: 'AWS Backup cross-Region copy',
  row: 'MECH-11',
  cost: () => 3,
  achieve: (spec, ctx, set) => {
    if (spec.resourceType === 'RDS' && findSpec(set, 'rds-multi-az-cluster')) {
      return allNone('Multi-AZ DB cluster snapshots cannot be copied', ['BKP-11']);
    }
    if (lockRejects(spec.vaultLock, spec.retentionDays)) {
      return allNone(`copy retention ${spec.retentionDays} d is outside the DR vault lock bounds`, ['BKP-16']);
    }
    const rpo = scheduled(
      unknown(
        ['MECH-11', 'BKP-13'],
        'twice the rule interval (one missed run) plus completion window plus copy time; copy time is not published',
        2 * spec.ruleIntervalSeconds + spec.ruleCompletionWindowSeconds,
      ),
      spec.ruleIntervalSeconds + spec.ruleCompletionWindowSeconds,
      'rule interval plus completion window plus copy time (every run succeeds); copy time is not published',
    );
    // A restored EBS volume is of use only to compute that can attach it.
    const copied =
      spec.resourceType === 'EBS' && !ctx.drCompute
        ? dataOnly(rpo, 'no compute in the DR Region to attach a restored volume to', ['OTH-4'])
        : protects(rpo, unknown(['MECH-11'], 'restore in the DR Region; not published'));
    const notAPath = none('a copy in another Region is not the path for a failure inside the primary Region', [
      'MECH-11',
    ]);
    return {
      instance: notAPath,
      az: notAPath,
      region: spec.resourceType === 'RDS' && promotedByPlan(set) ? none(PROMOTE_INSTEAD, ['MECH-5', 'ARC-8']) : copied,
      corruption: copied,
    };
  },
};
