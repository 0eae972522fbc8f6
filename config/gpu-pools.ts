import { machineType } from "../catalog/machine-types";
import { poolCapacityTypes } from "./capacity";
import { show } from "./errors";
import type { GpuPoolConfig, RegionConfig } from "./schema";

/**
 * Every decision about a GPU pool that more than one layer needs, made once: the node
 * OS, the GPU Operator profile, who installs the driver, who shares the GPUs, the
 * resource a worker requests, devices per node and the node labels. Validation, the
 * cluster and platform stacks, the serving manifests and the tools call these; nothing
 * else decides them again.
 */

type Cloud = RegionConfig["cloud"];

/** A pool's node image, with the cloud's default applied. */
export type NodeOs = NonNullable<GpuPoolConfig["nodeOs"]>;

/** Label keys the platform sets on GPU nodes; the serving layer selects on them. */
export const NODE_LABELS = {
  gpuModel: "llm-platform.dev/gpu-model",
  pool: "llm-platform.dev/pool",
  capacityType: "llm-platform.dev/capacity-type",
  nodeOs: "llm-platform.dev/node-os",
} as const;

/** The GPU Operator set-ups, one per node OS and driver owner; each has a YAML layer in helm-values/gpu-operator/. */
export const GPU_OPERATOR_PROFILES = ["al2023-nvidia", "bottlerocket-nvidia", "cos-gpu-operator", "cos-cloud", "aks-gpu-operator", "aks-cloud"] as const;

/** One of {@link GPU_OPERATOR_PROFILES}; also the name of its YAML layer. */
export type GpuOperatorProfile = (typeof GPU_OPERATOR_PROFILES)[number];

/**
 * Who puts the NVIDIA driver on a node: the node image (EKS NVIDIA AMIs, Bottlerocket
 * NVIDIA), GKE's driver installation, or Google's COS driver installer DaemonSet, which
 * the platform stack applies for GKE pools with `driverManagement: "gpu-operator"`; on
 * AKS, AKS itself (`gpu_driver = "Install"`) or the GPU Operator's driver container
 * (`gpu_driver = "None"`, as Microsoft's "Use the NVIDIA GPU Operator on AKS" requires).
 */
export type DriverInstaller = "node-image" | "gke" | "cos-driver-installer" | "aks" | "gpu-operator";

/**
 * Who advertises the pool's GPUs and implements sharing: the GPU Operator's device plugin
 * (time-slicing config, MIG manager), GKE's own device plugin (node pool sharing
 * settings), or the Bottlerocket image's device plugin, which the platform does not configure.
 */
export type GpuSharer = "gpu-operator" | "gke" | "node-image";

/** Each cloud's default node OS for GPU pools, and the node OSes it allows. */
export const CLOUD_NODE_OSES: Readonly<Record<Cloud, { readonly default: NodeOs; readonly allowed: readonly NodeOs[] }>> = {
  aws: { default: "al2023-nvidia", allowed: ["al2023-nvidia", "bottlerocket-nvidia"] },
  gcp: { default: "cos", allowed: ["cos"] },
  azure: { default: "aks-ubuntu", allowed: ["aks-ubuntu"] },
};

/** The node OS a pool runs, with the cloud's default applied. */
export function poolNodeOs(cloud: Cloud, pool: GpuPoolConfig): NodeOs {
  return pool.nodeOs ?? CLOUD_NODE_OSES[cloud].default;
}

/** Per node OS: the GPU Operator profile when the cloud installs the driver, and when the operator does. */
const PROFILE_OF_OS: Readonly<Record<NodeOs, { readonly cloud: GpuOperatorProfile; readonly operator?: GpuOperatorProfile }>> = {
  "al2023-nvidia": { cloud: "al2023-nvidia" },
  "bottlerocket-nvidia": { cloud: "bottlerocket-nvidia" },
  cos: { cloud: "cos-cloud", operator: "cos-gpu-operator" },
  "aks-ubuntu": { cloud: "aks-cloud", operator: "aks-gpu-operator" },
};

