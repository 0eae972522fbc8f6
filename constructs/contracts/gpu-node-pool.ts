/**
 * What every GPU node pool gives the layers above it, whatever the cloud: the taint
 * workloads must tolerate and the labels they select on. EKS and GKE implement it.
 */
export interface GpuNodePool {
  /** The pool name from the region file (`l4`). */
  readonly poolName: string;
  /** The physical node group / node pool name. */
  readonly nodePoolName: string;
  /** Node labels set on every node of the pool. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A GPU pool as a cluster adds it, in the construct library's own terms: every decision
 * already made (the cluster stack translates a region's pool, resolved by
 * config/gpu-pools.ts, into this), so a node pool builds without the app's config.
 */
export interface GpuNodePoolSpec {
  /** The pool name (`l4`): construct id, and part of the physical name. */
  readonly name: string;
  /** The GPU model (`L4`), a key of the GPU catalog. */
  readonly gpu: string;
  /** The EC2 instance type or GCE machine type. */
  readonly instanceType: string;
  readonly capacityType: "on-demand" | "spot";
  readonly minNodes: number;
  readonly maxNodes: number;
  /** Size of the volume that holds images and model weights, GiB. */
  readonly diskSizeGiB: number;
  /** The node image: `al2023-nvidia` or `bottlerocket-nvidia` on EKS, `cos` on GKE, `aks-ubuntu` on AKS. */
  readonly nodeOs: "al2023-nvidia" | "bottlerocket-nvidia" | "cos" | "aks-ubuntu";
  /** Labels on every node of the pool (model, pool, capacity type, OS, GPU Operator per-node settings). */
  readonly labels: Readonly<Record<string, string>>;
  /** GPUs attached to each node. */
  readonly gpusPerNode: number;
  /** Who puts the NVIDIA driver on the node: the image, GKE, or Google's COS installer (GKE installation disabled). */
  readonly driverInstalledBy: "node-image" | "gke" | "cos-driver-installer" | "aks" | "gpu-operator";
  /** Taints the cloud adds for the capacity type (AKS Spot). @default - none */
  readonly capacityTaints?: readonly { readonly key: string; readonly value: string; readonly effect: "NoSchedule" }[];
  /** How pods share a GPU; a GKE pool whose driver GKE installs implements it in the node pool. */
  readonly sharing: { readonly mode: "none" | "time-slicing" | "mig"; readonly replicas?: number; readonly profile?: string };
}

/** The taint on every GPU node: only pods that tolerate it (GPU workloads) land there. */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

// The label keys and a pool's labels are decided with the pool's other derived facts in
// config/gpu-pools.ts; re-exported here because every GPU node pool carries them.
export { gpuPoolLabels, NODE_LABELS, poolNodeOs } from "../../config/gpu-pools";
