/** Kinds served by managed services or provisioned elsewhere: object stores, secrets, Git. */
import type { MechanismSpec } from '../mechanisms/spec';
import { snapshotOptions, type KindModule } from './kind';

export const objectStore: KindModule = {
  kind: 'object-store',
  title: 'Amazon S3 bucket',
  stateful: true,
  backupResourceType: 'S3',
  restoreServes: true,
  groups: (policy) => {
    const replication: MechanismSpec[][] = [
      [],
      [{ id: 's3-replication', rtc: false, deleteMarkers: true }],
      [{ id: 's3-replication', rtc: true, deleteMarkers: true }],
    ];
    const lock: MechanismSpec[][] = policy.vaultLock
      ? [[], [{ id: 's3-object-lock', mode: policy.vaultLock.mode, retentionDays: policy.retentionDays }]]
      : [[]];
    return [
      { name: 'versioning', options: [[{ id: 's3-versioning' }]] },
      { name: 'replication', options: replication },
      { name: 'object-lock', options: lock },
      { name: 'backups', options: snapshotOptions('S3', policy) },
    ];
  },
};

export const secret: KindModule = {
  kind: 'secret',
  title: 'AWS Secrets Manager secrets',
  stateful: true,
  backupResourceType: null,
  restoreServes: false,
  groups: (policy) => [
    {
      name: 'secret',
      options: [
        [{ id: 'secrets-manager', replicaRegions: [] }],
        [{ id: 'secrets-manager', replicaRegions: [policy.drRegion] }],
      ],
    },
  ],
};

export const git: KindModule = {
  kind: 'git',
  title: 'Git repository (provisioned elsewhere)',
  stateful: false,
  backupResourceType: null,
  restoreServes: false,
  groups: (policy) => {
    const declared = policy.external;
    return [
      {
        name: 'external',
        options: declared ? [[{ id: 'external', ...declared }]] : [[]],
      },
    ];
  },
};