/** The GPU Operator profile of a pool. */
export function gpuOperatorProfile(cloud: Cloud, pool: GpuPoolConfig): GpuOperatorProfile {
  const profiles = PROFILE_OF_OS[poolNodeOs(cloud, pool)];
  // Validation refuses driverManagement "gpu-operator" where the OS has no operator profile.
  return pool.driverManagement === "gpu-operator" && profiles.operator ? profiles.operator : profiles.cloud;
}

/** Who installs the NVIDIA driver under each GPU Operator profile. */
const DRIVER_INSTALLER_OF_PROFILE: Readonly<Record<GpuOperatorProfile, DriverInstaller>> = {
  "al2023-nvidia": "node-image",
  "bottlerocket-nvidia": "node-image",
  "cos-gpu-operator": "cos-driver-installer",
  "cos-cloud": "gke",
  "aks-gpu-operator": "gpu-operator",
  "aks-cloud": "aks",
};

/** Who installs the pool's NVIDIA driver. */
export function driverInstalledBy(cloud: Cloud, pool: GpuPoolConfig): DriverInstaller {
  return DRIVER_INSTALLER_OF_PROFILE[gpuOperatorProfile(cloud, pool)];
}

/** True when the OS lets the GPU Operator install the driver (driverManagement "gpu-operator"). */
export function operatorCanInstallDriver(os: NodeOs): boolean {
  return PROFILE_OF_OS[os].operator !== undefined;
}

/** Who advertises and shares the pool's GPUs. */
export function gpuSharedBy(cloud: Cloud, pool: GpuPoolConfig): GpuSharer {
  const profile = gpuOperatorProfile(cloud, pool);
  if (profile === "cos-cloud") return "gke";
  return profile === "bottlerocket-nvidia" ? "node-image" : "gpu-operator";
}

/** A node taint, as node pools set it and workloads tolerate it. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule";
}

/**
 * The taint AKS puts on every Spot node (Microsoft "Add a Spot node pool to an AKS
 * cluster", Limitations: "Spot nodes ... have the taint
 * kubernetes.azure.com/scalesetpriority=spot:NoSchedule").
 */
export const AKS_SPOT_TAINT: NodeTaint = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" };

/** Per cloud, the taints a capacity type puts on a pool's nodes beyond the platform's GPU taint. */
const CAPACITY_TAINTS: Readonly<Record<Cloud, Partial<Record<"on-demand" | "spot", readonly NodeTaint[]>>>> = {
  aws: {},
  gcp: {},
  azure: { spot: [AKS_SPOT_TAINT] },
};

/**
 * Taints the cloud puts on the pool's nodes because of its capacity type: the node pool
 * declares them (so the plan matches the cloud) and the pool's workloads tolerate them.
 */
export function poolCapacityTaints(cloud: Cloud, pool: GpuPoolConfig): readonly NodeTaint[] {
  return poolCapacityTypes(pool).flatMap((c) => CAPACITY_TAINTS[cloud][c] ?? []);
}

/** GPUs per node of the pool's instance or machine type (1 when the catalog does not list it). */
export function poolGpusPerNode(cloud: Cloud, pool: GpuPoolConfig): number {
  return machineType(cloud, pool.instanceType)?.gpuCount ?? 1;
}

/** The extended resource a worker requests: whole GPUs, or MIG slices under the operator's mixed strategy. */
export function gpuResourceName(cloud: Cloud, pool: GpuPoolConfig): string {
  const operatorMig = pool.sharing.mode === "mig" && gpuSharedBy(cloud, pool) !== "gke";
  return operatorMig && pool.sharing.strategy === "mixed" ? `nvidia.com/mig-${pool.sharing.profile}` : "nvidia.com/gpu";
}

