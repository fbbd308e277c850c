/** The kind vocabulary. Adding a kind is adding one module here; the catalog's schema takes its ids from this list. */
import type { KindModule } from './kind';
import { git, objectStore, secret } from './managed';
import { mysql, postgres } from './rds';
import { redis, redisCache } from './redis';
import { service } from './service';

export const ASSET_KINDS = {
  postgres,
  mysql,
  redis,
  'redis-cache': redisCache,
  'object-store': objectStore,
  git,
  secret,
} as const satisfies Record<string, KindModule>;

export type AssetKind = keyof typeof ASSET_KINDS;
export const ASSET_KIND_IDS = Object.keys(ASSET_KINDS) as AssetKind[];

export function kindModule(kind: AssetKind | 'service'): KindModule {
  return kind === 'service' ? service : ASSET_KINDS[kind];
}

export type { KindModule, OptionGroup, PlanPolicy } from './kind';
