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
  /** What the name belongs to, as messages show it: `system pool`, `GPU pool "l4"`. */
  readonly owner: string;
  /** The index of the GPU pool the name derives from, if it does. */
  readonly pool?: number;
  /** The characters the service allows, where it allows fewer than a DNS label does. */
  readonly pattern?: NamePattern;
}

/**
 * The name the system pool goes by: its node group / node pool is `<cluster>-system`, and
 * its nodes carry `llm-platform.dev/pool=system`, which the add-ons select. A GPU pool
 * may not take it.
 */
export const SYSTEM_POOL = "system";

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

/**
 * The static public address of a hub's Alertmanager peer load balancer (an AWS Elastic IP's
 * Name tag, or a GCP regional address): the cluster stack reserves it, the hub advertises
 * it to its peers, the other hub gossips with it and sends alerts to it. At most 58
 * characters (a GKE cluster name has at most 40), within GCP's 63.
 */
export function alertmanagerPeerAddressName(platform: string, region: string): string {
  return `${clusterName(platform, region)}-alertmanager-peer`;
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

/**
 * The GKE node pool of a pool's fallback step (`priority` >= 1 in config/capacity.ts
 * `poolPriorities`; step 0 is {@link nodePoolName}): `<cluster>-<pool>-p2`, `-p3`, ...
 */
export function fallbackNodePoolName(platform: string, region: string, pool: string, priority: number): string {
  return `${nodePoolName(platform, region, pool)}-p${priority + 1}`;
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

/** The EKS node group or GKE node pool name of the system pool. */
export function systemNodePoolName(platform: string, region: string): string {
  return nodePoolName(platform, region, SYSTEM_POOL);
}

/** The AKS node pool name of a pool: AKS takes the pool's own name (1-12 lowercase letters and digits). */
export function aksNodePoolName(pool: string): string {
  return pool;
}

/** The resource group that holds a region's Azure resources (AKS puts its nodes in `<this>-nodes`). */
export function azureResourceGroupName(platform: string, region: string): string {
  return clusterName(platform, region);
}

/** The resource group AKS creates for the cluster's nodes, load balancers and their public IPs. */
export function aksNodeResourceGroupName(platform: string, region: string): string {
  return `${clusterName(platform, region)}-nodes`;
}

/**
 * The model-store storage account: letters and digits only (the platform and region names
 * without their hyphens), 3 to 24 characters, unique across Azure.
 */
export function modelStorageAccountName(platform: string, region: string): string {
  return `${platform}${region}models`.replace(/-/g, "");
}

/** The Key Vault holding the region's etcd and storage keys: 3 to 24 characters, unique across Azure. */
export function keyVaultName(platform: string, region: string): string {
  return `${clusterName(platform, region)}-kv`;
}

/** The user-assigned identity the model readers federate to (Azure Workload Identity). */
export function modelReaderIdentityName(platform: string, region: string): string {
  return `${clusterName(platform, region)}-reader`;
}

/** What a derived name must look like beyond its length, and how messages say it. */
export interface NamePattern {
  readonly re: RegExp;
  readonly says: string;
}

/** Azure's name rules (Microsoft Learn "Naming rules and restrictions for Azure resources"). */
const AZURE_PATTERNS = {
  aksCluster: { re: /^[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]$/, says: "letters, digits, '_' and '-', starting and ending with a letter or digit" },
  linuxPool: { re: /^[a-z][a-z0-9]*$/, says: "lowercase letters and digits, starting with a letter (AKS Linux node pool)" },
  storageAccount: { re: /^[a-z0-9]{3,}$/, says: "lowercase letters and digits only, at least 3" },
  keyVault: { re: /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/, says: "letters, digits and single '-', starting with a letter and ending with a letter or digit" },
} as const satisfies Record<string, NamePattern>;

type NamedRegion = {
  name: string;
  cloud: string;
  gpuPools: readonly { name: string; readonly fallbackInstanceTypes?: readonly string[]; readonly capacityTypes?: readonly string[] }[];
};

/** Each cloud's names beyond the model store, the cluster and its pools. */
const CLOUD_NAMES: Readonly<Record<string, (platform: string, region: NamedRegion) => DerivedName[]>> = {
  aws: (platform, region) => {
    const pools = "EKS node group name";
    return [
      { what: "EKS cluster name", value: clusterName(platform, region.name), maxLength: 100, owner: "cluster" },
      { what: "model bucket name", value: modelBucketName(platform, region.name), maxLength: 63, owner: "model store" },
      { what: "Karpenter node role name", value: karpenterNodeRoleName(platform, region.name), maxLength: 64, owner: "Karpenter" },
      { what: "Karpenter controller role name", value: karpenterControllerRoleName(platform, region.name), maxLength: 64, owner: "Karpenter" },
      { what: "Karpenter interruption queue name", value: karpenterQueueName(platform, region.name), maxLength: 80, owner: "Karpenter" },
      { what: pools, value: systemNodePoolName(platform, region.name), maxLength: 63, owner: "system pool" },
      ...region.gpuPools.map((pool, i) => ({ what: pools, value: nodePoolName(platform, region.name, pool.name), maxLength: 63, owner: `GPU pool ${JSON.stringify(pool.name)}`, pool: i })),
    ];
  },
  gcp: (platform, region) => {
    const pools = "GKE node pool name";
    return [
      { what: "GKE cluster name", value: clusterName(platform, region.name), maxLength: 40, owner: "cluster" },
      { what: "model bucket name", value: modelBucketName(platform, region.name), maxLength: 63, owner: "model store" },
      { what: "GKE node service account id", value: gkeNodeServiceAccountId(platform, region.name), maxLength: 30, owner: "GKE nodes" },
      { what: "model reader service account id", value: modelReaderServiceAccountId(platform, region.name), maxLength: 30, owner: "model reader" },
      { what: pools, value: systemNodePoolName(platform, region.name), maxLength: 40, owner: "system pool" },
      ...region.gpuPools.flatMap((pool, i) => {
        const owner = `GPU pool ${JSON.stringify(pool.name)}`;
        // One node pool per fallback step (ComputeClass priorities); the last has the longest name.
        const steps = (1 + (pool.fallbackInstanceTypes?.length ?? 0)) * (pool.capacityTypes?.length ?? 1);
        return [
          { what: pools, value: nodePoolName(platform, region.name, pool.name), maxLength: 40, owner, pool: i },
          ...(steps > 1 ? [{ what: pools, value: fallbackNodePoolName(platform, region.name, pool.name, steps - 1), maxLength: 40, owner, pool: i }] : []),
        ];
      }),
    ];
  },
  azure: (platform, region) => {
    const pools = "AKS node pool name";
    return [
      { what: "AKS cluster name", value: clusterName(platform, region.name), maxLength: 63, owner: "cluster", pattern: AZURE_PATTERNS.aksCluster },
      { what: "AKS node resource group name", value: aksNodeResourceGroupName(platform, region.name), maxLength: 80, owner: "cluster" },
      { what: "model storage account name", value: modelStorageAccountName(platform, region.name), maxLength: 24, owner: "model store", pattern: AZURE_PATTERNS.storageAccount },
      { what: "Key Vault name", value: keyVaultName(platform, region.name), maxLength: 24, owner: "Key Vault", pattern: AZURE_PATTERNS.keyVault },
      { what: pools, value: aksNodePoolName(SYSTEM_POOL), maxLength: 12, owner: "system pool", pattern: AZURE_PATTERNS.linuxPool },
      ...region.gpuPools.map((pool, i) => ({ what: pools, value: aksNodePoolName(pool.name), maxLength: 12, owner: `GPU pool ${JSON.stringify(pool.name)}`, pool: i, pattern: AZURE_PATTERNS.linuxPool })),
    ];
  },
};

/** The names a region derives, each with its limit and owner. */
export function derivedNames(platform: string, region: NamedRegion): DerivedName[] {
  const names = CLOUD_NAMES[region.cloud];
  return names ? names(platform, region) : [];
}

/** Tag keys the platform sets on every AWS resource; a user tag of the same key would be overwritten. */
export const PLATFORM_TAG_KEYS = { region: "llm-platform.dev/region", stack: "llm-platform.dev/stack" } as const;

/**
 * Tag keys the platform sets on AWS resources, by the kind of resource that carries them:
 * `everyResource` through the provider's `default_tags` (stacks/providers.ts), each other
 * row the resource-level `tags` the AWS constructs add on top (the cluster's name stands
 * in for `*`). AWS counts the union of the two against its 50 tags per resource; a key set
 * in both counts once, with the resource's value (config/tag-rules.ts). `karpenterNode` is
 * an instance Karpenter launches: no default tags, the EC2NodeClass's `Name`
 * (stacks/karpenter-pools.ts) and the keys Karpenter adds itself, which its v1.14.1
 * EC2NodeClass CRD refuses in `spec.tags` (its rule refuses any key starting
 * `kubernetes.io/cluster`, hence that `*`). test/config/aws-tags.test.ts checks these rows
 * against the synthesized AWS stacks and the vendored CRD.
 */
export const AWS_PLATFORM_TAG_KEYS = {
  everyResource: [PLATFORM_TAG_KEYS.region, PLATFORM_TAG_KEYS.stack],
  resourceLevel: {
    privateSubnet: ["Name", "kubernetes.io/role/internal-elb", "kubernetes.io/cluster/*", "karpenter.sh/discovery"],
    publicSubnet: ["Name", "kubernetes.io/role/elb", "kubernetes.io/cluster/*"],
    purposeTagged: ["Name", "llm-platform.dev/purpose"],
    named: ["Name"],
  },
  karpenterNode: ["Name", "eks:eks-cluster-name", "kubernetes.io/cluster*", "karpenter.sh/nodepool", "karpenter.sh/nodeclaim", "karpenter.k8s.aws/ec2nodeclass"],
} as const;

/** Whether a tag key is the platform's `key`, where `*` at the end of `key` stands for any rest. */
export function isAwsPlatformTagKey(key: string, platformKey: string): boolean {
  return platformKey.endsWith("*") ? key.startsWith(platformKey.slice(0, -1)) : key === platformKey;
}

/** The most tag keys the platform sets on any one AWS resource, default tags included. */
export function awsPlatformTagCount(): number {
  const rows = Object.values(AWS_PLATFORM_TAG_KEYS.resourceLevel).map((keys) => new Set<string>([...AWS_PLATFORM_TAG_KEYS.everyResource, ...keys]).size);
  return Math.max(...rows, AWS_PLATFORM_TAG_KEYS.karpenterNode.length);
}

/** Every distinct tag key the platform sets on some AWS resource (`*` as in {@link AWS_PLATFORM_TAG_KEYS}). */
export function awsPlatformTagKeys(): string[] {
  return [...new Set<string>([...AWS_PLATFORM_TAG_KEYS.everyResource, ...Object.values(AWS_PLATFORM_TAG_KEYS.resourceLevel).flat(), ...AWS_PLATFORM_TAG_KEYS.karpenterNode])];
}

/** Label keys the platform sets on every GCP resource. */
export const PLATFORM_LABEL_KEYS = { region: "llm-platform-region", stack: "llm-platform-stack" } as const;

/**
 * Tag keys the platform sets on Azure resources: the GCP label keys on every one (Azure
 * tag names refuse `/`, stacks/providers.ts `azureTags`), and `llm-platform-purpose` on
 * the public IPs (constructs/azure/azure-network.ts). test/config/azure-tags.test.ts
 * checks this list against the synthesized Azure stacks.
 */
export const AZURE_PLATFORM_TAG_KEYS = { everyResource: [PLATFORM_LABEL_KEYS.region, PLATFORM_LABEL_KEYS.stack], publicIp: ["llm-platform-purpose"] } as const;

/**
 * A tag key or value as a GCP label: labels allow only lowercase letters, digits, `_` and
 * `-`, at most 63 characters (Resource Manager "Requirements for labels").
 */
export function gcpLabelOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63);
}