/** GPU devices a node of the pool advertises: GPUs, x time-slice replicas, x MIG slices per GPU. */
export function devicesPerNode(cloud: Cloud, pool: GpuPoolConfig): number {
  const gpus = poolGpusPerNode(cloud, pool);
  if (pool.sharing.mode === "time-slicing") return gpus * (pool.sharing.replicas ?? 1);
  if (pool.sharing.mode === "mig" && pool.sharing.profile) return gpus * Math.floor(7 / Number.parseInt(pool.sharing.profile, 10));
  return gpus;
}

/**
 * The labels of a GPU pool's nodes. Bottlerocket NVIDIA images carry driver, toolkit
 * and device plugin, so the GPU Operator is told (by its documented per-node labels)
 * not to deploy those operands there.
 */
export function gpuPoolLabels(cloud: Cloud, pool: GpuPoolConfig): Record<string, string> {
  const os = poolNodeOs(cloud, pool);
  const labels: Record<string, string> = {
    [NODE_LABELS.gpuModel]: pool.gpu,
    [NODE_LABELS.pool]: pool.name,
    // The allowed capacity types in order (`spot-then-on-demand`); Karpenter labels each node with the one it got.
    [NODE_LABELS.capacityType]: poolCapacityTypes(pool).join("-then-"),
    [NODE_LABELS.nodeOs]: os,
  };
  if (os === "bottlerocket-nvidia") {
    labels["nvidia.com/gpu.deploy.driver"] = "false";
    labels["nvidia.com/gpu.deploy.container-toolkit"] = "false";
    labels["nvidia.com/gpu.deploy.device-plugin"] = "false";
  }
  // Sharing the GPU Operator implements is chosen per node by its documented labels:
  // the device plugin's config (one per pool, see constructs/gpu-operator/values.ts) and
  // the MIG manager's layout. GKE-managed pools share through the node pool instead.
  const operatorShares = gpuSharedBy(cloud, pool) !== "gke";
  if (operatorShares && pool.sharing.mode === "time-slicing") labels["nvidia.com/device-plugin.config"] = pool.name;
  if (operatorShares && pool.sharing.mode === "mig" && pool.sharing.profile) labels["nvidia.com/mig.config"] = `all-${pool.sharing.profile}`;
  if (driverInstalledBy(cloud, pool) === "cos-driver-installer") {
    // GKE documents this label to keep its own device plugin off nodes the operator runs.
    labels["gke-no-default-nvidia-gpu-device-plugin"] = "true";
  }
  return labels;
}

