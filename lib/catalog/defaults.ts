/**
 * What a catalog entry gets when it leaves a sizing field out: the sizes every database and service had before the
 * catalog could say, so a catalog without them synthesizes the same templates and manifests.
 */

/** A database asset's instance and storage. */
export const DATABASE_SIZE = { instanceClass: 'db.t4g.medium', storageGiB: 20, maxStorageGiB: 200 } as const;

/** A service container's requests (and memory limit). Not a CPU limit: throttling fails probes, which costs RTO. */
export const SERVICE_RESOURCES = { cpu: '250m', memory: '512Mi' } as const;
