/**
 * What the account shows for each audit target. Every section is read on its own: an error (access denied, a
 * persistent 500) marks that section unreadable with the reason and leaves the rest of the asset, and the other
 * assets, audited.
 */
import {
  resourcesOf,
  type ProtectedResourceLite,
  backupJobs,
  copyJobs,
  latestRestorableTime,
  listProtectedResources,
  newestOf,
  replicatedBackupTime,
  restoreJobs,
  vaultState,
  ownVolumes,
} from '../../aws';
import type { AuditTarget, Observed, Read, VaultState } from '../types';
import { errorText, type AwsClients } from './clients';

export interface ObserveOptions {
  readonly regions: readonly string[];
  /** Start of the window for failed jobs. */
  readonly since: Date;
  readonly now: Date;
}

async function read<T>(f: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}

function memo<T>(): (key: string, f: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, f) => {
    let p = cache.get(key);
    if (!p) cache.set(key, (p = f()));
    return p;
  };
}

/** An observer shares account-wide reads (protected resources, vaults) between the assets of one audit. */
export function observer(clients: AwsClients, options: ObserveOptions): (target: AuditTarget) => Promise<Observed> {
  const protectedIn = memo<ProtectedResourceLite[]>();
  const vaultIn = memo<VaultState>();
  const inScope = (region: string) => options.regions.includes(region);
  const notInScope = <T>(): Read<T> => ({ ok: false, error: 'Region not audited' });

  return async (target) => {
    const primary = target.primaryRegion;
    const dr = target.drRegion;
    const backup = clients.backup(primary);
    // Auditing only the DR Region (the primary may be the one that is down): an ARN lib/names decides needs no lookup.
    const resources: Read<readonly string[]> =
      !inScope(primary) && target.match.by === 'arn'
        ? { ok: true, value: [target.match.arn] }
        : await read(async () =>
            ownVolumes(
              target,
              clients.ec2,
              resourcesOf(target, await protectedIn(primary, () => listProtectedResources(backup))),
            ),
          );
    const arns = resources.ok ? resources.value : [];
    const forEach = async <T>(f: (arn: string) => Promise<T[]>) => (await Promise.all(arns.map(f))).flat();
    const validFrom = new Date(options.now.getTime() - target.evidenceValiditySeconds * 1000);
    const restoresIn = (region: string) =>
      forEach((arn) => restoreJobs(clients.backup(region), region, arn, validFrom));
    const [newest, latestRestorable, jobs, copies, vault, restores] = await Promise.all([
      inScope(primary) ? read(() => newestOf(backup, arns)) : notInScope<null>(),
      inScope(primary) && target.freshness.source === 'latest-restorable-time' && target.databaseIdentifier
        ? read(() => latestRestorableTime(clients.rds(primary), target.databaseIdentifier!))
        : undefined,
      inScope(primary) ? read(() => forEach((arn) => backupJobs(backup, arn, options.since))) : notInScope<never[]>(),
      inScope(primary) ? read(() => forEach((arn) => copyJobs(backup, arn, options.since))) : notInScope<never[]>(),
      inScope(primary)
        ? read(() => vaultIn(`${primary}/${target.vault}`, () => vaultState(backup, target.vault)))
        : notInScope<VaultState>(),
      read(async () => [
        ...(inScope(primary) ? await restoresIn(primary) : []),
        ...(inScope(dr) && target.copy ? await restoresIn(dr) : []),
      ]),
    ]);
    const drBackup = clients.backup(dr);
    const copy =
      target.copy && inScope(dr)
        ? {
            // The tier's vault in the DR Region: the one whose lock the copy check holds it to.
            newest: await read(() => newestOf(drBackup, arns, target.vault)),
            vault: await read(() => vaultIn(`${dr}/${target.vault}`, () => vaultState(drBackup, target.vault))),
          }
        : undefined;
    const replication =
      target.replication && target.databaseIdentifier && inScope(dr)
        ? await read(() => replicatedBackupTime(clients.rds(dr), target.databaseIdentifier!))
        : undefined;
    return {
      resources,
      newest,
      ...(latestRestorable ? { latestRestorable } : {}),
      backupJobs: jobs,
      copyJobs: copies,
      vault,
      ...(copy ? { copy } : {}),
      ...(replication ? { replication } : {}),
      restores,
    };
  };
}
