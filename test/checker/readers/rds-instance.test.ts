import { readRdsInstance, rdsMechanisms } from '../../../lib/checker/readers/rds-instance';
import { resource } from '../helpers';

const db = (p: Record<string, unknown>) => resource('AWS::RDS::DBInstance', { Engine: 'postgres', ...p });

describe('readRdsInstance: topology, automated backups and replication from AWS::RDS::DBInstance', () => {
  test('Multi-AZ with deletion protection, 35-day retention kept on delete, replication to the DR Region', () => {
    const r = readRdsInstance(
      db({
        MultiAZ: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 35,
        DeleteAutomatedBackups: false,
        AutomaticBackupReplicationRegion: 'eu-west-1',
      }),
    );
    expect(r.topology).toEqual({ id: 'rds-multi-az-instance', deletionProtection: true });
    expect(r.automatedBackups).toEqual({
      id: 'rds-automated-backups',
      retentionDays: 35,
      deleteAutomatedBackups: false,
    });
    expect(r.replication).toEqual({ id: 'rds-backup-replication', retentionDays: 35 });
    expect(r.unreadable).toEqual([]);
  });

  test('CloudFormation accepts strings for booleans and numbers', () => {
    const r = readRdsInstance(
      db({
        MultiAZ: 'true',
        BackupRetentionPeriod: '7',
        AutomaticBackupReplicationRetentionPeriod: '3',
        AutomaticBackupReplicationRegion: 'x',
      }),
    );
    expect(r.topology.id).toBe('rds-multi-az-instance');
    expect(r.automatedBackups.retentionDays).toBe(7);
    expect(r.replication?.retentionDays).toBe(3);
  });

  test('absent fields take the CloudFormation defaults: single-AZ, unprotected, 1 day, backups deleted with it (RDS-4, RDS-22, RDS-23)', () => {
    const r = readRdsInstance(db({}));
    expect(r.topology).toEqual({ id: 'rds-single-az', deletionProtection: false });
    expect(r.automatedBackups).toEqual({ id: 'rds-automated-backups', retentionDays: 1, deleteAutomatedBackups: true });
    expect(r.replication).toBeNull();
  });

  test('retention 0 is read as 0 (automated backups off)', () => {
    expect(readRdsInstance(db({ BackupRetentionPeriod: 0 })).automatedBackups.retentionDays).toBe(0);
  });

  test('an intrinsic where a literal belongs is reported and read as the weaker value', () => {
    const r = readRdsInstance(
      db({ MultiAZ: { 'Fn::If': ['Prod', true, false] }, BackupRetentionPeriod: { Ref: 'Days' } }),
    );
    expect(r.topology.id).toBe('rds-single-az');
    expect(r.automatedBackups.retentionDays).toBe(0);
    expect(r.unreadable).toEqual(['MultiAZ', 'BackupRetentionPeriod']);
  });

  test('retention 0 leaves nothing to replicate: no backup replication either (RDS-4, RDS-13)', () => {
    const r = readRdsInstance(db({ BackupRetentionPeriod: 0, AutomaticBackupReplicationRegion: 'eu-west-1' }));
    expect(rdsMechanisms(r, false).map((m) => m.id)).toEqual(['rds-single-az', 'rds-automated-backups']);
  });

  test('an AWS Backup continuous rule takes PITR over from RDS (BKP-7)', () => {
    const r = readRdsInstance(db({ MultiAZ: true, BackupRetentionPeriod: 35 }));
    expect(rdsMechanisms(r, false).map((m) => m.id)).toEqual(['rds-multi-az-instance', 'rds-automated-backups']);
    expect(rdsMechanisms(r, true).map((m) => m.id)).toEqual(['rds-multi-az-instance']);
  });
});
