/**
 * `AWS::ARCRegionSwitch::Plan` (no L2; ARC-1..18) → one `region-switch` spec per entry a step of the activation
 * workflow into the DR Region brings back (docs/artifacts.md), with what that step needs, read from the other
 * artifacts: the standby cluster's Deployments by name in the DR site's manifests (`dr/site: dr`), the access entries
 * of the plan's role on both clusters of its EKS step (ARC-6), the DB subnet group a restore step names in the DR
 * Region's stacks, the Route 53 failover records of the entry point (R53-2, OTH-5..8).
 *
 * The types leave `executionBlockType` and `workflowTargetAction` as strings (ARC-18): a literal ARC does not have is
 * a finding, never a guess. A step's `TimeoutMinutes` absent is ARC's default of 60 (ARC-2); a parallel step has none
 * (ARC-3).
 */
import { factValue, type MechanismSpec, type SwitchStep } from '../../model';
import { LABEL } from '../../names';
import { isRecord, num, refsIn, render } from '../cfn';
import { at } from '../manifest-json';
import { isReadReplica } from './rds-replica';
import type { CfnResource, K8sObject, StackArtifact } from '../types';

type Switch = Extract<MechanismSpec, { id: 'region-switch' }>;
type Path = Switch['path'];

/** ARC's literals (ARC-18); the `.d.ts` comments' upper-case ones are not among them. */
export const BLOCK_TYPES = new Set([
  'ARCRegionSwitchPlan',
  'ARCRoutingControl',
  'AuroraGlobalDatabase',
  'AuroraProvisionedScaling',
  'AuroraServerlessScaling',
  'CustomActionLambda',
  'DocumentDb',
  'EC2AutoScaling',
  'ECSServiceScaling',
  'EKSResourceScaling',
  'LambdaEventSourceMapping',
  'ManualApproval',
  'NeptuneGlobalDatabase',
  'Parallel',
  'RdsCreateCrossRegionReplica',
  'RdsPromoteReadReplica',
  'RdsSwitchoverReadReplica',
  'Route53HealthCheck',
]);
const TARGET_ACTIONS = new Set(['activate', 'deactivate', 'postRecovery']);
const SCALING_POLICY = 'AmazonARCRegionSwitchScalingPolicy';

export interface RegionSwitchReading {
  /** Per entry id: the plan's path for it. */
  readonly specs: ReadonlyMap<string, Switch>;
  /** Settings the reader could not read (unknown literals, a payload that is not JSON). */
  readonly problems: readonly { readonly where: string; readonly message: string }[];
  /**
   * Steps that cannot work as built, per entry they serve: a restore into a DB subnet group no stack of the DR Region
   * creates, an EKS step whose clusters do not both admit the plan's role (ARC-6). The execution would stop there.
   */
  readonly broken: readonly { readonly entry: string; readonly where: string; readonly message: string }[];
  /** The plans read: where, and the RecoveryTimeObjectiveMinutes each declares. */
  readonly plans: readonly {
    readonly stack: string;
    readonly logicalId: string;
    /** The plan's `Name` (ARC adds a suffix of its own to the ARN, ARC-21), or null when the template does not give it. */
    readonly name: string | null;
    readonly rtoMinutes: number | null;
  }[];
}

export interface RegionSwitchContext {
  readonly stacks: readonly StackArtifact[];
  /** The DR site's manifests (objects labelled `dr/site: dr`). */
  readonly drObjects: readonly K8sObject[];
  readonly primaryRegion: string;
  readonly drRegion: string;
  /** DB instance identifier → asset id, from the data stores' `dr:asset` tags. */
  readonly databases: ReadonlyMap<string, string>;
}

interface Served {
  readonly path: Path;
  readonly step: string;
  readonly network?: boolean;
  readonly clusters?: boolean;
  /** `promote`: the instance the step promotes is a read replica a stack of the DR Region creates. */
  readonly replica?: boolean;
  /** A service (labelled dr/service), which clients reach through the entry point. */
  readonly service?: boolean;
}

