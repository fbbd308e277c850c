/** An entry with several resources is as good as its weakest, field by field: one resource's gap never hides another's. */
import { weakest } from '../../lib/checker/check';
import { MODES, type Assessment, type ModeAssessment } from '../../lib/model';

const figure = (seconds: number) => ({
  kind: 'figure' as const,
  figure: { seconds, bound: 'worst' as const, facts: [] },
});

function resource(rpo: ModeAssessment['rpoStatus'], rto: ModeAssessment['rtoStatus'], id: string): Assessment {
  const mode: ModeAssessment = {
    target: { rpoSeconds: 60, rtoSeconds: 60 },
    rpo: figure(rpo === 'gap' ? 600 : 30),
    rto: figure(rto === 'gap' ? 600 : 30),
    rpoStatus: rpo,
    rtoStatus: rto,
    status: rpo === 'gap' || rto === 'gap' ? 'gap' : 'met',
    mechanisms: [{ id: id as never, facts: [] }],
    acceptances: [],
  };
  return Object.fromEntries(MODES.map((m) => [m, mode])) as unknown as Assessment;
}

test('one resource short on RPO, another on RTO: both gaps stay, with both mechanisms', () => {
  const w = weakest([resource('gap', 'met', 'backup-snapshot'), resource('met', 'gap', 'rds-multi-az-instance')]);
  expect([w.az.rpoStatus, w.az.rtoStatus, w.az.status]).toEqual(['gap', 'gap', 'gap']);
  expect([w.az.rpo, w.az.rto]).toEqual([figure(600), figure(600)]);
  expect(w.az.mechanisms.map((m) => m.id)).toEqual(['backup-snapshot', 'rds-multi-az-instance']);
});

test('an expected field on one resource is not shown as met because another resource is worse on the other field', () => {
  const w = weakest([resource('expected', 'met', 'a'), resource('met', 'unverified', 'b')]);
  expect([w.instance.rpoStatus, w.instance.rtoStatus, w.instance.status]).toEqual([
    'expected',
    'unverified',
    'unverified',
  ]);
});
