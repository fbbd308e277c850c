/**
 * The SLA budget cross-check: one incident at the RTO against the month's error budget (30.4375 days). Tables of SLA
 * and RTO with the share and status each gives; a proven achieved RTO shortens the incident, a typical one does not;
 * an acceptance's `slaBudget` ceiling covers an incident up to it.
 */
import {
  BUDGET_MONTH_SECONDS,
  errorBudgetSeconds,
  judgeBudget,
  type AchievedField,
  type Acceptance,
  type Bound,
} from '../../lib/model';

const M = 60;
const H = 3600;
const none: AchievedField = { kind: 'none', reason: 'nothing', facts: [] };
const figure = (seconds: number, bound: Bound): AchievedField => ({
  kind: 'figure',
  figure: { seconds, bound, facts: [] },
});
const accept = (slaBudgetSeconds: number | 'unbounded'): Acceptance => ({
  mode: 'region',
  slaBudgetSeconds,
  reason: 'a Region loss is a declared major incident',
  owner: 'cto',
  expires: '2027-06-30',
});

describe('the monthly error budget', () => {
  test('a month is 30.4375 days', () => expect(BUDGET_MONTH_SECONDS).toBe(2_629_800));

  test.each([
    [99.95, 1314.9, '21.9 min'],
    [99.9, 2629.8, '43.8 min'],
    [99.5, 13149, '219.2 min'],
    [99.0, 26298, '438.3 min'],
  ])('SLA %s %% leaves %s s (%s)', (sla, seconds, minutes) => {
    expect(errorBudgetSeconds(sla)).toBe(seconds);
    expect(`${Math.round(errorBudgetSeconds(sla) / 6) / 10} min`).toBe(minutes);
  });
});

describe('one incident at the RTO', () => {
  test.each([
    // SLA, RTO target, share, status
    [99.9, 5 * M, 0.114, 'within'],
    [99.9, 20 * M, 0.456, 'within'],
    [99.9, 21.9 * M, 0.5, 'within'], // exactly half is not over half
    [99.9, 22 * M, 0.502, 'over-half'],
    [99.95, 20 * M, 0.913, 'over-half'], // order-payment-service: 20 min of 21.9
    [99.9, 2629.8, 1, 'over-half'], // exactly the budget is not over it
    [99.9, 44 * M, 1.004, 'over'],
    [99.9, 4 * H, 5.476, 'over'], // a 4 h Region RTO against 99.9 %
    [99.5, 24 * H, 6.571, 'over'],
    [99.0, 2 * H, 0.274, 'within'],
    [99.0, 72 * H, 9.856, 'over'],
  ] as const)('SLA %s %%, RTO %s s: %s of the budget, %s', (sla, rto, share, status) => {
    const c = judgeBudget(rto, none, sla, []);
    expect(c).toMatchObject({ slaPercent: sla, incidentSeconds: rto, basis: 'target', share, status });
    expect(c.acceptance).toBeUndefined();
  });

  test('a proven achieved RTO under the target is the incident: a mechanism can answer the finding', () => {
    for (const bound of ['worst', 'sla', 'measured'] as const) {
      expect(judgeBudget(4 * H, figure(30 * M, bound), 99.9, [])).toMatchObject({
        incidentSeconds: 30 * M,
        basis: 'achieved',
        status: 'over-half',
      });
    }
  });

  test('a typical or unknown figure proves nothing, and an achieved RTO over the target never shortens it', () => {
    expect(judgeBudget(4 * H, figure(2 * M, 'typical'), 99.9, [])).toMatchObject({ basis: 'target', status: 'over' });
    const unknown: AchievedField = {
      kind: 'figure',
      figure: { seconds: null, bound: 'unknown', facts: [], atLeast: 60 },
    };
    expect(judgeBudget(4 * H, unknown, 99.9, [])).toMatchObject({ basis: 'target', status: 'over' });
    expect(judgeBudget(4 * H, figure(6 * H, 'worst'), 99.9, [])).toMatchObject({
      incidentSeconds: 4 * H,
      basis: 'target',
    });
  });

  test('a failure that cannot touch the entry is no incident', () => {
    const na: AchievedField = { kind: 'n/a', reason: 'outside the failure domain', facts: [] };
    expect(judgeBudget(4 * H, na, 99.9, [])).toMatchObject({
      incidentSeconds: 0,
      basis: 'unaffected',
      status: 'within',
    });
  });

  test.each([
    [4 * H, 'accepted'],
    ['unbounded', 'accepted'],
    [3 * H, 'over'], // the ceiling is under the incident: an error again
  ] as const)('an slaBudget ceiling of %s: %s', (ceiling, status) => {
    const a = accept(ceiling);
    const c = judgeBudget(4 * H, none, 99.9, [a]);
    expect(c.status).toBe(status);
    expect(c.acceptance).toBe(status === 'accepted' ? a : undefined);
  });

  test('an acceptance without an slaBudget ceiling does not cover the budget; one within the budget needs none', () => {
    const fieldsOnly: Acceptance = { ...accept(4 * H), slaBudgetSeconds: undefined, rtoSeconds: 'unbounded' };
    expect(judgeBudget(4 * H, none, 99.9, [fieldsOnly]).status).toBe('over');
    expect(judgeBudget(5 * M, none, 99.9, [accept('unbounded')])).toMatchObject({ status: 'within' });
    expect(judgeBudget(5 * M, none, 99.9, [accept('unbounded')]).acceptance).toBeUndefined();
  });
});