export function readRegionSwitch(ctx: RegionSwitchContext): RegionSwitchReading {
  const problems: { where: string; message: string }[] = [];
  const broken: { entry: string; where: string; message: string }[] = [];
  const plans: { stack: string; logicalId: string; name: string | null; rtoMinutes: number | null }[] = [];
  const specs = new Map<string, Switch>();
  const traffic = readTraffic(ctx.stacks);
  for (const stack of ctx.stacks) {
    for (const [logicalId, r] of Object.entries(stack.resources)) {
      if (r.Type !== 'AWS::ARCRegionSwitch::Plan') continue;
      const where = `${stack.name}/${logicalId}`;
      const p = r.Properties ?? {};
      plans.push({
        stack: stack.name,
        logicalId,
        name: render(p.Name, stack),
        rtoMinutes: num(p.RecoveryTimeObjectiveMinutes) ?? null,
      });
      const workflows = Array.isArray(p.Workflows) ? p.Workflows.filter(isRecord) : [];
      for (const w of workflows) {
        if (typeof w.WorkflowTargetAction !== 'string' || !TARGET_ACTIONS.has(w.WorkflowTargetAction)) {
          problems.push({
            where,
            message: `WorkflowTargetAction ${JSON.stringify(w.WorkflowTargetAction)} is not one of ARC's (activate, deactivate, postRecovery; ARC-18)`,
          });
        }
      }
      const activation = workflows.find(
        (w) => w.WorkflowTargetAction === 'activate' && render(w.WorkflowTargetRegion, stack) === ctx.drRegion,
      );
      if (!activation) continue;
      const raw = Array.isArray(activation.Steps) ? activation.Steps.filter(isRecord) : [];
      const served = new Map<string, Served>();
      const endpoints = new Set<string>();
      const steps = raw.map((s) => readStep(s, { ctx, stack, plan: r, where, problems, served, endpoints }));
      for (const entry of endpoints) {
        if (served.get(entry)?.path !== 'promote')
          broken.push({
            entry,
            where,
            message: `a promoted-database step waits for ${entry}'s promotion, but no RdsPromoteReadReplica step of the workflow promotes it`,
          });
      }
      for (const [entry, s] of served) {
        if (s.network === false)
          broken.push({
            entry,
            where,
            message: `step ${s.step} restores ${entry} into a DB subnet group that no stack of ${ctx.drRegion} creates: the DR network is missing`,
          });
        if (s.replica === false)
          broken.push({
            entry,
            where,
            message: `step ${s.step} promotes ${entry}, but no stack of ${ctx.drRegion} creates a read replica of that name to promote (MECH-5)`,
          });
        if (s.path === 'promote' && !endpoints.has(entry))
          broken.push({
            entry,
            where,
            message: `step ${s.step} promotes ${entry}, but no step writes the promoted endpoint where the DR workloads read it (a promoted-database step)`,
          });
        if (s.clusters === false)
          broken.push({
            entry,
            where,
            message: `step ${s.step} scales ${entry} without two clusters that each give the plan's role an access entry with ${SCALING_POLICY} (ARC-6)`,
          });
      }
      for (const [entry, s] of served) {
        specs.set(entry, {
          id: 'region-switch',
          path: s.path,
          steps,
          serving: s.step,
          ...(s.clusters !== undefined ? { clusters: s.clusters } : {}),
          ...(s.network !== undefined ? { network: s.network } : {}),
          ...(s.service ? { traffic } : {}),
        });
      }
    }
  }
  return { specs, problems, broken, plans };
}

interface StepContext {
  readonly ctx: RegionSwitchContext;
  readonly stack: StackArtifact;
  readonly plan: CfnResource;
  readonly where: string;
  readonly problems: { where: string; message: string }[];
  readonly served: Map<string, Served>;
  /** Assets whose promoted endpoint a custom step writes (`promoted-database`). */
  readonly endpoints: Set<string>;
}

function readStep(s: Record<string, unknown>, c: StepContext): SwitchStep {
  const name = typeof s.Name === 'string' ? s.Name : '';
  const type = s.ExecutionBlockType;
  const config = isRecord(s.ExecutionBlockConfiguration) ? s.ExecutionBlockConfiguration : {};
  if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) {
    c.problems.push({
      where: c.where,
      message: `step ${name}: ExecutionBlockType ${JSON.stringify(type)} is not one of ARC's block types (ARC-18)`,
    });
    return { name, work: 'other', timeoutSeconds: null };
  }
  const timeout = (block: unknown) =>
    isRecord(block) ? (num(block.TimeoutMinutes) ?? factValue('ARC-2') / 60) * 60 : factValue('ARC-2');
  switch (type) {
    case 'Parallel': {
      const children = at(config, 'ParallelConfig', 'Steps');
      return {
        name,
        work: 'parallel',
        timeoutSeconds: null,
        steps: (Array.isArray(children) ? children.filter(isRecord) : []).map((x) => readStep(x, c)),
      };
    }
    case 'ManualApproval':
      return { name, work: 'approval', timeoutSeconds: timeout(config.ExecutionApprovalConfig) };
    case 'ARCRegionSwitchPlan':
      return { name, work: 'other', timeoutSeconds: null };
    case 'CustomActionLambda':
      return lambdaStep(name, config.CustomActionLambdaConfig, timeout(config.CustomActionLambdaConfig), c);
    case 'RdsPromoteReadReplica': {
      const block = config.RdsPromoteReadReplicaConfig;
      const arn = render(at(block, 'DbInstanceArnMap', c.ctx.drRegion), c.stack);
      const identifier = arn === null ? '' : (arn.split(':db:')[1] ?? '');
      const asset = c.ctx.databases.get(identifier);
      if (asset) c.served.set(asset, { path: 'promote', step: name, replica: replicaIn(c.ctx, identifier) });
      return { name, work: 'promote', timeoutSeconds: timeout(block) };
    }
    case 'EKSResourceScaling': {
      const block = config.EksResourceScalingConfig;
      eksStep(name, block, c);
      return { name, work: 'scale', timeoutSeconds: timeout(block) };
    }
    default:
      return { name, work: 'other', timeoutSeconds: timeout(Object.values(config)[0]) };
  }
}

