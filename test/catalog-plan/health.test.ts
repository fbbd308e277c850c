/** The RTO alarm each health signal becomes (lib/catalog-plan health.ts): pure, from the catalog alone. */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { parseCatalog } from '../../lib/catalog';
import { rtoAlarms } from '../../lib/catalog-plan';

const base = parse(readFileSync('test/fixtures/minimal.yaml', 'utf8')) as { services: Record<string, unknown>[] };

function alarmsFor(health: unknown[], rto = '10m') {
  const doc = structuredClone(base);
  const web = doc.services[0]!;
  doc.services = health.map((h, i) => ({
    ...web,
    id: i === 0 ? 'web' : `svc-${i}`,
    rto,
    owns: i === 0 ? web.owns : [],
    ...(h ? { health: h } : {}),
  }));
  return rtoAlarms(parseCatalog(stringify(doc), 'health.yaml'));
}

describe('rtoAlarms', () => {
  test.each([
    ['>= 1', 'LessThanThreshold', 1],
    ['> 0.5', 'LessThanOrEqualToThreshold', 0.5],
    ['<= 0', 'GreaterThanThreshold', 0],
    ['< 5', 'GreaterThanOrEqualToThreshold', 5],
  ])('healthy "%s" alarms on %s %d', (healthy, comparison, threshold) => {
    const [alarm] = alarmsFor([{ metric: { namespace: 'N', name: 'M', healthy } }]).alarms;
    expect(alarm).toMatchObject({ comparison, threshold, evaluationPeriods: 10, alarmName: 'example-co-web-rto' });
    expect(alarm!.metric).toMatchObject({ statistic: 'Average', periodSeconds: 60, dimensions: {} });
  });

  test('a URL becomes a canary whose SuccessPercent must be 100; services without a signal are listed, in order', () => {
    const { alarms, without } = alarmsFor([undefined, { url: 'https://x.example/health' }, undefined], '1d');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      service: 'svc-1',
      canaryName: 'example-co-svc-1',
      metric: {
        namespace: 'CloudWatchSynthetics',
        name: 'SuccessPercent',
        dimensions: { CanaryName: 'example-co-svc-1' },
      },
      comparison: 'LessThanThreshold',
      threshold: 100,
      evaluationPeriods: 1440,
    });
    expect(without).toEqual(['web', 'svc-2']);
  });
});
