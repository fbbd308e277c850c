/**
 * Evidence records (docs/artifacts.md): written by the audit and drills, read here. Within the tier's evidence
 * validity (judged on the posture's date), a record replaces the RTO figure of its mode unless that figure is a
 * `worst` bound (the worst measurement wins, bound `measured`), when the restore brought back at least half the
 * source's bytes. Past its validity it no longer counts and raises a finding. A Region-loss record must come from a
 * restore outside the primary Region.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Catalog, FILE_LIMITS, FileReadError, parseJsonText, readTextFile, tierOf } from '../catalog';
import { MODES, type Evidence, type Mode } from '../model';
import { isRecord } from './cfn';
import { InputError } from './errors';
import { finding, type Finding } from './findings';

export interface EvidenceRecord {
  readonly asset: string;
  readonly mode: Mode;
  readonly region: string;
  /**
   * `pitr-restore`, `snapshot-restore` (a restore), `fault-injection` (an FIS experiment) or `region-switch` (an ARC
   * Region switch execution); the last two restore no recovery point.
   */
  readonly recoveryKind: string;
  readonly durationSeconds: number;
  readonly date: string;
  /** A restore's; absent for `fault-injection` and `region-switch`. */
  readonly recoveryPointArn?: string;
  readonly restoredBytes?: number;
  readonly sourceBytes?: number;
  /** Which run measured it: a restore job (and the restore testing plan that started it), a drill, an experiment. */
  readonly run?: string;
  /** What was measured and how (an experiment's events or alarm); it becomes the figure's evidence source. */
  readonly measured?: string;
}

/** An FIS experiment's measurement: it restores nothing, so it has no recovery point and no sizes. */
export const FAULT_INJECTION = 'fault-injection';
/** A Region switch execution's measurement (ARC-13, ARC-23): no recovery point and no sizes either. */
export const REGION_SWITCH = 'region-switch';
/** Kinds of record that restore nothing, so carry no recovery point and no sizes. */
const NO_RECOVERY_POINT: readonly unknown[] = [FAULT_INJECTION, REGION_SWITCH];

const STRING_FIELDS = ['asset', 'region', 'recoveryKind'] as const;
const NUMBER_FIELDS = ['durationSeconds'] as const;
const RESTORE_STRING_FIELDS = ['recoveryPointArn'] as const;
const RESTORE_NUMBER_FIELDS = ['restoredBytes', 'sourceBytes'] as const;

/** Every problem of the file at once, each as `file: [index].field: what was expected`. */
export function parseEvidence(text: string, file: string): EvidenceRecord[] {
  let data: unknown;
  try {
    data = parseJsonText(text, file);
  } catch (e) {
    throw new InputError([(e as Error).message]);
  }
  if (!Array.isArray(data)) throw new InputError([`${file}: expected a JSON array of evidence records`]);
  const problems: string[] = [];
  data.forEach((r, i) => {
    const at = (field: string, expected: string, got: unknown) =>
      problems.push(`${file}: [${i}].${field}: expected ${expected}, got ${JSON.stringify(got) ?? 'nothing'}`);
    if (!isRecord(r)) return void problems.push(`${file}: [${i}]: expected an object`);
    const restore = !NO_RECOVERY_POINT.includes(r.recoveryKind);
    for (const f of [...STRING_FIELDS, ...(restore ? RESTORE_STRING_FIELDS : [])])
      if (typeof r[f] !== 'string' || r[f] === '') at(f, 'a non-empty string', r[f]);
    for (const f of [...NUMBER_FIELDS, ...(restore ? RESTORE_NUMBER_FIELDS : [])])
      if (typeof r[f] !== 'number' || !Number.isFinite(r[f]) || r[f] < 0) at(f, 'a number ≥ 0', r[f]);
    if (!MODES.includes(r.mode as Mode)) at('mode', `one of ${MODES.join(', ')}`, r.mode);
    if (typeof r.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.date) || Number.isNaN(Date.parse(r.date))) {
      at('date', 'an ISO date such as 2026-11-20', r.date);
    }
    for (const f of ['run', 'measured'] as const)
      if (r[f] !== undefined && (typeof r[f] !== 'string' || r[f] === '')) at(f, 'a non-empty string', r[f]);
  });
  if (problems.length > 0) throw new InputError(problems);
  return data as EvidenceRecord[];
}

/** The file, or no records when the catalog's default path does not exist yet (nothing has been measured). */
/** The evidence file a catalog names, resolved against the catalog's folder. */
export function evidencePath(catalog: Catalog): string {
  return resolve(dirname(catalog.file), catalog.evidence);
}

export function loadEvidence(file: string, required: boolean): EvidenceRecord[] {
  if (!existsSync(file)) {
    if (required) throw new InputError([`${file}: no such evidence file`]);
    return [];
  }
  let text: string;
  try {
    text = readTextFile(file, FILE_LIMITS.evidence);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    throw new InputError([`${e.message} (the evidence file)`]);
  }
  return parseEvidence(text, file);
}

/** Records → the model's evidence, with a finding for each record that does not count or has expired. */
export function judgeEvidence(
  records: readonly EvidenceRecord[],
  catalog: Catalog,
  today: string,
): { readonly evidence: Evidence[]; readonly findings: Finding[] } {
  const evidence: Evidence[] = [];
  const findings: Finding[] = [];
  const entries = [...catalog.assets, ...catalog.services];
  for (const r of records) {
    const entry = entries.find((e) => e.id === r.asset);
    const label = `${r.recoveryKind} of ${r.asset} (${r.mode}, ${r.date})`;
    if (!entry) {
      findings.push(
        finding('evidence-rejected', {
          entry: r.asset,
          mode: r.mode,
          message: `${label}: the catalog has no entry ${r.asset}`,
          fix: 'remove the record or correct its asset id',
        }),
      );
      continue;
    }
    if (!NO_RECOVERY_POINT.includes(r.recoveryKind) && r.restoredBytes! < r.sourceBytes! / 2) {
      findings.push(
        finding('evidence-rejected', {
          entry: r.asset,
          mode: r.mode,
          message: `${label}: restored ${r.restoredBytes} of ${r.sourceBytes} bytes, under half the source: it does not count`,
          fix: 'repeat the restore with a full recovery point',
        }),
      );
      continue;
    }
    if (r.mode === 'region' && r.region === catalog.environment.primaryRegion) {
      findings.push(
        finding('evidence-rejected', {
          entry: r.asset,
          mode: r.mode,
          message: `${label}: a Region-loss restore ran in the primary Region ${r.region}: it does not count`,
          fix: `repeat the restore in ${catalog.environment.drRegion}`,
        }),
      );
      continue;
    }
    // Validity is judged like an acceptance's expiry: on the day the posture is computed (`today`, its asOf).
    const validity = tierOf(catalog, entry.tier).policy.evidenceValiditySeconds * 1000;
    const validUntil = new Date(Date.parse(r.date) + validity).toISOString().slice(0, 10);
    if (validUntil < today) {
      findings.push(
        finding('evidence-expired', {
          entry: r.asset,
          mode: r.mode,
          message: `${label}: valid until ${validUntil} for tier ${entry.tier}; it no longer counts`,
          fix: 'run the drill or restore test again',
        }),
      );
      continue;
    }
    evidence.push({
      asset: r.asset,
      mode: r.mode,
      field: 'rto',
      seconds: r.durationSeconds,
      date: r.date,
      source: `${r.measured ?? r.recoveryKind} in ${r.region}${r.run ? `, ${r.run}` : ''}`,
      validUntil,
    });
  }
  return { evidence, findings };
}
