/**
 * The shape of dr-targets.yaml, checked with zod. Every object is strict (an unknown key is an error), every
 * duration is converted to seconds here, and every message says what was expected. Cross-references (tiers, owners,
 * dependencies) are checked afterwards in resolve.ts, where the whole catalog is known.
 */
import { z } from 'zod';
import { ASSET_KIND_IDS, MODES } from '../model';
import { DURATION_EXPECTED, DURATION_PATTERN, durationLimitProblem, parseDuration } from './duration';
import { INT32_MAX, isCalendarDate } from './ranges';
import { AWS_REGIONS, isAwsRegion } from './regions';
import { dns, drCompute, network } from './dr-region-schema';

const ID_PATTERN = /^[a-z][a-z0-9]*([_-][a-z0-9]+)*$/;
export const ID_EXPECTED =
  'an id of lowercase letters and digits, words joined by - or _ (e.g. orders_db, api-gateway)';

const STAGE_EXPECTED =
  'a stage name of lowercase letters and digits, words joined by - (e.g. staging, dev-2); it goes into bucket and stack names';

const id = z.string({ error: `expected ${ID_EXPECTED}` }).regex(ID_PATTERN, { error: `expected ${ID_EXPECTED}` });

const text = z.string({ error: 'expected text' }).trim().min(1, { error: 'expected non-empty text' });

/**
 * What a duration looks like in the file, for the JSON Schema (json-schema.ts): a transform has no input shape zod can
 * describe (`toJSONSchema` throws on it, or writes `{}` with `io: 'input'`), so each transform carries its own. The
 * limit (at most 36500d) is validation's, not the pattern's.
 */
const DURATION_INPUT = [{ const: 0 }, { type: 'string', pattern: DURATION_PATTERN.source }] as const;
const DURATION_DESCRIPTION = `${DURATION_EXPECTED[0]!.toUpperCase()}${DURATION_EXPECTED.slice(1)} (at most 36500d).`;

/** A duration in seconds. */
const duration = z
  .unknown()
  .transform((value, ctx) => {
    const seconds = parseDuration(value);
    if (seconds === undefined) {
      const missing = value === undefined ? 'missing; ' : '';
      const message = durationLimitProblem(value) ?? `${missing}expected ${DURATION_EXPECTED}`;
      ctx.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    }
    return seconds;
  })
  .meta({ id: 'duration', anyOf: [...DURATION_INPUT], description: DURATION_DESCRIPTION });

/** A duration, or one of the given words (e.g. `stateless`). */
function durationOr<const W extends string>(...words: W[]) {
  return z
    .unknown()
    .transform((value, ctx): number | W => {
      if (typeof value === 'string' && (words as string[]).includes(value)) return value as W;
      const seconds = parseDuration(value);
      if (seconds === undefined) {
        const missing = value === undefined ? 'missing; ' : '';
        ctx.addIssue({
          code: 'custom',
          message: durationLimitProblem(value) ?? `${missing}expected ${DURATION_EXPECTED}, or ${words.join(' or ')}`,
          input: value,
        });
        return z.NEVER;
      }
      return seconds;
    })
    .meta({
      anyOf: [...DURATION_INPUT, { enum: words }],
      description: `${DURATION_DESCRIPTION.slice(0, -1)}, or ${words.join(' or ')}.`,
    });
}

const isoDate = z
  .unknown()
  .transform((value, ctx) => {
    // YAML reads an unquoted 2027-06-30 as a date; keep the calendar day either way.
    const s = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    if (typeof s !== 'string' || !isCalendarDate(s)) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO date such as 2027-06-30', input: value });
      return z.NEVER;
    }
    return s;
  })
  .meta({ id: 'date', type: 'string', format: 'date', description: 'An ISO date such as 2027-06-30.' });

const mode = z.enum(MODES, { error: `expected one of ${MODES.join(', ')}` });
const percent = z
  .number({ error: 'expected a percentage such as 99.9' })
  .gt(0, { error: 'expected a percentage above 0' })
  .lt(100, { error: 'expected a percentage below 100' });
