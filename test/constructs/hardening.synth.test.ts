/**
 * What an insider could undo, read from the synthesized app: TLS ≥ 1.2 on every bucket policy, tamper alerts on key,
 * vault and replication policy changes, confused-deputy conditions only where AWS documents them (OTH-30), and in the
 * namespace a default-deny NetworkPolicy with the allowances each workload needs.
 */
import { DATABASE_PORTS } from '../../k8s/service/network-policy';
import { manifestFiles, manifests, stackNames, template } from '../support/synthesized';

type Doc = Record<string, any>;

const resources = () =>
  stackNames().flatMap((s) => Object.entries(template(s).Resources).map(([id, r]) => ({ stack: s, id, ...r })));
const allDocs = () => manifestFiles().flatMap((f) => manifests(f) as Doc[]);

describe('AWS', () => {
  test('every bucket has a policy, and every bucket policy denies TLS below 1.2 and plain HTTP', () => {
    const all = resources();
    const buckets = all.filter((r) => r.Type === 'AWS::S3::Bucket');
    const policies = all.filter((r) => r.Type === 'AWS::S3::BucketPolicy');
    expect(buckets.length).toBeGreaterThan(2);
    expect(policies.length).toBe(buckets.length);
    for (const p of policies) {
      const statements = (p.Properties!.PolicyDocument as Doc).Statement as Doc[];
      const denies = statements.filter((s) => s.Effect === 'Deny' && s.Principal?.AWS === '*');
      expect([p.id, denies.some((s) => s.Condition?.NumericLessThan?.['s3:TlsVersion'] === 1.2)]).toEqual([p.id, true]);
      expect([p.id, denies.some((s) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false')]).toEqual([p.id, true]);
    }
  });

  test('tamper alerts in each Region: key policy, vault policy and lock, replication, delivered to the alerts topic', () => {
    // One set per Region: a shard's and the read replicas' stacks are in a Region whose side stack has them.
    for (const stack of stackNames().filter((s) => !/Shard|Replicas$/.test(s))) {
      const rules = Object.values(template(stack).Resources).filter(
        (r) =>
          r.Type === 'AWS::Events::Rule' &&
          (r.Properties!.EventPattern as Doc | undefined)?.['detail-type']?.[0] === 'AWS API Call via CloudTrail',
      );
      const calls = rules.flatMap((r) => (r.Properties!.EventPattern as Doc).detail.eventName as string[]).sort();
      expect([stack, calls]).toEqual([
        stack,
        [
          'DeleteBackupVaultAccessPolicy',
          'DeleteBackupVaultLockConfiguration',
          'DeleteBucketReplication',
          'PutBackupVaultAccessPolicy',
          'PutBackupVaultLockConfiguration',
          'PutBucketReplication',
          'PutKeyPolicy',
        ],
      ]);
      for (const r of rules) {
        const targets = r.Properties!.Targets as Doc[];
        expect(targets).toHaveLength(1);
        expect(JSON.stringify(targets[0]!.Arn)).toMatch(/AlertsTopic/);
      }
    }
  });

  test('confused-deputy conditions only on the RDS monitoring role; none on the Backup or replication roles', () => {
    const roles = resources().filter((r) => r.Type === 'AWS::IAM::Role');
    const trust = (r: Doc) => ((r.Properties!.AssumeRolePolicyDocument as Doc).Statement as Doc[])[0]!;
    const byService = (service: string) => roles.filter((r) => trust(r).Principal?.Service === service);
    const monitoring = byService('monitoring.rds.amazonaws.com');
    expect(monitoring).toHaveLength(1);
    expect(trust(monitoring[0]!).Condition.StringEquals['aws:SourceAccount']).toBeDefined();
    expect(JSON.stringify(trust(monitoring[0]!).Condition.ArnLike['aws:SourceArn'])).toMatch(
      /:rds:\*:.*:db:lomash-wood-\*/,
    );
    for (const service of ['backup.amazonaws.com', 's3.amazonaws.com']) {
      const found = byService(service);
      expect([service, found.length > 0]).toEqual([service, true]);
      for (const r of found) expect([service, r.id, trust(r).Condition]).toEqual([service, r.id, undefined]);
    }
  });

  test("the services' database egress ports are the ports the DB instances listen on", () => {
    const instances = resources().filter((r) => r.Type === 'AWS::RDS::DBInstance');
    // A read replica names no engine (it inherits its source's): it listens where its source does.
    const engineOf = (r: Doc) =>
      r.Properties!.Engine ??
      instances.find(
        (s) =>
          s.Properties!.SourceDBInstanceIdentifier === undefined &&
          s.Properties!.DBInstanceIdentifier === r.Properties!.DBInstanceIdentifier,
      )?.Properties!.Engine;
    const ports = instances.map((r) => [engineOf(r), Number(r.Properties!.Port)]);
    expect(ports.length).toBeGreaterThan(0);
    expect(ports.filter(([engine]) => engine === undefined)).toEqual([]);
    for (const [engine, port] of ports) {
      const kind = String(engine).startsWith('postgres') ? 'postgres' : 'mysql';
      expect([engine, port]).toEqual([engine, DATABASE_PORTS[kind]]);
    }
  });
});

describe('Kubernetes', () => {
  test('the namespace denies all ingress and egress by default and allows DNS to every pod', () => {
    const platform = manifests('platform.k8s.yaml') as Doc[];
    const policy = (name: string) => platform.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === name)!;
    expect(policy('default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policy('default-deny').metadata.namespace).toBe('lomash-wood');
    expect(policy('allow-dns').spec.egress[0].ports.map((p: Doc) => `${p.protocol}/${p.port}`)).toEqual([
      'UDP/53',
      'TCP/53',
    ]);
  });

  test('every workload pod is admitted by a policy of its own: services on their port, Redis on its ports, jobs to AWS', () => {
    const docs = allDocs();
    const policies = docs.filter((d) => d.kind === 'NetworkPolicy' && Object.keys(d.spec.podSelector).length > 0);
    const selects = (p: Doc, labels: Record<string, string>) =>
      Object.entries(p.spec.podSelector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
      ((p.spec.podSelector.matchExpressions ?? []) as Doc[]).every(
        (e) => e.operator === 'In' && e.values.includes(labels[e.key]),
      );
    const pods = docs.flatMap((d) => {
      const template = d.spec?.template ?? d.spec?.jobTemplate?.spec?.template;
      return template
        ? [{ where: `${d.kind}/${d.metadata.name}`, labels: template.metadata.labels as Record<string, string> }]
        : [];
    });
    expect(pods.length).toBeGreaterThan(10);
    for (const pod of pods) {
      const own = policies.filter((p) => selects(p, pod.labels));
      expect([pod.where, own.length > 0]).toEqual([pod.where, true]);
    }
    const service = policies.find((p) => p.metadata.name === 'order-payment-service')!;
    expect(service.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(service.spec.egress.map((r: Doc) => r.ports?.map((p: Doc) => p.port) ?? 'any')).toEqual(
      expect.arrayContaining(['any', [443]]),
    );
  });
});
