/** Managed services and what is provisioned elsewhere: Secrets Manager, ECR replication, redeploys, external systems. */
import {
  allNone,
  everyMode,
  figure,
  known,
  naField,
  none,
  noneField,
  notApplicable,
  protects,
  unknown,
} from '../figure';
import { findSpec, type MechanismModule } from './spec';

export const secretsManager: MechanismModule<'secrets-manager'> = {
  id: 'secrets-manager',
  title: 'AWS Secrets Manager secret (with replica Regions)',
  row: 'MECH-28',
  cost: (s) => 1 + s.replicaRegions.length,
  achieve: (spec) => {
    const regional = notApplicable('a Regional managed service: an instance or zone failure is absorbed by AWS', [
      'MECH-28',
    ]);
    return {
      instance: regional,
      az: regional,
      region:
        spec.replicaRegions.length === 0
          ? none('no replica Region', ['MECH-28'])
          : protects(
              unknown(['OTH-2', 'MECH-28'], 'replication lag is not published'),
              spec.replicaRegions.some((r) => spec.readInPlace?.includes(r))
                ? known(
                    0,
                    'typical',
                    ['OTH-1', 'OTH-2', 'MECH-28'],
                    'the DR site reads the replica where it is: nothing to promote to read it',
                  )
                : unknown(['OTH-2', 'MECH-28'], 'promote the replica and repoint clients; manual'),
            ),
      // A deletion waits out its recovery window (OTH-3) unless forced, and a bad value propagates to the replicas
      // (MECH-28); the facts give no figure for going back to an earlier value.
      corruption: protects(
        unknown(
          ['MECH-28', 'OTH-3'],
          'a bad value propagates to the replicas; no published figure for restoring an earlier one',
        ),
        unknown(['OTH-3'], 'restoring is a manual call'),
      ),
    };
  },
};

export const ecrReplication: MechanismModule<'ecr-replication'> = {
  id: 'ecr-replication',
  title: 'ECR cross-Region replication',
  row: 'MECH-29',
  cost: () => 1,
  achieve: () => {
    const notAPath = none('images are not a recovery path inside the primary Region', ['MECH-29']);
    return {
      instance: notAPath,
      az: notAPath,
      // Images are code, not the service's data: their lag (not published, OTH-9) decides which version the DR
      // Region can run, not what data is lost, so it does not bound the service's RPO.
      region: {
        rpo: naField('images are not the service’s data; which version replicated is not published (OTH-9)', [
          'OTH-9',
          'MECH-29',
        ]),
        rto: noneField('images alone do not run a service', ['MECH-29']),
      },
      corruption: none('replication is not a backup', ['MECH-29']),
    };
  },
};

export const statelessRedeploy: MechanismModule<'stateless-redeploy'> = {
  id: 'stateless-redeploy',
  title: 'Stateless redeploy in the DR Region',
  row: 'MECH-24',
  cost: () => 0,
  achieve: (_spec, ctx, set) => {
    const notAPath = none('a redeploy elsewhere is the path for a Region loss only', ['MECH-24']);
    let region;
    if (!ctx.drCompute) region = none('no compute is declared in the DR Region', ['OTH-4', 'MECH-30']);
    else if (!findSpec(set, 'ecr-replication'))
      region = none('the images are not replicated to the DR Region', ['OTH-9']);
    else region = protects(null, unknown(['OTH-4'], 'deploy to the declared DR compute; not measured'));
    return { instance: notAPath, az: notAPath, region, corruption: notAPath };
  },
};

export const external: MechanismModule<'external'> = {
  id: 'external',
  title: 'Provisioned elsewhere (declared with evidence)',
  row: 'MECH-30',
  cost: () => 0,
  achieve: (spec) => {
    if (spec.evidence.trim() === '') return allNone(`${spec.provider}: no evidence declared`, []);
    const declared = protects(
      unknown([], `provided by ${spec.provider}; declared, not verifiable from the artifacts`),
      unknown([], `provided by ${spec.provider}; declared, not verifiable from the artifacts`),
    );
    const outside = notApplicable(`${spec.provider} is outside this failure domain (declared in the catalog)`, []);
    const out = everyMode(declared);
    return {
      instance: spec.unaffected.includes('instance') ? outside : out.instance,
      az: spec.unaffected.includes('az') ? outside : out.az,
      region: spec.unaffected.includes('region') ? outside : out.region,
      corruption: spec.unaffected.includes('corruption') ? outside : out.corruption,
    };
  },
};

/**
 * A rebuildable cache after corruption (REDIS-18): flushed, then warmed again by its clients from the source of truth.
 * It loses nothing of its own; it is back once warm, in the time the catalog declares (`warmUp`), else unknown.
 */
export const cacheFlush: MechanismModule<'cache-flush'> = {
  id: 'cache-flush',
  title: 'Flush and warm a rebuildable cache',
  row: 'MECH-24',
  cost: () => 0,
  achieve: (spec) => {
    const notAPath = none('flushing is the path for corruption only', ['REDIS-18']);
    const rto =
      spec.warmUpSeconds === null
        ? unknown(['REDIS-18'], 'flush, then warm-up from the source of truth: not declared in the catalog')
        : known(spec.warmUpSeconds, 'typical', ['REDIS-18'], `flush, then warm-up declared as ${spec.warmUpSeconds} s`);
    return {
      instance: notAPath,
      az: notAPath,
      region: notAPath,
      corruption: { rpo: naField('a rebuildable cache keeps no data of its own', ['REDIS-18']), rto: figure(rto) },
    };
  },
};
