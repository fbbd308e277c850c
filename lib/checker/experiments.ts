/**
 * Fault-injection experiments in the artifacts (issue 17, instance mode): each Multi-AZ database needs its instance
 * experiment — an `AWS::FIS::ExperimentTemplate` tagged with the asset and mode `instance` that forces a Multi-AZ
 * failover (`aws:rds:reboot-db-instances`, `forceFailover: 'true'`, FIS-1), fails on an empty target (FIS-5) and stops
 * on a CloudWatch alarm (FIS-15). Without one, nothing can measure the instance RTO (DR-FIS-EXPERIMENT, a warning:
 * the posture still shows the modelled figure).
 */
import type { Catalog } from '../catalog';
import { FIS, isMultiAzDatabase, planAsset } from '../catalog-plan';
import { TAG } from '../names';
import { finding, type Finding } from './findings';
import type { StackArtifact } from './types';

interface Found {
  readonly stack: string;
  readonly logicalId: string;
  readonly props: Record<string, unknown>;
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** What a template lacks of a proper instance experiment, or nothing. */
function lacks(props: Record<string, unknown>): string[] {
  const out: string[] = [];
  const actions = Object.values(obj(props.Actions)).map(obj);
  if (!actions.some((a) => a.ActionId === FIS.rebootDbInstances && obj(a.Parameters).forceFailover === 'true'))
    out.push(`an ${FIS.rebootDbInstances} action with forceFailover 'true'`);
  if (obj(props.ExperimentOptions).EmptyTargetResolutionMode !== 'fail') out.push("emptyTargetResolutionMode 'fail'");
  const stops = Array.isArray(props.StopConditions) ? props.StopConditions.map(obj) : [];
  if (!stops.some((s) => s.Source === FIS.alarmStopCondition)) out.push('a CloudWatch alarm as stop condition');
  return out;
}

export function experimentFindings(catalog: Catalog, stacks: readonly StackArtifact[]): Finding[] {
  const templates = new Map<string, Found>();
  for (const stack of stacks)
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (r.Type !== 'AWS::FIS::ExperimentTemplate') continue;
      const tags = obj(r.Properties?.Tags);
      const asset = tags[TAG.asset];
      if (typeof asset === 'string' && tags['dr:mode'] === 'instance')
        templates.set(asset, { stack: stack.name, logicalId, props: r.Properties ?? {} });
    }
  const out: Finding[] = [];
  for (const asset of catalog.assets) {
    if (asset.kind !== 'postgres' && asset.kind !== 'mysql') continue;
    if (!isMultiAzDatabase(planAsset(catalog, asset))) continue;
    const found = templates.get(asset.id);
    const missing = found ? lacks(found.props) : [];
    if (found && missing.length === 0) continue;
    out.push(
      finding('fis-experiment', {
        entry: asset.id,
        field: 'rto',
        targetSeconds: asset.modes.instance.rtoSeconds,
        ...(found
          ? {
              where: `${found.stack}/${found.logicalId} (AWS::FIS::ExperimentTemplate)`,
              resource: { stack: found.stack, logicalId: found.logicalId },
            }
          : {}),
        message: found
          ? `${asset.id}: its instance experiment lacks ${missing.join(', ')}`
          : `${asset.id}: a Multi-AZ database with no instance-mode experiment (a forced failover) in the templates, so nothing measures its instance RTO`,
        fix: 'synthesize the app with its InstanceExperiments construct (constructs/experiments.ts); a database the team adopts needs its own template tagged dr:asset and dr:mode=instance',
      }),
    );
  }
  return out;
}
