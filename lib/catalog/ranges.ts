/** Ranges the services put on catalog values, with no dependencies: the schema and the whole-catalog checks share them. */

/** The largest value of a Kubernetes int32 field (HPA replicas, probe thresholds, priorities). */
export const INT32_MAX = 2_147_483_647;
/** AWS Backup: MinRetentionDays ≥ 1, MaxRetentionDays ≤ 36500 (BackupVault LockConfiguration). */
export const VAULT_LOCK_DAYS = { min: 1, max: 36500 } as const;

/** A real day of the Gregorian calendar written YYYY-MM-DD: 2027-02-30 is not one (Date.parse would roll it over). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1970 || mo < 1 || mo > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
