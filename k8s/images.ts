/**
 * Third-party images the charts run, pinned (never `latest`). Mirror them into the company's ECR registry, which
 * replicates to the DR Region (OTH-9), before relying on them in a Region loss: public registries are one more
 * dependency outside the recovery plan.
 */
export const IMAGES = {
  /** The Redis server version the real-Redis tests run (Debian's redis-server 7.0.15, see docs/toolchain). */
  redis: 'redis:7.0.15',
  /** AWS CLI v2 for the backup, shipping and restore-test jobs. */
  awsCli: 'public.ecr.aws/aws-cli/aws-cli:2.17.0',
  /** Prometheus metrics of each Redis (k8s/redis/exporter.ts); a static binary, so any non-root uid runs it. */
  redisExporter: 'oliver006/redis_exporter:v1.62.0',
} as const;

export type ThirdPartyImage = keyof typeof IMAGES;

/** The images a catalog's charts run: its digest-pinned references (environment.kubernetes.images) over the tags. */
export function imagesOf(
  pinned: Partial<Record<ThirdPartyImage, string>> = {},
): Readonly<Record<ThirdPartyImage, string>> {
  return { ...IMAGES, ...pinned };
}

/** The uid the Redis image's `redis` user has; the restricted pod security standard needs a non-root uid. */
export const REDIS_UID = 999;
/** A non-root uid for images that do not define one (application images, the AWS CLI). */
export const APP_UID = 10001;
