/**
 * Fault-injection experiments in the artifacts (issue 17), read back from the templates by their tags — the contract
 * `dr drill --mode` finds them by: `dr:role=experiment`, `dr:mode`, and `dr:asset` (instance mode) or `dr:zone` (AZ
 * mode). What the catalog needs, per mode:
 *
 * - instance, per Multi-AZ database: a template that forces a Multi-AZ failover (`aws:rds:reboot-db-instances`,
 *   `forceFailover: 'true'`, FIS-1);
 * - instance, per service with a health signal whose Deployment the charts build, and per Redis asset whose owning
 *   service has one: a template that deletes a pod (`aws:eks:pod-delete`, FIS-6, FIS-9);
 * - az, per zone of the primary Region when any service has a health signal: a template that stops the cluster's
 *   nodes in that zone (`aws:ec2:stop-instances`, FIS-12);
 *
 * each failing on an empty target (FIS-5) and stopping on a CloudWatch alarm (FIS-15). Without one, nothing can
 * measure that mode (DR-FIS-EXPERIMENT, a warning: the posture still shows the modelled figure).
 */
import type { Catalog } from '../catalog';
import { FIS, isMultiAzDatabase, planAsset } from '../catalog-plan';
import { EXPERIMENT_TAG, TAG } from '../names';
import { finding, type Finding } from './findings';
import type { StackArtifact } from './types';

interface Found {
  readonly stack: string;
  readonly logicalId: string;
  readonly props: Record<string, unknown>;
}

/** One experiment the catalog calls for. */
interface Needed {
  readonly key: string;
  readonly mode: 'instance' | 'az';
  readonly entry?: string;
  readonly zone?: string;
  readonly targetSeconds?: number;
  /** What it is, for the message: "a Multi-AZ database", "a service", "zone eu-west-2a" … */
  readonly what: string;
  /** The fault it must inject, and how a message names it. */
  readonly action: (a: Record<string, unknown>) => boolean;
  readonly actionText: string;
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** What a template lacks of a proper experiment, or nothing. */
function lacks(need: Needed, props: Record<string, unknown>): string[] {
  const out: string[] = [];
  const actions = Object.values(obj(props.Actions)).map(obj);
  if (!actions.some(need.action)) out.push(need.actionText);
  if (obj(props.ExperimentOptions).EmptyTargetResolutionMode !== 'fail') out.push("emptyTargetResolutionMode 'fail'");
  const stops = Array.isArray(props.StopConditions) ? props.StopConditions.map(obj) : [];
  if (!stops.some((s) => s.Source === FIS.alarmStopCondition)) out.push('a CloudWatch alarm as stop condition');
  return out;
}

const FAILOVER = {
  action: (a: Record<string, unknown>) =>
    a.ActionId === FIS.rebootDbInstances && obj(a.Parameters).forceFailover === 'true',
  actionText: `an ${FIS.rebootDbInstances} action with forceFailover 'true'`,
};
const POD_DELETE = {
  action: (a: Record<string, unknown>) => a.ActionId === FIS.podDelete,
  actionText: `an ${FIS.podDelete} action`,
};
const STOP_NODES = {
  action: (a: Record<string, unknown>) => a.ActionId === FIS.stopInstances,
  actionText: `an ${FIS.stopInstances} action (the zone's nodes)`,
};

/** The experiments the catalog calls for, in catalog order: databases, services, Redis assets, then zones. */
function needed(catalog: Catalog): Needed[] {
  const signalled = new Set(catalog.services.filter((s) => s.health).map((s) => s.id));
  const out: Needed[] = [];
  for (const asset of catalog.assets) {
    if ((asset.kind === 'postgres' || asset.kind === 'mysql') && isMultiAzDatabase(planAsset(catalog, asset)))
      out.push({
        key: `instance:${asset.id}`,
        mode: 'instance',
        entry: asset.id,
        targetSeconds: asset.modes.instance.rtoSeconds,
        what: 'a Multi-AZ database',
        ...FAILOVER,
      });
  }
  for (const s of catalog.services)
    if (signalled.has(s.id) && s.workload !== 'overlay')
      out.push({
        key: `instance:${s.id}`,
        mode: 'instance',
        entry: s.id,
        targetSeconds: s.rtoSeconds,
        what: 'a service with a health signal',
        ...POD_DELETE,
      });
  for (const a of catalog.assets)
    if (a.kind === 'redis' && signalled.has(a.owner))
      out.push({
        key: `instance:${a.id}`,
        mode: 'instance',
        entry: a.id,
        targetSeconds: a.modes.instance.rtoSeconds,
        what: `a Redis asset whose owner ${a.owner} has a health signal`,
        ...POD_DELETE,
      });
  if (signalled.size > 0)
    for (const zone of catalog.environment.availabilityZones[catalog.environment.primaryRegion] ?? [])
      out.push({ key: `az:${zone}`, mode: 'az', zone, what: `zone ${zone}`, ...STOP_NODES });
  return out;
}

export function experimentFindings(catalog: Catalog, stacks: readonly StackArtifact[]): Finding[] {
  const templates = new Map<string, Found>();
  for (const stack of stacks)
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (r.Type !== 'AWS::FIS::ExperimentTemplate') continue;
      const tags = obj(r.Properties?.Tags);
      const mode = tags[EXPERIMENT_TAG.mode];
      const subject = mode === 'az' ? tags[EXPERIMENT_TAG.zone] : mode === 'instance' ? tags[TAG.asset] : undefined;
      if (typeof subject === 'string')
        templates.set(`${mode as string}:${subject}`, { stack: stack.name, logicalId, props: r.Properties ?? {} });
    }
  const out: Finding[] = [];
  for (const need of needed(catalog)) {
    const found = templates.get(need.key);
    const missing = found ? lacks(need, found.props) : [];
    if (found && missing.length === 0) continue;
    const name = need.entry ?? need.zone!;
    const modeText = need.mode === 'az' ? 'AZ-mode' : 'instance-mode';
    out.push(
      finding('fis-experiment', {
        ...(need.entry ? { entry: need.entry, field: 'rto' as const, targetSeconds: need.targetSeconds! } : {}),
        mode: need.mode,
        ...(found
          ? {
              where: `${found.stack}/${found.logicalId} (AWS::FIS::ExperimentTemplate)`,
              resource: { stack: found.stack, logicalId: found.logicalId },
            }
          : {}),
        message: found
          ? `${name}: its ${modeText} experiment lacks ${missing.join(', ')}`
          : need.mode === 'az'
            ? `${name}: no AZ-mode experiment (${STOP_NODES.actionText}) tagged dr:mode=az, dr:zone=${name} in the templates, so nothing measures the services' RTO through the loss of that zone`
            : `${name}: ${need.what} with no instance-mode experiment (${need.actionText}) in the templates, so nothing measures its instance RTO`,
        fix:
          need.mode === 'az'
            ? 'synthesize the app with its experiments (constructs/experiments.ts, `zones`): a template per zone tagged dr:role=experiment, dr:mode=az, dr:zone=<zone>'
            : 'synthesize the app with its experiments (constructs/experiments.ts); a database the team adopts needs its own template tagged dr:asset and dr:mode=instance',
      }),
    );
  }
  return out;
}
