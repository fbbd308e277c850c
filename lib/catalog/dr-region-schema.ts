/**
 * The catalog's environment fields for a Region-loss path: the network per Region (created by the app, or an existing
 * VPC named by id, zones and subnets — read with `Vpc.fromVpcAttributes`, never looked up), the compute in the DR
 * Region (`external`, declared with evidence, or a `pilot-light` cluster this app provisions or names), and the DNS
 * failover of the app's entry point. Cross-field checks (zones of the Region, Auto Mode's version floor) are in
 * dr-region.ts, where the whole environment is known.
 */
import { z } from 'zod';

const text = z.string({ error: 'expected text' }).trim().min(1, { error: 'expected non-empty text' });
const zone = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { error: 'expected an availability zone such as eu-west-2a' });

/** EC2 ids: a prefix and 8 or 17 hexadecimal digits (the short form is older resources'). */
const ec2Id = (prefix: string, example: string) =>
  z
    .string({ error: `expected ${prefix} id such as ${example}` })
    .regex(new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), { error: `expected ${prefix} id such as ${example}` });

/** An existing VPC: what `Vpc.fromVpcAttributes` needs, so synth makes no lookup. */
export const existingNetwork = z.strictObject({
  vpcId: ec2Id('vpc', 'vpc-0a1b2c3d4e5f60718'),
  zones: z.array(zone, { error: 'expected a list of availability zones' }).min(2, {
    error: 'expected at least 2 zones: a DB subnet group spans at least two',
  }),
  /** Subnets, zone by zone in the order of `zones` (a multiple of their count): databases and, in the DR Region, the cluster. */
  subnetIds: z
    .array(ec2Id('subnet', 'subnet-0a1b2c3d4e5f60718'), { error: 'expected a list of subnet ids' })
    .min(2, { error: 'expected at least 2 subnets' }),
});

export const network = z.union([z.literal('create'), existingNetwork], {
  error: 'expected create, or an existing VPC as { vpcId, zones, subnetIds }',
});

const kubernetesVersion = z
  .string({ error: 'expected a Kubernetes minor version such as "1.33"' })
  .regex(/^1\.\d+$/, { error: 'expected a Kubernetes minor version such as "1.33"' });

export const PROVISIONERS = ['ebs.csi.eks.amazonaws.com', 'ebs.csi.aws.com'] as const;

export const drCompute = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('external'), evidence: text }),
    z.strictObject({
      kind: z.literal('pilot-light'),
      /** The DR cluster's own version: EKS Auto Mode needs 1.29 or later (EKS-1). */
      kubernetesVersion,
      /** `create`: the Recovery stack creates the cluster (EKS Auto Mode); `existing`: a cluster run elsewhere, by name. */
      cluster: z.enum(['create', 'existing'], { error: 'expected create or existing' }).default('create'),
      /** Replicas of each Deployment while idle; the failover plan scales them up. */
      replicas: z
        .number({ error: 'expected a whole number ≥ 0' })
        .int({ error: 'expected a whole number ≥ 0' })
        .min(0, { error: 'expected a whole number ≥ 0' })
        .max(1000, { error: 'expected at most 1000 replicas' })
        .default(0),
      /** The EBS CSI provisioner of the DR cluster's StorageClasses (Auto Mode: ebs.csi.eks.amazonaws.com, EKS-3). */
      storageProvisioner: z.enum(PROVISIONERS, { error: `expected one of ${PROVISIONERS.join(', ')}` }).optional(),
    }),
  ],
  { error: 'expected kind: external (with evidence) or pilot-light (with kubernetesVersion)' },
);

const hostedZoneId = z
  .string({ error: 'expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ' })
  .regex(/^Z[0-9A-Z]{1,31}$/, { error: 'expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ' });
const dnsName = z
  .string({ error: 'expected a DNS name such as app.example.com' })
  .max(253, { error: 'expected a DNS name of at most 253 characters' })
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]\.?$/, {
    error: 'expected a lowercase DNS name such as app.example.com',
  });

/** Where one Region serves the entry point: an alias target (a load balancer) or a DNS name the team provides. */
export const dnsTarget = z.union(
  [z.strictObject({ alias: z.strictObject({ dnsName, hostedZoneId }) }), z.strictObject({ dnsName })],
  { error: 'expected { alias: { dnsName, hostedZoneId } } or { dnsName }' },
);

export const dns = z.strictObject({
  hostedZoneId,
  /** The record clients resolve (the app's entry point), inside the hosted zone. */
  recordName: dnsName,
  /** The targets of both Regions of the catalog, keyed by Region. */
  targets: z.record(z.string(), dnsTarget),
  /** What the Route 53 health checks request on each target (HTTPS). */
  healthCheck: z
    .strictObject({
      path: z.string().regex(/^\/[\x21-\x7e]{0,254}$/, {
        error: 'expected a path starting with / (printable ASCII, ≤ 255 characters)',
      }),
      port: z.number().int().min(1).max(65535).default(443),
    })
    .default({ path: '/health/ready', port: 443 }),
});

/** An environment's network per Region (both sides), after validation. */
export type RawNetwork = z.output<typeof network>;
export type RawDrCompute = z.output<typeof drCompute>;
export type RawDns = z.output<typeof dns>;
