/**
 * DR-PITR-DRILL: an asset a `pitr-restore` drill lists has its PITR owned by AWS Backup — a continuous rule selects
 * it (BKP-7) — and a restore-testing selection puts it under a restore-testing plan that restores continuous recovery
 * points from the vault that rule writes to (BKP-17). Without both, the drill has nothing the account restores on
 * schedule, and the restore-time control has no job to measure.
 */
import type { Catalog } from '../../catalog';
import { arnMatches } from '../cfn';
import { selectionsOf, type AwsReading } from '../read-aws';
import { finding, type Finding } from '../findings';
import { backupTargets, type BackupTarget } from '../join';
import type { K8sReading } from '../read-kubernetes';
import type { ResolvedVault } from '../readers/backup-plan';
import type { Target } from '../readers/backup-selection';
import { readVault } from '../readers/backup-vault';
import {
  readRestoreTestingPlan,
  readRestoreTestingSelection,
  restoreSelects,
  type RestoreTestingPlanReading,
} from '../readers/restore-testing';
import { describeWhere, type StackArtifact } from '../types';

export interface PitrDrillInput {
  readonly catalog: Catalog;
  readonly aws: AwsReading;
  readonly k8s: K8sReading;
  readonly stacks: readonly StackArtifact[];
  readonly implemented: (id: string) => boolean;
}

function restoreTesting(stacks: readonly StackArtifact[]) {
  const plans: { stack: StackArtifact; logicalId: string; reading: RestoreTestingPlanReading }[] = [];
  const selections: {
    stack: StackArtifact;
    logicalId: string;
    reading: ReturnType<typeof readRestoreTestingSelection>;
  }[] = [];
  for (const stack of stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (r.Type === 'AWS::Backup::RestoreTestingPlan')
        plans.push({ stack, logicalId, reading: readRestoreTestingPlan(r, stack) });
      if (r.Type === 'AWS::Backup::RestoreTestingSelection')
        selections.push({ stack, logicalId, reading: readRestoreTestingSelection(r, stack) });
    }
  }
  return { plans, selections };
}

/** Whether a restore-testing plan's vault lists take in the vault a continuous rule writes to. */
function includesVault(
  plan: RestoreTestingPlanReading,
  stack: StackArtifact,
  vault: ResolvedVault | null,
  account: string,
): boolean {
  if (!vault?.name) return plan.includeVaults.some((t) => 'pattern' in t && t.pattern === '*');
  const arn = `arn:aws:backup:${vault.region ?? stack.region ?? '*'}:${stack.account ?? account}:backup-vault:${vault.name}`;
  const hit = (t: Target) =>
    'pattern' in t
      ? arnMatches(t.pattern, arn)
      : t.logicalIds.some((id) => {
          const r = stack.resources[id];
          return (
            r?.Type === 'AWS::Backup::BackupVault' &&
            readVault(r, stack).name === vault.name &&
            (vault.region === null || stack.region === null || stack.region === vault.region)
          );
        });
  return plan.includeVaults.some(hit) && !plan.excludeVaults.some(hit);
}

export function pitrDrillFindings(input: PitrDrillInput): Finding[] {
  const { catalog } = input;
  const drills = new Map<string, string[]>();
  for (const d of catalog.drills.filter((x) => x.kind === 'pitr-restore'))
    for (const a of d.assets) drills.set(a, [...(drills.get(a) ?? []), d.id]);
  const testing = restoreTesting(input.stacks);
  const out: Finding[] = [];
  for (const asset of catalog.assets) {
    const ids = drills.get(asset.id);
    if (!ids || !input.implemented(asset.id)) continue;
    const policy = `pitr-restore drill ${ids.join(', ')}`;
    const report = (t: BackupTarget | null, found: string, expected: string, fix: string) => {
      const where = t ? describeWhere(t.where) : undefined;
      const resource =
        t && 'logicalId' in t.where ? { resource: { stack: t.where.stack, logicalId: t.where.logicalId } } : {};
      out.push(
        finding('pitr-drill', {
          entry: asset.id,
          policy,
          ...(where ? { where } : {}),
          ...resource,
          message: `${asset.id}${where ? ` (${where})` : ''}: ${found}; ${policy} requires ${expected}`,
          fix,
        }),
      );
    };
    const targets = backupTargets(asset, input);
    if (targets.length === 0)
      report(
        null,
        'nothing in the artifacts is a resource AWS Backup can restore',
        'AWS Backup continuous backup and restore testing of it',
        'implement it with a resource AWS Backup supports (docs/artifacts.md)',
      );
    for (const t of targets) {
      const continuous = selectionsOf(t.candidate, t.source, input.aws.index.selections)
        .flatMap((s) => s.rules)
        .filter((r) => r.continuous && r.intervalSeconds !== null);
      if (continuous.length === 0) {
        report(
          t,
          'no AWS Backup rule with `EnableContinuousBackup: true` selects it, so AWS Backup does not own its PITR',
          'a continuous rule selecting it',
          'add it to the selection of a backup plan whose rule has `EnableContinuousBackup: true`',
        );
      }
      const covering = testing.selections.filter(
        (s) =>
          (t.source.region === null || s.stack.region === null || s.stack.region === t.source.region) &&
          restoreSelects(
            s.reading,
            s.stack.name === t.source.stack ? t.candidate : { ...t.candidate, logicalId: null },
            t.source.resourceType,
          ),
      );
      // Why a covering selection still tests nothing of this PITR; null when it does.
      const shortOf = (s: (typeof covering)[number]): string | null => {
        // By reference in the selection's stack, or by name in its Region (plan names are unique per account and Region).
        const plan = testing.plans.find(
          (p) =>
            (p.stack === s.stack && p.logicalId === s.reading.planRef) ||
            (p.reading.name !== null &&
              p.reading.name === s.reading.plan &&
              (p.stack.region === null || s.stack.region === null || p.stack.region === s.stack.region)),
        );
        if (!plan)
          return `restore-testing selection ${s.reading.name ?? s.logicalId} names plan ${s.reading.plan ?? '(none)'}, which the templates do not hold`;
        if (!plan.reading.recoveryPointTypes.includes('CONTINUOUS')) {
          return `restore-testing plan ${plan.reading.name} restores only ${plan.reading.recoveryPointTypes.join(', ') || 'unspecified'} recovery points`;
        }
        if (
          continuous.length > 0 &&
          !continuous.some((r) => includesVault(plan.reading, plan.stack, r.vault, catalog.environment.account))
        ) {
          return `restore-testing plan ${plan.reading.name} does not include vault ${continuous.map((r) => r.vault?.name ?? '?').join(', ')}`;
        }
        return null;
      };
      const problems = covering.map(shortOf);
      const ok = problems.some((p) => p === null);
      if (!ok) {
        const found =
          covering.length === 0
            ? `no AWS::Backup::RestoreTestingSelection of type ${t.source.resourceType} covers it`
            : problems.join('; ');
        report(
          t,
          found,
          'a restore-testing plan restoring its continuous recovery points, with a selection covering it',
          "add it to the ProtectedResourceArns of a RestoreTestingSelection whose plan has RecoveryPointTypes CONTINUOUS and includes the continuous rule's vault",
        );
      }
    }
  }
  return out;
}
