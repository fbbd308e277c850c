/**
 * The evidence file (docs/artifacts.md, "Evidence"): measured restores the checker turns into RTO figures. This side
 * writes it; the format is fixed there. Records are merged without duplicates and kept in a stable order, so running
 * the audit twice changes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { FILE_LIMITS, FileReadError, readTextFile } from '../catalog';
import { dirname } from 'node:path';
import { InputError, parseEvidence, type EvidenceRecord } from '../checker';
import { kindModule, type AssetKind } from '../model';
import type { RestoreRecord } from './types';

// The format and where the file lives belong to the checker, which reads it; this side only writes records.
export { evidencePath, type EvidenceRecord } from '../checker';

export class EvidenceFileError extends Error {}

/** Continuous recovery points restore to a point in time; the rest are snapshots (BKP-5). */
export function recoveryKindOf(recoveryPointArn: string): string {
  return recoveryPointArn.includes(':continuous:') ? 'pitr-restore' : 'snapshot-restore';
}

/**
 * Why a restore of this kind's recovery point is no evidence of the asset's RTO, or undefined when it is: the model
 * says whether a restored point serves the data as it is (`restoreServes`). A restored volume does not until a pod
 * mounts it and the store loads it, which neither the drill nor AWS Backup times, so its time would understate the RTO.
 */
export function notEvidenceFor(kind: AssetKind): string | undefined {
  const k = kindModule(kind);
  if (k.restoreServes) return undefined;
  const restored = k.backupResourceType === 'EBS' ? 'EBS volume' : `${k.backupResourceType ?? 'backup'} recovery point`;
  return `a restored ${restored} is not yet a running ${kind} (mounting and loading it are not timed)`;
}

/**
 * A completed restore as evidence, or why it cannot be: a record needs both sizes, since the checker counts it only
 * when at least half the source was restored.
 */
/** Which run a restore was: the job, and the restore testing plan that started it (its name, from the ARN). */
export function runOf(r: Pick<RestoreRecord, 'id' | 'restoreTestingPlanArn'>, by?: string): string {
  const plan = r.restoreTestingPlanArn?.split(':restore-testing-plan:')[1];
  return `restore job ${r.id}${plan ? ` of restore testing plan ${plan}` : by ? ` of ${by}` : ''}`;
}

export function evidenceOf(asset: string, drRegion: string, r: RestoreRecord, by?: string): EvidenceRecord | string {
  if (r.status !== 'COMPLETED' || !r.completed) return `restore job ${r.id} did not complete`;
  // A restore test whose validation failed restored something that does not work: its time proves nothing (OTH-64).
  if (r.validationStatus === 'FAILED' || r.validationStatus === 'TIMED_OUT') {
    return `${runOf(r)}: its validation ${r.validationStatus === 'FAILED' ? 'failed' : 'timed out'}, so its time is no evidence`;
  }
  if (!r.recoveryPointArn) return `restore job ${r.id} names no recovery point`;
  if (r.restoredBytes === undefined || r.sourceBytes === undefined) {
    return `restore job ${r.id}: AWS Backup reported no ${r.restoredBytes === undefined ? 'restored' : 'recovery point'} size, so it cannot count as evidence`;
  }
  return {
    asset,
    mode: r.region === drRegion ? 'region' : 'corruption',
    region: r.region,
    recoveryKind: recoveryKindOf(r.recoveryPointArn),
    durationSeconds: Math.round((r.completed.getTime() - r.created.getTime()) / 1000),
    date: r.completed.toISOString().slice(0, 10),
    recoveryPointArn: r.recoveryPointArn,
    restoredBytes: r.restoredBytes,
    sourceBytes: r.sourceBytes,
    run: runOf(r, by),
  };
}

const KEYS: readonly (keyof EvidenceRecord)[] = [
  'asset',
  'mode',
  'region',
  'recoveryKind',
  'durationSeconds',
  'date',
  'recoveryPointArn',
  'restoredBytes',
  'sourceBytes',
  'run',
  'measured',
];

/** Field order fixed, so equal records serialize equally. */
function canonical(r: EvidenceRecord): EvidenceRecord {
  return Object.fromEntries(KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]])) as unknown as EvidenceRecord;
}

export function mergeEvidence(existing: readonly EvidenceRecord[], added: readonly EvidenceRecord[]): EvidenceRecord[] {
  const byKey = new Map<string, EvidenceRecord>();
  for (const r of [...existing, ...added].map(canonical)) byKey.set(JSON.stringify(r), r);
  return [...byKey.values()].sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.asset.localeCompare(b.asset) ||
      a.mode.localeCompare(b.mode) ||
      (a.recoveryPointArn ?? '').localeCompare(b.recoveryPointArn ?? '') ||
      (a.run ?? '').localeCompare(b.run ?? ''),
  );
}

export function readEvidence(file: string): EvidenceRecord[] {
  let text: string;
  try {
    text = readTextFile(file, FILE_LIMITS.evidence);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    if (e.reason === 'no such file') return [];
    throw new EvidenceFileError(`cannot read the evidence file ${file}: ${e.reason}`);
  }
  try {
    return parseEvidence(text, file);
  } catch (e) {
    if (e instanceof InputError) throw new EvidenceFileError(e.message);
    throw e;
  }
}

/** Adds records to the file; returns how many were new. */
export function appendEvidence(file: string, added: readonly EvidenceRecord[]): number {
  const existing = readEvidence(file);
  const merged = mergeEvidence(existing, added);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return merged.length - mergeEvidence(existing, []).length;
}
