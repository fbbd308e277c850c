/**
 * The AWS Regions a catalog may name, shipped with the project (no lookups are made): the Regions aws-cdk-lib 2.276.0's
 * region-info knows (`RegionInfo.regions`; test/catalog/regions.test.ts keeps the two equal). A Region outside this
 * list is a located error instead of a stack that no account can deploy.
 *
 * Zones: an Availability Zone's code "is its Region code followed by a letter identifier" (AWS, "AWS Availability
 * Zones", docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html). Which letters an
 * account has depends on the account (the oldest Regions map letters per account), so the catalog's zones are checked
 * as `<Region><letter>` with a letter a–f, the range AWS uses (us-east-1a … us-east-1f); only DescribeAvailabilityZones
 * in the account says more.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-isoe-west-1',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eusc-de-east-1',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'me-west-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-iso-east-1',
  'us-iso-west-1',
  'us-isob-east-1',
  'us-isob-west-1',
  'us-isof-east-1',
  'us-isof-south-1',
  'us-west-1',
  'us-west-2',
];

const KNOWN = new Set(AWS_REGIONS);

export const isAwsRegion = (region: string): boolean => KNOWN.has(region);

/** Whether `zone` is a zone code of `region`: the Region and one letter a–f. */
export const isZoneOf = (zone: string, region: string): boolean =>
  zone.length === region.length + 1 && zone.startsWith(region) && /[a-f]$/.test(zone);