const count = (min: number) =>
  z
    .number({ error: `expected a whole number ≥ ${min}` })
    .int({ error: `expected a whole number ≥ ${min}` })
    .min(min, {
      error: `expected a whole number ≥ ${min}`,
    })
    // Counts become Kubernetes and AWS integer fields (HPA replicas, priorities): int32 at most.
    .max(INT32_MAX, { error: `expected a whole number ≤ ${INT32_MAX} (a 32-bit integer field)` });

const acceptance = z.strictObject({
  mode,
  rpo: durationOr('unbounded').optional(),
  rto: durationOr('unbounded').optional(),
  /** One incident up to this long may use more than the month's SLA error budget (lib/model budget.ts). */
  slaBudget: durationOr('unbounded').optional(),
  reason: z
    .string({ error: 'expected a reason of at least 20 characters' })
    .trim()
    .min(20, { error: 'expected a reason of at least 20 characters' }),
  owner: id,
  expires: isoDate,
});

/** The team's own step for a runbook (lib/runbooks): shown in the runbook of the entry for the modes it names. */
const runbookNote = z.strictObject({
  modes: z.array(mode, { error: 'expected a list of failure modes' }).min(1, { error: 'expected at least one mode' }),
  title: text,
  text,
  /** Shell commands, shown as one block. */
  command: text.optional(),
});

/**
 * How a service's health is seen (lib/catalog-plan health.ts): an existing CloudWatch metric with its healthy condition,
 * or an https URL a CloudWatch Synthetics canary the stack creates requests every minute.
 */
const HEALTHY = /^(>=|>|<=|<) ?-?\d+(\.\d+)?$/;
const health = z.union(
  [
    z.strictObject({
      url: z.string({ error: 'expected an https URL' }).regex(/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[^\s]*)?$/i, {
        error: 'expected an https URL such as https://api.example.com/health',
      }),
      /** Reachable only inside the cluster's network: the canary runs in environment.kubernetes.network. */
      internal: z.boolean().default(false),
    }),
    z.strictObject({
      metric: z.strictObject({
        namespace: text,
        name: text,
        dimensions: z.record(z.string(), text).default({}),
        statistic: z
          .enum(['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'], {
            error: 'expected Average, Minimum, Maximum, Sum or SampleCount',
          })
          .default('Average'),
        healthy: z.string().regex(HEALTHY, { error: 'expected a condition such as ">= 1" or "< 5"' }),
      }),
    }),
  ],
  {
    error: 'expected { url: https://…, internal? } or { metric: { namespace, name, dimensions, statistic, healthy } }',
  },
);

const modeOverride = z.strictObject({ rpo: durationOr('stateless').optional(), rto: duration.optional() });
const modeOverrides = z.strictObject(
  Object.fromEntries(MODES.map((m) => [m, modeOverride.optional()])) as Record<
    (typeof MODES)[number],
    z.ZodOptional<typeof modeOverride>
  >,
);

const vaultLock = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({
      mode: z.literal('compliance'),
      changeableForDays: count(3).max(36500, { error: 'expected at most 36500 days (AWS Backup ChangeableForDays)' }),
      minRetention: duration,
      maxRetention: duration,
    }),
    z.strictObject({ mode: z.literal('governance'), minRetention: duration, maxRetention: duration }),
  ],
  { error: 'expected mode: compliance (with changeableForDays ≥ 3) or governance' },
);

/**
 * What a recovery spends outside any mechanism, as the team declares it: noticing, deciding, repointing clients.
 * Optional overrides for a Region failover and for corruption (which may go unnoticed longer than an outage).
 */
const overheadParts = z.strictObject({
  detect: duration.optional(),
  decide: duration.optional(),
  repoint: duration.optional(),
});
const recovery = z.strictObject({
  detect: duration,
  decide: duration,
  repoint: duration,
  region: overheadParts.optional(),
  corruption: z
    .strictObject({
      detect: duration.optional(),
      decide: duration.optional(),
      repoint: duration.optional(),
      /** How long corruption can go unnoticed (default: detect), and how it is noticed. */
      unnoticed: duration.optional(),
      how: text.optional(),
    })
    .optional(),
  /** Endpoint and load-balancer propagation after a pod or node loss (not published, MECH-25). */
  endpointPropagation: duration.optional(),
});