function lambdaStep(name: string, block: unknown, timeoutSeconds: number, c: StepContext): SwitchStep {
  const lambdas = at(block, 'Lambdas');
  const payloads = (Array.isArray(lambdas) ? lambdas : []).map((l) => at(l, 'Payload'));
  let action: Record<string, unknown> | undefined;
  for (const p of payloads) {
    if (typeof p !== 'string') continue;
    try {
      const parsed: unknown = JSON.parse(p);
      if (isRecord(parsed)) action = parsed;
    } catch {
      c.problems.push({ where: c.where, message: `step ${name}: its Lambda payload is not JSON` });
    }
  }
  const asset = typeof action?.asset === 'string' ? action.asset : undefined;
  if (action?.action === 'restore-database' && asset) {
    const group = typeof action.subnetGroup === 'string' ? action.subnetGroup : '';
    c.served.set(asset, { path: 'restore', step: name, network: subnetGroupIn(c.ctx, group) });
    return { name, work: 'restore', timeoutSeconds };
  }
  if (action?.action === 'promoted-database' && asset) {
    c.endpoints.add(asset);
    return { name, work: 'other', timeoutSeconds };
  }
  if (action?.action === 'scale-statefulset' && asset) {
    // The StatefulSet must be in the DR site's manifests, or there is nothing to start.
    const sts = c.ctx.drObjects.find((o) => o.kind === 'StatefulSet' && o.name === action.name);
    if (sts && sts.labels[LABEL.asset] === asset) c.served.set(asset, { path: 'start', step: name });
    return { name, work: 'scale', timeoutSeconds };
  }
  return { name, work: 'other', timeoutSeconds };
}

/** The DR site's Deployments the EKS step scales, with whether both clusters admit the plan's role (ARC-6). */
function eksStep(name: string, block: unknown, c: StepContext): void {
  const { ctx } = c;
  const clusters = at(block, 'EksClusters');
  const arns = (Array.isArray(clusters) ? clusters : []).map((x) => clusterOf(at(x, 'ClusterArn'), c));
  const role = c.plan.Properties?.ExecutionRole;
  const admitted =
    arns.length >= 2 &&
    [ctx.primaryRegion, ctx.drRegion].every((region) => {
      const cluster = arns.find((a) => a?.region === region);
      return cluster !== undefined && cluster !== null && accessEntryFor(ctx, cluster, role, c.stack);
    });
  const resources = at(block, 'ScalingResources');
  for (const item of Array.isArray(resources) ? resources.filter(isRecord) : []) {
    for (const byRegion of Object.values(item)) {
      const dr = at(byRegion, ctx.drRegion);
      const resourceName = at(dr, 'Name');
      const namespace = at(dr, 'Namespace');
      const deployment = ctx.drObjects.find(
        (o) =>
          o.kind === 'Deployment' &&
          o.name === resourceName &&
          (at(o.doc, 'metadata', 'namespace') ?? null) === namespace,
      );
      if (!deployment) continue;
      const service = deployment.labels[LABEL.service];
      const entry = service ?? deployment.labels[LABEL.asset];
      if (entry)
        c.served.set(entry, { path: 'redeploy', step: name, clusters: admitted, service: service !== undefined });
    }
  }
}

interface ClusterRef {
  readonly region: string;
  readonly name: string;
  /** The logical id of the cluster, when a template creates it. */
  readonly logicalId?: string;
}

/** A cluster an EKS step names: an ARN, or a cluster of the plan's stack (which must exist). Null: unreadable. */
function clusterOf(v: unknown, c: StepContext): ClusterRef | null {
  const [ref] = refsIn(v);
  if (ref !== undefined) {
    const r = c.stack.resources[ref];
    if (r?.Type !== 'AWS::EKS::Cluster' || c.stack.region === null) return null;
    const name = render(r.Properties?.Name, c.stack);
    return name === null ? null : { region: c.stack.region, name, logicalId: ref };
  }
  const arn = render(v, c.stack);
  const m = arn === null ? null : /^arn:[^:]+:eks:([^:]+):\d{12}:cluster\/(.+)$/.exec(arn);
  return m ? { region: m[1]!, name: m[2]! } : null;
}

