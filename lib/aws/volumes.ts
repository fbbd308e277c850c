/**
 * EC2: the volumes of an EBS asset, found by the `dr:asset` tag its StorageClass sets (the audit, the recovery-point-age
 * function and drills), and the one EC2 write of a drill.
 */
import {
  DeleteVolumeCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  paginateDescribeVolumes,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { TAG } from '../names';
import { volumeIdOf } from './arns';
import type { ResourceMatch } from '../measurement';

/** The ids of the EBS volumes in the client's Region that carry a tag (the StorageClass tags each asset's volumes). */
export async function taggedVolumeIds(
  client: EC2Client,
  tag: { readonly key: string; readonly value: string },
): Promise<string[]> {
  const out: string[] = [];
  for await (const page of paginateDescribeVolumes(
    { client },
    { Filters: [{ Name: `tag:${tag.key}`, Values: [tag.value] }] },
  )) {
    for (const v of page.Volumes ?? []) if (v.VolumeId) out.push(v.VolumeId);
  }
  return out.sort();
}

/** The ids of the security groups with a name in the client's Region (a group's id is AWS's; its name is ours). */
export async function securityGroupIds(client: EC2Client, groupName: string): Promise<string[]> {
  const out = await client.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [groupName] }] }),
  );
  return (out.SecurityGroups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])).sort();
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

/**
 * An asset's own resources among those AWS Backup protects (`inVault`, from `resourcesOf`). Matched by ARN, or the
 * only EBS asset of its tier: all of them. Several EBS assets sharing a tier vault: the volumes carrying the asset's
 * `dr:asset` tag, read with EC2; without EC2 they cannot be told apart, and that is an error, never a guess.
 */
export async function ownVolumes(
  target: { readonly asset: string; readonly match: ResourceMatch; readonly primaryRegion: string },
  ec2: ((region: string) => EC2Client) | undefined,
  inVault: readonly string[],
): Promise<string[]> {
  const match = target.match;
  if (match.by !== 'vault' || match.ambiguousWith.length === 0) return [...inVault];
  if (!ec2) {
    throw new Error(
      `EBS volumes in vault ${match.vault} cannot be told apart from those of ${match.ambiguousWith.join(', ')} without reading their ${TAG.asset} tags (EC2)`,
    );
  }
  const own = new Set(await taggedVolumeIds(ec2(target.primaryRegion), { key: TAG.asset, value: target.asset }));
  return inVault.filter((arn) => own.has(volumeIdOf(arn) ?? ''));
}
