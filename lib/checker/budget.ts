/**
 * The SLA budget cross-check over the checked entries (lib/model budget.ts): per entry and mode, one incident at the
 * RTO against the monthly error budget of the SLA it serves. Over all of it is an error (DR-SLA-BUDGET) unless the
 * entry accepts it; over half a warning (DR-SLA-BUDGET-HALF); an slaBudget acceptance that covers nothing a warning.
 */
import { type Catalog, humanDuration, slaOf } from '../catalog';
import { judgeBudget, MODES, type Assessment, type BudgetCheck, type Mode } from '../model';
import { finding, type Finding } from './findings';

export type EntryBudget = Readonly<Record<Mode, BudgetCheck>>;

const minutes = (s: number) => `${Math.round(s / 6) / 10} min`;
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

export function budgetChecks(
  catalog: Catalog,
  assessments: ReadonlyMap<string, Assessment>,
): { readonly budgets: ReadonlyMap<string, EntryBudget>; readonly findings: Finding[] } {
  const budgets = new Map<string, EntryBudget>();
  const findings: Finding[] = [];
  for (const entry of [...catalog.services, ...catalog.assets]) {
    const assessment = assessments.get(entry.id);
    if (!assessment) continue;
    const sla = slaOf(catalog, entry.id);
    const checks = {} as Record<Mode, BudgetCheck>;
    for (const mode of MODES) {
      const own = entry.acceptances.filter((a) => a.mode === mode);
      const m = assessment[mode];
      const c = judgeBudget(m.target.rtoSeconds, m.rto, sla, own);
      checks[mode] = c;
      const incident =
        `one ${mode} incident of ${humanDuration(c.incidentSeconds)} (${c.basis === 'target' ? 'the target RTO' : 'the proven RTO'}) ` +
        `uses ${percent(c.share)} of the ${minutes(c.budgetSeconds)} monthly error budget of ${sla} %`;
      if (c.status === 'over' || c.status === 'over-half') {
        const over = c.status === 'over';
        findings.push(
          finding(over ? 'sla-budget' : 'sla-budget-half', {
            entry: entry.id,
            mode,
            field: 'rto',
            targetSeconds: m.target.rtoSeconds,
            policy: `SLA ${sla} %: ${minutes(c.budgetSeconds)} a month`,
            message: `${entry.id} · ${mode}: ${incident}${over ? '' : ' (over half)'}`,
            fix: over
              ? `shorten the ${mode} RTO (a mechanism with a proven RTO under ${minutes(c.budgetSeconds)}), or accept it with \`slaBudget\` and the reason (e.g. the SLA excludes this failure, or a breach is reported as slaPolicy says)`
              : `one more such incident in the month breaches the SLA: shorten the ${mode} RTO, or accept it with \`slaBudget\``,
          }),
        );
      }
      const unused = own.find((a) => a.slaBudgetSeconds !== undefined && a !== c.acceptance);
      if (unused && c.status !== 'accepted') {
        findings.push(
          finding('acceptance-unused', {
            entry: entry.id,
            mode,
            message: `${entry.id} · ${mode}: the acceptance's slaBudget (owner ${unused.owner}) covers nothing: ${incident}`,
            fix: 'remove its slaBudget from the catalog',
          }),
        );
      }
    }
    budgets.set(entry.id, checks);
  }
  return { budgets, findings };
}
