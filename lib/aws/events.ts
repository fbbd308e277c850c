/**
 * What an experiment is measured by, read back from AWS: a DB instance's RDS events (DescribeEvents keeps 14 days and
 * gives no event id, only the message, FIS-26) and a CloudWatch alarm's state changes (DescribeAlarmHistory, FIS-27).
 */
import { DescribeAlarmHistoryCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { paginateDescribeEvents, type RDSClient } from '@aws-sdk/client-rds';

export interface RdsEvent {
  readonly date: Date;
  readonly message: string;
}

/** The events of one DB instance between two times, oldest first. */
export async function databaseEvents(
  client: RDSClient,
  identifier: string,
  start: Date,
  end: Date,
): Promise<RdsEvent[]> {
  const out: RdsEvent[] = [];
  for await (const page of paginateDescribeEvents(
    { client },
    { SourceType: 'db-instance', SourceIdentifier: identifier, StartTime: start, EndTime: end },
  )) {
    for (const e of page.Events ?? []) if (e.Date && e.Message) out.push({ date: e.Date, message: e.Message });
  }
  return out.sort((a, b) => a.date.getTime() - b.date.getTime());
}

/** When the alarm went into ALARM between two times, or undefined when it did not. */
export async function alarmFiredAt(
  client: CloudWatchClient,
  alarmName: string,
  start: Date,
  end: Date,
): Promise<Date | undefined> {
  let nextToken: string | undefined;
  const fired: Date[] = [];
  do {
    const page = await client.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: alarmName,
        HistoryItemType: 'StateUpdate',
        StartDate: start,
        EndDate: end,
        ScanBy: 'TimestampAscending',
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const item of page.AlarmHistoryItems ?? []) {
      if (item.Timestamp && toAlarm(item.HistoryData, item.HistorySummary)) fired.push(item.Timestamp);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return fired.sort((a, b) => a.getTime() - b.getTime())[0];
}

/** A state update into ALARM: its data's `newState.stateValue`, else its summary ("Alarm updated from OK to ALARM"). */
function toAlarm(data: string | undefined, summary: string | undefined): boolean {
  if (data) {
    try {
      const parsed = JSON.parse(data) as { newState?: { stateValue?: unknown } };
      if (typeof parsed.newState?.stateValue === 'string') return parsed.newState.stateValue === 'ALARM';
    } catch {
      // fall through to the summary
    }
  }
  return /\bto ALARM\s*$/.test(summary ?? '');
}