/** A GPU pool with every derived decision made: what stacks hand to constructs. */
export interface ResolvedGpuPool {
  /** The pool as the region file gives it. */
  readonly config: GpuPoolConfig;
  readonly nodeOs: NodeOs;
  readonly operatorProfile: GpuOperatorProfile;
  readonly driverInstalledBy: DriverInstaller;
  readonly gpuSharedBy: GpuSharer;
  /** The extended resource a worker requests (`nvidia.com/gpu`, `nvidia.com/mig-3g.40gb`). */
  readonly resourceName: string;
  readonly gpusPerNode: number;
  readonly devicesPerNode: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** Resolves one pool of a region on `cloud`. */
export function resolveGpuPool(cloud: Cloud, pool: GpuPoolConfig): ResolvedGpuPool {
  return {
    config: pool,
    nodeOs: poolNodeOs(cloud, pool),
    operatorProfile: gpuOperatorProfile(cloud, pool),
    driverInstalledBy: driverInstalledBy(cloud, pool),
    gpuSharedBy: gpuSharedBy(cloud, pool),
    resourceName: gpuResourceName(cloud, pool),
    gpusPerNode: poolGpusPerNode(cloud, pool),
    devicesPerNode: devicesPerNode(cloud, pool),
    labels: gpuPoolLabels(cloud, pool),
  };
}

/** True when the region's cluster needs Google's COS driver installer before the GPU Operator. */
export function needsCosDriverInstaller(cloud: Cloud, pools: readonly GpuPoolConfig[]): boolean {
  return pools.some((p) => driverInstalledBy(cloud, p) === "cos-driver-installer");
}

/** A pool set the one GPU Operator of a cluster cannot serve: which pool, which field, why. */
export interface GpuOperatorPoolProblem {
  /** Index of the pool in the region's `gpuPools`. */
  readonly index: number;
  readonly field: "sharing.mode" | "sharing.strategy";
  readonly message: string;
}

/**
 * How the GPU Operator shares a pool's GPUs: time-slicing with so many pods per GPU, or
 * MIG with the cluster's strategy (the operator's default, `single`, when unset).
 */
export type GpuOperatorSharing =
  | { readonly mode: "time-slicing"; readonly replicas: number }
  | { readonly mode: "mig"; readonly strategy?: "single" | "mixed" };

/** A GPU pool as the one GPU Operator of its cluster sees it: what the GpuOperator construct takes. */
export interface GpuOperatorPool {
  /** The pool's name: keys its time-slicing config, which its `nvidia.com/device-plugin.config` node label selects. */
  readonly name: string;
  /** Node OS and driver owner, which pick the values layer. */
  readonly profile: GpuOperatorProfile;
  /** How the operator shares the pool's GPUs. @default - not shared by the operator (whole GPUs, or GKE shares them) */
  readonly sharing?: GpuOperatorSharing;
}

/** The pool as its cluster's GPU Operator sees it: profile, and the sharing the operator (not GKE) implements. */
export function gpuOperatorPool(cloud: Cloud, pool: GpuPoolConfig): GpuOperatorPool {
  const profile = gpuOperatorProfile(cloud, pool);
  const s = pool.sharing;
  if (s.mode === "none" || gpuSharedBy(cloud, pool) === "gke") return { name: pool.name, profile };
  // Validation requires replicas with time-slicing.
  const sharing: GpuOperatorSharing = s.mode === "mig" ? { mode: "mig", ...(s.strategy ? { strategy: s.strategy } : {}) } : { mode: "time-slicing", replicas: s.replicas! };
  return { name: pool.name, profile, sharing };
}

/**
 * What one GPU Operator per cluster cannot do for a region's pools: sharing on
 * Bottlerocket (its own device plugin shares, which the platform does not configure) and
 * two MIG strategies (the operator has one per cluster). Validation reports these with
 * file and field; the GpuOperator construct refuses the same input, through this function.
 */
export function operatorPoolProblems(pools: readonly GpuOperatorPool[]): GpuOperatorPoolProblem[] {
  const problems: GpuOperatorPoolProblem[] = [];
  pools.forEach((pool, index) => {
    if (pool.profile === "bottlerocket-nvidia" && pool.sharing) {
      problems.push({
        index,
        field: "sharing.mode",
        message: `must be "none" on a Bottlerocket pool (Bottlerocket shares GPUs through its own device plugin, which the platform does not configure); use nodeOs "al2023-nvidia" to share GPUs, got ${show(pool.sharing.mode)}`,
      });
    }
  });
  const strategyOf = (p: GpuOperatorPool) => (p.sharing?.mode === "mig" ? p.sharing.strategy : undefined);
  const mig = pools.map((p, index) => ({ p, index, strategy: strategyOf(p) })).filter((m) => m.strategy !== undefined);
  for (const { index, strategy } of mig.slice(1)) {
    if (strategy !== mig[0].strategy) {
      problems.push({
        index,
        field: "sharing.strategy",
        message: `must match the region's other MIG pools (${mig[0].p.name}: ${show(mig[0].strategy)}); the GPU Operator has one MIG strategy per cluster, got ${show(strategy)}`,
      });
    }
  }
  return problems;
}

/** {@link operatorPoolProblems} of a region's pools as the region file gives them. */
export function gpuOperatorPoolProblems(cloud: Cloud, pools: readonly GpuPoolConfig[]): GpuOperatorPoolProblem[] {
  return operatorPoolProblems(pools.map((p) => gpuOperatorPool(cloud, p)));
}
