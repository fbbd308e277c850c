/** AWS schedule expressions the plan writes: backup rules at a planned interval (BKP-1). */
import { factValue } from '../model';

/** A cron that fires every `intervalSeconds` (whole hours dividing a day, no more often than BKP-1 allows). */
export function awsCronForInterval(intervalSeconds: number, hourUtc: number): string {
  const hours = intervalSeconds / 3600;
  if (!Number.isInteger(hours) || hours < 1 || 24 % hours !== 0) {
    throw new Error(
      `backup rule interval must be a whole number of hours dividing 24 (1, 2, 3, 4, 6, 8, 12, 24), got ${intervalSeconds} s`,
    );
  }
  if (intervalSeconds < factValue('BKP-1')) {
    throw new Error(
      `backup rule interval must be at least ${factValue('BKP-1')} s apart (BKP-1), got ${intervalSeconds} s`,
    );
  }
  return hours === 24 ? `cron(0 ${hourUtc} * * ? *)` : `cron(0 ${hourUtc % hours}/${hours} * * ? *)`;
}