/** Namespaces Kubernetes itself uses (`default` included: every object without one lands there). */
const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** EKS CreateCluster: letters, digits, `-` and `_`, starting with a letter or digit, at most 100 characters. */
const eksClusterName = z.string().regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, {
  error: 'expected an EKS cluster name: 1–100 letters, digits, - or _, starting with a letter or digit',
});

const tier = z.strictObject({
  id,
  name: text,
  definition: text,
  sla: percent,
  policy: z.strictObject({
    minReplicas: count(1),
    maxReplicas: count(1),
    priority: count(0).max(1_000_000_000, { error: 'expected a priority ≤ 1000000000 (K8S-12)' }),
    retention: duration,
    immutableBackups: z.boolean({ error: 'expected true or false' }),
    offsiteCopy: z.boolean({ error: 'expected true or false' }).default(false),
    vaultLock,
    backupWindow: z.strictObject({ start: duration, completion: duration }),
    evidenceValidity: duration,
    region: z.strictObject({ rpo: duration, rto: duration, interpretation: text }),
    /** Stateful resources that have the setting (RDS) keep deletion protection on; checked from the artifacts. */
    deletionProtection: z.boolean({ error: 'expected true or false' }).default(true),
    recovery: recovery.optional(),
  }),
});

/** A Kubernetes object or container name (a DNS-1123 label). */
const k8sObjectName = z
  .string({ error: 'expected a Kubernetes name such as web' })
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: 'expected a Kubernetes name: lowercase letters, digits and -, at most 63',
  });

/** A tag (ECR tags are immutable in these repositories) or a digest, which pins the image by content. */
const imageTag = z
  .string()
  .regex(/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/, {
    error: 'expected an image tag such as 1.0.0, or a digest sha256:<64 hex digits>',
  })
  .refine((tag) => tag !== 'latest', { error: 'expected a version: latest moves, so GitOps could not pin it' });

/** A container's requests (and memory limit), as Kubernetes quantities in their common forms. */
const resources = z.strictObject({
  cpu: z
    .string({ error: 'expected a CPU quantity such as 250m or 1' })
    .regex(/^([1-9][0-9]*m|[0-9]+(\.[0-9]+)?)$/, { error: 'expected a CPU quantity such as 250m, 1 or 1.5' })
    .refine((q) => !/^0+(\.0+)?$/.test(q), { error: 'expected a CPU quantity above 0' })
    .optional(),
  memory: z
    .string({ error: 'expected a memory quantity such as 512Mi' })
    .regex(/^[1-9][0-9]*(Ki|Mi|Gi|Ti)$/, { error: 'expected a memory quantity such as 512Mi or 2Gi' })
    .optional(),
});

