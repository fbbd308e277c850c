/**
 * EC2 reads and the one EC2 write of a drill. Apart from reads.ts, so the recovery-point-age function, which bundles
 * reads.ts, does not carry the EC2 client.
 */
import { DeleteVolumeCommand, DescribeVolumesCommand, paginateDescribeVolumes, type EC2Client } from '@aws-sdk/client-ec2';

/** The ids of the EBS volumes in the client's Region that carry a tag (the StorageClass tags each asset's volumes). */
export async function taggedVolumeIds(client: EC2Client, tag: { readonly key: string; readonly value: string }): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateDescribeVolumes({ client }, { Filters: [{ Name: `tag:${tag.key}`, Values: [tag.value] }] })) {
    for (const v of page.Volumes ?? []) if (v.VolumeId) out.push(v.VolumeId);
  }
  return out.sort();
}

export interface VolumeState {
  readonly state?: string;
  readonly attached: boolean;
  readonly created?: Date;
}

export async function volumeState(client: EC2Client, volumeId: string): Promise<VolumeState | null> {
  const out = await client.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
  const v = out.Volumes?.[0];
  if (!v) return null;
  return {
    ...(v.State ? { state: v.State } : {}),
    attached: (v.Attachments ?? []).length > 0,
    ...(v.CreateTime ? { created: v.CreateTime } : {}),
  };
}

export async function deleteVolume(client: EC2Client, volumeId: string): Promise<void> {
  await client.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
}
