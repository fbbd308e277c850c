/** Amazon S3: versioning, cross-Region replication (with or without RTC), Object Lock. */
import { allNone, fromFact, known, none, protects, unknown } from '../figure';
import { findSpec, type MechanismModule } from './spec';

const RESTORE_VERSIONS = unknown(['MECH-12'], 'restoring earlier versions is an operation; no published time');

export const s3Versioning: MechanismModule<'s3-versioning'> = {
  id: 's3-versioning',
  title: 'S3 Standard with versioning',
  row: 'MECH-12',
  cost: () => 1,
  achieve: () => {
    const regional = protects(
      known(0, 'typical', ['S3-13', 'MECH-12'], 'stored across zones by design'),
      known(0, 'typical', ['MECH-12'], 'a Regional service: a zone loss needs no recovery'),
    );
    return {
      instance: regional,
      az: regional,
      region: none('a bucket is Regional', ['MECH-12']),
      // Overwrites and plain deletes keep the earlier version, but a DELETE with a version id is permanent.
      corruption: none('a DELETE with a version id is permanent without replication or Object Lock', [
        'S3-1',
        'MECH-12',
      ]),
    };
  },
};

export const s3Replication: MechanismModule<'s3-replication'> = {
  id: 's3-replication',
  title: 'S3 cross-Region replication',
  row: 'MECH-13',
  cost: (s) => (s.rtc ? 5 : 4),
  achieve: (spec, _ctx, set) => {
    if (!findSpec(set, 's3-versioning')) return allNone('replication requires versioning', ['MECH-13']);
    const lag = spec.rtc
      ? fromFact('S3-5', 'sla', ['S3-4', 'MECH-14'], 'RTC: 99.9% of objects within 15 minutes (SLA)')
      : fromFact('S3-3', 'worst', ['MECH-13'], 'without RTC: up to 48 hours');
    const notAPath = none('not a recovery path inside the primary Region', ['MECH-13']);
    return {
      instance: notAPath,
      az: notAPath,
      region: protects(lag, unknown(['MECH-13'], 'clients switch to the DR bucket; cutover time not researched')),
      // Version-id deletes are not replicated, so the replica keeps what an operator or attacker deleted (S3-8).
      corruption: protects(known(0, 'typical', ['S3-8', 'S3-1'], 'the replica keeps every version'), RESTORE_VERSIONS),
    };
  },
};

export const s3ObjectLock: MechanismModule<'s3-object-lock'> = {
  id: 's3-object-lock',
  title: 'S3 Object Lock',
  row: 'MECH-15',
  cost: () => 3,
  achieve: (spec) => {
    const notAPath = none('Object Lock protects against deletion only', ['MECH-15']);
    const locked =
      spec.mode === 'compliance'
        ? known(0, 'typical', ['S3-11', 'MECH-15'], 'no one can delete a locked version')
        : known(0, 'typical', ['S3-11'], 'governance mode: only principals allowed to bypass can delete');
    return {
      instance: notAPath,
      az: notAPath,
      region: notAPath,
      corruption: protects(locked, RESTORE_VERSIONS),
    };
  },
};