const service = z.strictObject({
  id,
  tier: id,
  sla: percent.optional(),
  rpo: durationOr('stateless'),
  rto: duration,
  notes: text,
  owns: z.array(id, { error: 'expected a list of asset ids' }),
  dependsOn: z.array(id, { error: 'expected a list of asset ids' }),
  startup: duration.optional(),
  port: count(1).max(65535).optional(),
  healthPath: z.string().regex(/^\//, { error: 'expected a path starting with /' }).optional(),
  health: health.optional(),
  /** This service's image tag or digest. @default - environment.kubernetes.imageTag */
  imageTag: imageTag.optional(),
  /** Its container's requests and memory limit. @default - 250m CPU, 512Mi memory */
  resources: resources.optional(),
  /**
   * Who owns the Deployment: `managed` (the charts write all of it) or `overlay` (the team ships its own; the charts
   * write its HPA and PodDisruptionBudget and a patch with the plan's probe timings, zone spread and tolerations).
   * @default managed
   */
  workload: z.enum(['managed', 'overlay'], { error: 'expected managed or overlay' }).optional(),
  /** The team's Deployment an overlay patches. @default - named after the service, its container likewise */
  deployment: z
    .strictObject({
      name: k8sObjectName.optional(),
      container: k8sObjectName.optional(),
      /** A folder of the team's manifests, relative to the catalog, that the checker reads with the charts'. */
      manifests: text.optional(),
    })
    .optional(),
  modes: modeOverrides.optional(),
  accept: z.array(acceptance).optional(),
  runbook: z.array(runbookNote).optional(),
});

const asset = z.strictObject({
  id,
  kind: z.enum(ASSET_KIND_IDS, { error: `expected one of ${ASSET_KIND_IDS.join(', ')}` }),
  tier: id.optional(),
  rpo: durationOr('stateless', 'rebuildable'),
  rebuildFrom: id.optional(),
  rto: duration,
  retention: duration.optional(),
  owner: id,
  backupMethod: text,
  notes: text.optional(),
  personalData: z.boolean({ error: 'expected true or false' }).optional(),
  preDeploySnapshot: z.boolean({ error: 'expected true or false' }).optional(),
  /** A database's instance class (postgres, mysql). @default db.t4g.medium */
  instanceClass: z
    .string({ error: 'expected an RDS instance class such as db.t4g.medium' })
    .regex(/^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/, {
      error: 'expected an RDS instance class such as db.t4g.medium or db.r6g.large',
    })
    .optional(),
  /** A database's allocated gp3 storage, 20–65536 GiB (OTH-80). @default 20 */
  storageGiB: count(20).max(65536, { error: 'expected at most 65536 GiB (gp3, OTH-80)' }).optional(),
  /** The storage autoscaling ceiling, at least 10% above storageGiB (OTH-81). @default 200 */
  maxStorageGiB: count(22).max(65536, { error: 'expected at most 65536 GiB (gp3, OTH-80)' }).optional(),
  /** For a rebuildable cache: how long it takes to serve again after a flush (declared; unknown without it). */
  warmUp: duration.optional(),
  /**
   * How a database comes back after a Region loss (postgres, mysql): `restore` its replicated automated backups or DR
   * vault copy into the DR network; `replica`: keep a cross-Region read replica there and promote it (a second instance,
   * docs/aws.md); `auto`: a replica only where the asset's Region RPO target is tighter than replicated backups give
   * (RDS-15: up to 30 minutes typical). @default restore
   */
  regionStrategy: z.enum(['restore', 'replica', 'auto'], { error: 'expected restore, replica or auto' }).optional(),
  external: z
    .strictObject({
      provider: text,
      evidence: text,
      unaffected: z.array(mode).default([]),
    })
    .optional(),
  modes: modeOverrides.optional(),
  accept: z.array(acceptance).optional(),
  runbook: z.array(runbookNote).optional(),
});

const FREQUENCIES = ['monthly', 'quarterly', 'semi-annually', 'annually'] as const;
const DRILL_KINDS = ['pitr-restore', 'redis-restore', 'service-failover', 'region-failover', 'tabletop'] as const;

const drill = z.strictObject({
  id,
  name: text,
  kind: z.enum(DRILL_KINDS, { error: `expected one of ${DRILL_KINDS.join(', ')}` }),
  frequency: z.enum(FREQUENCIES, { error: `expected one of ${FREQUENCIES.join(', ')}` }),
  schedule: z
    .string()
    .regex(/^cron\(.+\)$/, { error: 'expected an AWS cron expression such as cron(0 5 1 1/3 ? *)' })
    .optional(),
  owner: id,
  assets: z.array(id),
});

const region = z
  .string({ error: 'expected an AWS Region such as eu-west-2' })
  .refine(isAwsRegion, { error: 'expected an AWS Region such as eu-west-2 (one of lib/catalog/regions.ts)' })
  .meta({ id: 'region', enum: [...AWS_REGIONS] });

const contact = z.strictObject({
  id,
  role: text,
  email: z.email({ error: 'expected an e-mail address' }),
  notify: z.boolean({ error: 'expected true or false' }),
});

/** Entry schemas by list, so entries that are fine can still be cross-checked when another entry is broken. */
export const ENTRY_SCHEMAS = {
  tiers: tier,
  services: service,
  assets: asset,
  contacts: contact,
  drills: drill,
} as const;

export const catalogSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  company: text,
  profile: z.enum(['production', 'sandbox'], { error: 'expected production or sandbox' }),
  environment: z.strictObject({
    /**
     * The stage this catalog deploys (staging, dev, …): every AWS and cluster-wide name carries it, so two stages share
     * an account, Region and cluster without colliding. Absent, or `production`, names stay as they always were.
     */
    stage: z
      .string({ error: `expected ${STAGE_EXPECTED}` })
      .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: `expected ${STAGE_EXPECTED}` })
      .optional(),
    account: z
      .string({ error: 'expected a 12-digit AWS account id in quotes' })
      .regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id in quotes' }),
    regions: z.strictObject({ primary: region, dr: region }),
    availabilityZones: z.record(
      region,
      z
        .array(
          z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, {
            error: 'expected an availability zone such as eu-west-2a',
          }),
        )
        .min(1),
    ),
    kubernetes: z.strictObject({
      version: z.string().regex(/^1\.\d+$/, { error: 'expected a Kubernetes minor version such as "1.27"' }),
      // The charts put a default-deny NetworkPolicy in it: never one of Kubernetes' own namespaces.
      namespace: id.refine((n) => !RESERVED_NAMESPACES.includes(n), {
        error: `expected a namespace of the project's own, not one of Kubernetes' (${RESERVED_NAMESPACES.join(', ')}): the charts put a default-deny NetworkPolicy in it`,
      }),
      clusters: z.strictObject({ primary: eksClusterName, dr: eksClusterName.optional() }),
      /** The primary cluster's VPC and private subnets, where canaries of internal health URLs run. */
      network: z
        .strictObject({
          vpc: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'expected a VPC id such as vpc-0123456789abcdef0' }),
          subnets: z
            .array(
              z.string().regex(/^subnet-[0-9a-f]{8,17}$/, {
                error: 'expected a subnet id such as subnet-0123456789abcdef0',
              }),
            )
            .min(1, { error: 'expected at least one subnet' }),
        })
        .optional(),
      imageTag,
      /**
       * The third-party images the charts run (k8s/images.ts), pinned by digest: a team's lock of tag → digest, or its
       * ECR mirror. Absent ones run by version tag.
       */
      images: z
        .strictObject(
          Object.fromEntries(
            (['redis', 'awsCli', 'redisExporter'] as const).map((name) => [
              name,
              z
                .string()
                .regex(/^[a-z0-9][a-z0-9._/-]{0,254}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?@sha256:[a-f0-9]{64}$/, {
                  error: 'expected an image pinned by digest, such as redis:7.0.15@sha256:<64 hex digits>',
                })
                .optional(),
            ]),
          ) as Record<'redis' | 'awsCli' | 'redisExporter', z.ZodOptional<z.ZodString>>,
        )
        .optional(),
    }),
    /** The network per Region: `create` (the app makes the VPC; the primary's default) or an existing VPC. */
    network: z.record(region, network).optional(),
    /** Compute in the DR Region: declared elsewhere (`external`) or a pilot light this app provisions or names. */
    drCompute: drCompute.optional(),
    /** Route 53 failover of the app's entry point between the two Regions (health checks and records the stack owns). */
    dns: dns.optional(),
    /** Account quotas the plan must fit in; absent ones take AWS's published default where the facts have one. */
    quotas: z
      .strictObject({
        rdsInstances: count(1).optional(),
        rdsReplicatedBackups: count(0).optional(),
        backupAuditControls: count(0).optional(),
      })
      .optional(),
  }),
  contacts: z.array(contact).min(1, { error: 'expected at least one contact' }),
  tiers: z.array(tier).min(1, { error: 'expected at least one tier' }),
  services: z.array(service),
  assets: z.array(asset),
  drills: z.array(drill).default([]),
  drillLog: text.default('docs/disaster-recovery/chaos-testing.md'),
  evidence: text.default('docs/disaster-recovery/evidence.json'),
  businessImpact: z
    .array(z.strictObject({ from: duration, to: duration.optional(), impact: text, acceptable: text }))
    .default([]),
  slaPolicy: z.strictObject({ reportTo: id, reportWithin: duration, postMortemWithin: duration }).optional(),
});

export type RawCatalog = z.output<typeof catalogSchema>;
export const environmentSchema = catalogSchema.shape.environment;
export type RawTier = RawCatalog['tiers'][number];
export type RawService = RawCatalog['services'][number];
export type RawAsset = RawCatalog['assets'][number];
export type RawAcceptance = z.output<typeof acceptance>;
export type DrillKind = (typeof DRILL_KINDS)[number];
export type Frequency = (typeof FREQUENCIES)[number];
