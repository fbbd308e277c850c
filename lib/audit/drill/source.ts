/** The asset's resources, as the names (RDS, S3) or the tags its StorageClass puts on its volumes (EBS) say. */
export type DrillSource =
  | { readonly type: 'RDS'; readonly identifier: string; readonly arn: string }
  | { readonly type: 'S3'; readonly bucket: string; readonly arn: string }
  | { readonly type: 'EBS'; readonly tag: { readonly key: string; readonly value: string } };
