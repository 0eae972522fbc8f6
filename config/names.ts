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

/** The GCP static address of a region's serving load balancer: the cluster stack reserves it, the platform stack attaches it. */
export function servingAddressName(platform: string, region: string): string {
  return `${clusterName(platform, region)}-serving`;
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

/** The EKS managed node group or GKE node pool name of a pool. */
export function nodePoolName(platform: string, region: string, pool: string): string {
  return `${clusterName(platform, region)}-${pool}`;
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
  for (const pool of region.gpuPools) {
    names.push({
      what: region.cloud === "gcp" ? "GKE node pool name" : "EKS node group name",
      value: nodePoolName(platform, region.name, pool.name),
      maxLength: region.cloud === "gcp" ? 40 : 63,
    });
  }
  return names;
}
