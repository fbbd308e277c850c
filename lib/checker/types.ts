/**
 * What the checker reads: CloudFormation templates and Kubernetes objects as plain JSON, each with where it came from
 * so a finding can point at it.
 */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly [key: string]: unknown;
}

export interface StackArtifact {
  /** The stack (artifact) name, e.g. the template file name without `.template.json`. */
  readonly name: string;
  readonly file: string;
  /** From the cloud assembly manifest; null when the stack is environment-agnostic. */
  readonly region: string | null;
  readonly account: string | null;
  readonly resources: Readonly<Record<string, CfnResource>>;
  readonly outputs: Readonly<Record<string, { readonly Value?: unknown }>>;
}

export interface K8sObject {
  readonly file: string;
  /** Position of the document in its file, from 0. */
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly doc: Readonly<Record<string, unknown>>;
}

export interface Artifacts {
  readonly stacks: readonly StackArtifact[];
  readonly manifests: readonly K8sObject[];
  /**
   * The synth's warning annotations (the construct tree's, or the cloud assembly manifest's): DrTargets leaves one,
   * `[ack: dr-targets:adoption]`, for each setting it could not apply to a team's resource.
   * @default - none
   */
  readonly annotations?: readonly SynthAnnotation[];
  /**
   * The team's own manifests (the folders `workload: overlay` services name in `deployment.manifests`): their
   * Deployments, with the overlay patches of `manifests` applied, are what the checker grades for those services.
   * @default - none
   */
  readonly teamManifests?: readonly K8sObject[];
}

/** A warning CDK recorded at a construct path. */
export interface SynthAnnotation {
  readonly path: string;
  readonly message: string;
}

/** Where something was read: a resource of a stack, or a document of a manifest file. */
export type Where =
  | { readonly stack: string; readonly file: string; readonly logicalId: string; readonly type: string }
  | { readonly file: string; readonly index: number; readonly kind: string; readonly name: string };

export function describeWhere(w: Where): string {
  return 'logicalId' in w ? `${w.stack}/${w.logicalId} (${w.type})` : `${w.file}: ${w.kind}/${w.name}`;
}