/** An access entry of the plan's role, with ARC's scaling policy, on the cluster, in a stack of its Region. */
function accessEntryFor(
  ctx: RegionSwitchContext,
  cluster: ClusterRef,
  role: unknown,
  planStack: StackArtifact,
): boolean {
  const roleName = roleNameOf(role, planStack);
  return ctx.stacks
    .filter((s) => s.region === cluster.region)
    .some((s) =>
      Object.values(s.resources).some((r) => {
        if (r.Type !== 'AWS::EKS::AccessEntry') return false;
        const p = r.Properties ?? {};
        const clusterName = refsIn(p.ClusterName)[0] ?? render(p.ClusterName, s);
        const onCluster = clusterName === cluster.name || clusterName === cluster.logicalId;
        const principal = roleNameOf(p.PrincipalArn, s);
        const policies = Array.isArray(p.AccessPolicies) ? p.AccessPolicies : [];
        const scaling = policies.some((x) => (render(at(x, 'PolicyArn'), s) ?? '').endsWith(`/${SCALING_POLICY}`));
        return onCluster && principal !== null && principal === roleName && scaling;
      }),
    );
}

/** A role's name from its ARN, or from the role resource a GetAtt names (its RoleName). */
function roleNameOf(v: unknown, stack: StackArtifact): string | null {
  const [ref] = refsIn(v);
  if (ref !== undefined) {
    const r = stack.resources[ref];
    return r?.Type === 'AWS::IAM::Role' ? render(r.Properties?.RoleName, stack) : null;
  }
  const arn = render(v, stack);
  const m = arn === null ? null : /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? m[1]! : null;
}

/** Whether a stack of the DR Region creates a read replica with that DB instance identifier. */
function replicaIn(ctx: RegionSwitchContext, identifier: string): boolean {
  return ctx.stacks
    .filter((s) => s.region === ctx.drRegion)
    .some((s) =>
      Object.values(s.resources).some(
        (r) => isReadReplica(r) && render(r.Properties?.DBInstanceIdentifier, s) === identifier,
      ),
    );
}

/** Whether a DB subnet group of that name exists in a stack of the DR Region. */
function subnetGroupIn(ctx: RegionSwitchContext, name: string): boolean {
  return ctx.stacks
    .filter((s) => s.region === ctx.drRegion)
    .some((s) =>
      Object.values(s.resources).some(
        (r) => r.Type === 'AWS::RDS::DBSubnetGroup' && render(r.Properties?.DBSubnetGroupName, s) === name,
      ),
    );
}

/**
 * The entry point's Route 53 failover: a PRIMARY and a SECONDARY record of one name, each with a health check of the
 * templates (R53-2); the checks' interval and threshold (OTH-5 defaults), and the TTL clients keep an answer (an
 * alias: its target's, 60 s for a load balancer, R53-1). Null when there is no such pair.
 */
export function readTraffic(stacks: readonly StackArtifact[]): Switch['traffic'] {
  for (const stack of stacks) {
    const records = Object.values(stack.resources).filter((r) => r.Type === 'AWS::Route53::RecordSet');
    for (const primary of records.filter((r) => r.Properties?.Failover === 'PRIMARY')) {
      const secondary = records.find(
        (r) => r.Properties?.Failover === 'SECONDARY' && r.Properties?.Name === primary.Properties?.Name,
      );
      if (!secondary) continue;
      const checks = [primary, secondary].map((r) => {
        const [id] = refsIn(r.Properties?.HealthCheckId);
        const hc = id === undefined ? undefined : stack.resources[id];
        return hc?.Type === 'AWS::Route53::HealthCheck' ? at(hc.Properties, 'HealthCheckConfig') : undefined;
      });
      if (checks.some((c) => c === undefined)) continue;
      const interval = Math.max(...checks.map((c) => num(at(c, 'RequestInterval')) ?? factValue('OTH-5')));
      const threshold = Math.max(
        ...checks.map((c) => num(at(c, 'FailureThreshold')) ?? factValue('OTH-5', 'failureThreshold')),
      );
      const ttl = Math.max(
        ...[primary, secondary].map((r) =>
          r.Properties?.AliasTarget !== undefined ? factValue('R53-1') : (num(r.Properties?.TTL) ?? factValue('R53-1')),
        ),
      );
      return { requestIntervalSeconds: interval, failureThreshold: threshold, ttlSeconds: ttl };
    }
  }
  return null;
}
