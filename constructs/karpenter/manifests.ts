/**
 * Karpenter's custom resources for one GPU pool, built by pure functions so tests can
 * validate them against the vendored v1.14.1 CRDs (karpenter.sh/v1 NodePool,
 * karpenter.k8s.aws/v1 EC2NodeClass). No config types: the stack translates a pool into
 * these flat props.
 */

/** A Kubernetes object as a plain tree. */
export type KarpenterObject = { apiVersion: string; kind: string; metadata: { name: string; [k: string]: unknown }; spec: Record<string, unknown> };

/** Props of one GPU pool's node class and node pools. */
export interface KarpenterGpuPoolProps {
  /** The pool name (`l40s`); names the EC2NodeClass and prefixes each NodePool. */
  readonly name: string;
  /** The node role's name (Karpenter creates the instance profile). */
  readonly nodeRoleName: string;
  /** Value of the `karpenter.sh/discovery` tag on the private subnets and the cluster security group. */
  readonly discoveryTagValue: string;
  /** `family@version`, pinned (catalog/karpenter.ts). */
  readonly amiAlias: string;
  /** KMS key that encrypts the volumes. */
  readonly kmsKeyArn: string;
  /** Size of the volume holding images and model weights, GiB. */
  readonly diskSizeGiB: number;
  /** Node labels (pool, GPU model, OS, GPU Operator switches). */
  readonly labels: Readonly<Record<string, string>>;
  readonly taint: { readonly key: string; readonly value: string; readonly effect: string };
  /**
   * Instance types in order of preference, all in the pool's one NodePool. Karpenter launches
   * the cheapest that fits, so validation keeps this order ascending in on-demand price.
   */
  readonly instanceTypes: readonly string[];
  /** Capacity types allowed, as Karpenter reads them (`spot` before `on-demand` when both). */
  readonly capacityTypes: readonly ("spot" | "on-demand")[];
  /** The pool's GPU ceiling: the NodePool's `nvidia.com/gpu` limit, a bound across every instance and capacity type. */
  readonly maxGpus: number;
  /** Tags on the instances, volumes and interfaces Karpenter launches. @default - none beyond the ones Karpenter sets */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Time an empty node stays before Karpenter removes it.
   * @default "10m" - longer than the Ray worker idle timeout, so a replica that just left can return to a warm node
   */
  readonly consolidateAfter?: string;
}

/** The EC2NodeClass's name for a pool. */
export function ec2NodeClassName(pool: string): string {
  return `gpu-${pool}`;
}

/** The NodePool's name for a pool: `gpu-l40s` (a NodePool and an EC2NodeClass may share a name). */
export function nodePoolName(pool: string): string {
  return `gpu-${pool}`;
}

/**
 * The EC2NodeClass: the pinned NVIDIA AMI through the alias (Karpenter picks the NVIDIA
 * variant for GPU instance types), discovery by tag, IMDSv2 only with hop limit 1 (pods
 * cannot reach the node's credentials), and gp3 volumes encrypted with the region key.
 * Bottlerocket keeps its OS on xvda and containers (images, weights) on xvdb.
 */
export function ec2NodeClassManifest(p: KarpenterGpuPoolProps): KarpenterObject {
  const bottlerocket = p.amiAlias.startsWith("bottlerocket@");
  // The devices of Karpenter's documented defaults per family (nodeclasses.md,
  // "spec.blockDeviceMappings"), so it still finds the ephemeral-storage device itself.
  const volume = (deviceName: string, sizeGiB: number) => ({
    deviceName,
    ebs: { volumeSize: `${sizeGiB}Gi`, volumeType: "gp3", encrypted: true, kmsKeyID: p.kmsKeyArn, deleteOnTermination: true },
  });
  const discovery = [{ tags: { "karpenter.sh/discovery": p.discoveryTagValue } }];
  return {
    apiVersion: "karpenter.k8s.aws/v1",
    kind: "EC2NodeClass",
    metadata: { name: ec2NodeClassName(p.name) },
    spec: {
      role: p.nodeRoleName,
      amiSelectorTerms: [{ alias: p.amiAlias }],
      subnetSelectorTerms: discovery,
      securityGroupSelectorTerms: discovery,
      metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
      blockDeviceMappings: bottlerocket
        ? [volume("/dev/xvda", 4), volume("/dev/xvdb", p.diskSizeGiB)]
        : [volume("/dev/xvda", p.diskSizeGiB)],
      ...(p.tags && Object.keys(p.tags).length > 0 ? { tags: { ...p.tags } } : {}),
    },
  };
}

/**
 * The pool's one NodePool, so its `nvidia.com/gpu` limit bounds the whole pool: Karpenter
 * limits are per NodePool (docs/concepts/nodepools.md at v1.14.1, "spec.limits"), so the
 * earlier NodePool per instance type let the fallbacks together exceed the pool's maximum.
 * Every type has at least the first one's GPUs (validation), so the GPU limit also keeps the
 * node count at or below the pool's `maxNodes`.
 *
 * Order without weights: a NodePool that allows spot and on-demand takes spot first
 * (nodepools.md, "Capacity Type"); within a capacity type Karpenter asks EC2 Fleet for the
 * instance types that fit with allocation strategy `lowest-price` (on-demand) or
 * `price-capacity-optimized` (spot) (pkg/providers/instance/types.go at v1.14.1, without
 * NodeOverlay). Validation keeps `instanceTypes` ascending in on-demand price, so on-demand
 * follows the configured order; for spot, EC2 weighs capacity too, so the order is a
 * preference there. A type with no capacity is cached as unavailable and the next is used.
 *
 * Disruption never takes a node from a serving replica: only empty nodes are consolidated
 * (`WhenEmpty`), one at a time; drift (a new AMI pin) and underutilization never disrupt
 * (budget 0: roll nodes deliberately); nodes never expire (`Never`), since expiry ignores
 * budgets. Ray worker pods also carry `karpenter.sh/do-not-disrupt`.
 */
export function nodePoolManifest(p: KarpenterGpuPoolProps): KarpenterObject {
  const consolidateAfter = p.consolidateAfter ?? "10m";
  return {
    apiVersion: "karpenter.sh/v1",
    kind: "NodePool",
    metadata: { name: nodePoolName(p.name) },
    spec: {
      limits: { "nvidia.com/gpu": String(p.maxGpus) },
      disruption: {
        consolidationPolicy: "WhenEmpty",
        consolidateAfter,
        budgets: [
          { nodes: "1", reasons: ["Empty"] },
          { nodes: "0", reasons: ["Drifted", "Underutilized"] },
        ],
      },
      template: {
        metadata: { labels: { ...p.labels } },
        spec: {
          nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: ec2NodeClassName(p.name) },
          taints: [{ key: p.taint.key, value: p.taint.value, effect: p.taint.effect }],
          requirements: [
            { key: "node.kubernetes.io/instance-type", operator: "In", values: [...p.instanceTypes] },
            { key: "karpenter.sh/capacity-type", operator: "In", values: [...p.capacityTypes] },
          ],
          expireAfter: "Never",
        },
      },
    },
  };
}
