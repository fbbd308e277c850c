/**
 * Stateful resources pinned by hand: their stack, logical id, type and deletion/replacement policies. `jest -u` cannot
 * update a pinned list, so renaming a construct, moving a data store to another stack or losing a RETAIN fails CI
 * instead of replacing or deleting it. Used by test/constructs/stateful.test.ts (the shipped catalog) and
 * stateful-shards.test.ts (a sharded placement).
 */
import type { CfnTemplate } from './synthesized';

/**
 * Types whose loss is data loss, or loss of what a recovery needs: the images a redeploy pulls (ECR) and the logs an
 * investigation reads (database and flow logs). Every one of them in a template must be pinned.
 */
export const STATEFUL_TYPES: readonly string[] = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::S3::Bucket',
  'AWS::Backup::BackupVault',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::ECR::Repository',
  'AWS::Logs::LogGroup',
];

export const RETAIN = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } as const;

export interface PinnedResource {
  readonly type: string;
  readonly DeletionPolicy: string;
  readonly UpdateReplacePolicy: string;
}

/** Stack name → logical id → what it must stay. */
export type Pinned = Readonly<Record<string, Readonly<Record<string, PinnedResource>>>>;

/** A retained resource of one type, as the pinned lists write it. */
export const retained = (type: string): PinnedResource => ({ type, ...RETAIN });

/**
 * One `describe` per pinned stack: each pinned id keeps its type and policies, and the stack holds no stateful
 * resource that is not pinned.
 */
export function describePinnedStateful(
  pinned: Pinned,
  resourcesOf: (stackName: string) => CfnTemplate['Resources'],
): void {
  describe.each(Object.entries(pinned))('stateful resources of %s', (stackName, want) => {
    const resources = resourcesOf(stackName);

    test.each(Object.entries(want))('%s keeps its logical id, type and policies', (id, pin) => {
      const got = resources[id];
      expect(got).toBeDefined();
      expect({
        type: got!.Type,
        DeletionPolicy: got!.DeletionPolicy,
        UpdateReplacePolicy: got!.UpdateReplacePolicy,
      }).toEqual(pin);
    });

    test('no stateful resource is missing from the list', () => {
      const stateful = Object.entries(resources)
        .filter(([, r]) => STATEFUL_TYPES.includes(r.Type))
        .map(([id]) => id);
      expect(stateful.sort()).toEqual(Object.keys(want).sort());
    });
  });
}
