/**
 * Route 53 failover of the app's entry point (`environment.dns`): an HTTPS health check on each Region's target and
 * two failover records of the record name, PRIMARY and SECONDARY, each with its health check (R53-2, OTH-5..8). Route
 * 53 answers with the DR target once the primary's check fails and the DR's passes — after the Region switch plan has
 * scaled the DR workloads up. The stack owns the health checks: ARC's own exist only after deployment, as an
 * unresolved attribute (ARC-11), so nothing at synth could prove them attached. Route 53 is global; the records live
 * in the Recovery stack so that a Region loss never leaves them in a stack that cannot be updated.
 */
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { DnsFailover as DnsSpec, DnsTarget } from '../lib/catalog';
import { factValue } from '../lib/model';

export interface DnsFailoverProps {
  readonly dns: DnsSpec;
  readonly primaryRegion: string;
  readonly drRegion: string;
  /**
   * Seconds between checks: 30 (standard) or 10 (fast, at extra cost); fixed once created (OTH-5).
   * @default 30
   */
  readonly requestIntervalSeconds?: 10 | 30;
  /** Consecutive checks that change a status (1–10). @default 3 (OTH-5) */
  readonly failureThreshold?: number;
  /** TTL of a non-alias record; an alias takes its target's (R53-1). @default 60 (OTH-7) */
  readonly ttlSeconds?: number;
}

const targetName = (t: DnsTarget) => ('alias' in t ? t.alias.dnsName : t.dnsName);

export class DnsFailover extends Construct {
  readonly healthChecks: { readonly primary: route53.CfnHealthCheck; readonly dr: route53.CfnHealthCheck };

  constructor(scope: Construct, id: string, props: DnsFailoverProps) {
    super(scope, id);
    const { dns } = props;
    const threshold = props.failureThreshold ?? factValue('OTH-5', 'failureThreshold');
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10)
      throw new Error(`DnsFailover: \`failureThreshold\` must be 1–10 (OTH-5), got ${threshold}`);
    const check = (side: 'primary' | 'dr') =>
      new route53.CfnHealthCheck(this, side === 'primary' ? 'PrimaryHealthCheck' : 'DrHealthCheck', {
        healthCheckConfig: {
          type: 'HTTPS',
          fullyQualifiedDomainName: targetName(dns.targets[side]).replace(/\.$/, ''),
          port: dns.healthCheck.port,
          resourcePath: dns.healthCheck.path,
          enableSni: true,
          requestInterval: props.requestIntervalSeconds ?? factValue('OTH-5'),
          failureThreshold: threshold,
        },
        healthCheckTags: [
          { key: 'Name', value: `${dns.recordName} ${side === 'primary' ? props.primaryRegion : props.drRegion}` },
        ],
      });
    this.healthChecks = { primary: check('primary'), dr: check('dr') };
    const record = (side: 'primary' | 'dr') => {
      const target = dns.targets[side];
      const region = side === 'primary' ? props.primaryRegion : props.drRegion;
      return new route53.CfnRecordSet(this, side === 'primary' ? 'PrimaryRecord' : 'DrRecord', {
        hostedZoneId: dns.hostedZoneId,
        name: dns.recordName,
        // The Region as the set identifier: ARC's Route 53 block maps record sets to Regions by it (ARC-11).
        setIdentifier: region,
        failover: side === 'primary' ? 'PRIMARY' : 'SECONDARY',
        healthCheckId: this.healthChecks[side].attrHealthCheckId,
        ...('alias' in target
          ? {
              type: 'A',
              aliasTarget: {
                dnsName: target.alias.dnsName,
                hostedZoneId: target.alias.hostedZoneId,
                evaluateTargetHealth: true,
              },
            }
          : { type: 'CNAME', ttl: String(props.ttlSeconds ?? 60), resourceRecords: [target.dnsName] }),
      });
    };
    record('primary');
    record('dr');
  }
}
