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
  /** Instance types in order of preference; one NodePool each, weighted in that order. */
  readonly instanceTypes: readonly string[];
  /** Capacity types allowed, as Karpenter reads them (`spot` before `on-demand` when both). */
  readonly capacityTypes: readonly ("spot" | "on-demand")[];
  /** The pool's GPU ceiling, set as each NodePool's `nvidia.com/gpu` limit. */
  readonly maxGpus: number;
  /** Tags on the instances, volumes and interfaces Karpenter launches. @default - none beyond the ones Karpenter sets */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Time an empty node stays before Karpenter removes it.
   * @default "10m" - longer than the Ray worker idle timeout, so a replica that just left can return to a warm node
   */
  readonly consolidateAfter?: string;
}

/** Highest NodePool weight (the CRD allows 1..100); the first instance type gets it. */
export const TOP_WEIGHT = 100;

/** The EC2NodeClass's name for a pool. */
export function ec2NodeClassName(pool: string): string {
  return `gpu-${pool}`;
}

/** The NodePool's name for a pool's instance type: `l40s-g6e-12xlarge`. */
export function nodePoolName(pool: string, instanceType: string): string {
  return `${pool}-${instanceType.replaceAll(".", "-")}`;
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
 * One NodePool per instance type, weighted in the configured order: Karpenter tries the
 * highest-weight NodePool that fits a pending pod first (docs/concepts/scheduling.md,
 * "Weighted NodePools"), and an instance type it cannot get (capacity errors are cached for
 * 3 minutes) leaves that NodePool with no offering, so the next one is used. Within a
 * NodePool that allows spot and on-demand, Karpenter takes spot first and falls back to
 * on-demand (docs/concepts/nodepools.md, "Capacity Type").
 *
 * Disruption never takes a node from a serving replica: only empty nodes are consolidated
 * (`WhenEmpty`), one at a time; drift (a new AMI pin) and underutilization never disrupt
 * (budget 0: roll nodes deliberately); nodes never expire (`Never`), since expiry ignores
 * budgets. Ray worker pods also carry `karpenter.sh/do-not-disrupt`.
 */
export function nodePoolManifests(p: KarpenterGpuPoolProps): KarpenterObject[] {
  const consolidateAfter = p.consolidateAfter ?? "10m";
  return p.instanceTypes.map((instanceType, i) => ({
    apiVersion: "karpenter.sh/v1",
    kind: "NodePool",
    metadata: { name: nodePoolName(p.name, instanceType) },
    spec: {
      weight: TOP_WEIGHT - i,
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
            { key: "node.kubernetes.io/instance-type", operator: "In", values: [instanceType] },
            { key: "karpenter.sh/capacity-type", operator: "In", values: [...p.capacityTypes] },
          ],
          expireAfter: "Never",
        },
      },
    },
  }));
}
