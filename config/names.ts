/**
 * Every physical name the platform derives from the platform and region names, with the
 * limit of the service that holds it. Constructs take their names from here, and
 * validation checks every one, so a long name fails at synth, not at apply.
 */

/** A derived name and the rule it must meet. */
export interface DerivedName {
  /** What the name is for, as the message shows it. */
  readonly what: string;
  readonly value: string;
  readonly maxLength: number;
}

/** Stack names: the contract with `cdktf deploy '<region>-*'` and with state keys. */
export const stackNames = {
  cluster: (region: string) => `${region}-cluster`,
  platform: (region: string) => `${region}-platform`,
  global: "global",
} as const;

/** The Kubernetes cluster name (EKS and GKE), also how the platform layer looks it up. */
export function clusterName(platform: string, region: string): string {
  return `${platform}-${region}`;
}

/** The model-store bucket (S3 or GCS), deterministic so other layers can find it. */
export function modelBucketName(platform: string, region: string): string {
  return `${platform}-${region}-models`;
}

/** The GKE node service account id (GCP allows 6 to 30 characters). */
export function gkeNodeServiceAccountId(platform: string, region: string): string {
  return `${platform}-${region}-nodes`;
}

/** The Google service account that reads the model store through Workload Identity (6 to 30 characters). */
export function modelReaderServiceAccountId(platform: string, region: string): string {
  return `${platform}-${region}-reader`;
}

/** The GKE node pool name of a pool (on EKS, Karpenter NodePools serve GPU pools). */
export function nodePoolName(platform: string, region: string, pool: string): string {
  return `${clusterName(platform, region)}-${pool}`;
}

/** The IAM role of the nodes Karpenter launches (EKS); EC2NodeClasses name it. IAM allows 64 characters. */
export function karpenterNodeRoleName(platform: string, region: string): string {
  return `${clusterName(platform, region)}-karpenter-node`;
}

/** The IAM role of the Karpenter controller (EKS); the platform layer looks it up by name. */
export function karpenterControllerRoleName(platform: string, region: string): string {
  return `${clusterName(platform, region)}-karpenter`;
}

/** Karpenter's SQS interruption queue (EKS), named after the cluster as upstream does. SQS allows 80 characters. */
export function karpenterQueueName(platform: string, region: string): string {
  return clusterName(platform, region);
}

/** The names a region derives, each with its limit. */
export function derivedNames(
  platform: string,
  region: { name: string; cloud: string; gpuPools: readonly { name: string }[] },
): DerivedName[] {
  const names: DerivedName[] = [
    {
      what: region.cloud === "gcp" ? "GKE cluster name" : "EKS cluster name",
      value: clusterName(platform, region.name),
      maxLength: region.cloud === "gcp" ? 40 : 100,
    },
    { what: "model bucket name", value: modelBucketName(platform, region.name), maxLength: 63 },
  ];
  if (region.cloud === "gcp") {
    names.push({ what: "GKE node service account id", value: gkeNodeServiceAccountId(platform, region.name), maxLength: 30 });
    names.push({ what: "model reader service account id", value: modelReaderServiceAccountId(platform, region.name), maxLength: 30 });
  }
  if (region.cloud === "aws") {
    names.push({ what: "Karpenter node role name", value: karpenterNodeRoleName(platform, region.name), maxLength: 64 });
    names.push({ what: "Karpenter controller role name", value: karpenterControllerRoleName(platform, region.name), maxLength: 64 });
    names.push({ what: "Karpenter interruption queue name", value: karpenterQueueName(platform, region.name), maxLength: 80 });
  }
  for (const pool of region.gpuPools) {
    if (region.cloud === "aws") continue; // Karpenter NodePools, named within the cluster
    names.push({
      what: "GKE node pool name",
      value: nodePoolName(platform, region.name, pool.name),
      maxLength: 40,
    });
  }
  return names;
}
