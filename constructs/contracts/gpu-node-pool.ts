import type { GpuPoolConfig } from "../../config/schema";

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

/** The taint on every GPU node: only pods that tolerate it (GPU workloads) land there. */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

/** Label keys the platform sets on GPU nodes; the serving layer selects on them. */
export const NODE_LABELS = {
  gpuModel: "llm-platform.dev/gpu-model",
  pool: "llm-platform.dev/pool",
  capacityType: "llm-platform.dev/capacity-type",
  nodeOs: "llm-platform.dev/node-os",
} as const;

/** The node OS a pool runs, with the cloud's default applied. */
export function poolNodeOs(cloud: "aws" | "gcp", pool: GpuPoolConfig): NonNullable<GpuPoolConfig["nodeOs"]> {
  return pool.nodeOs ?? (cloud === "aws" ? "al2023-nvidia" : "cos");
}

/**
 * The labels of a GPU pool's nodes. Bottlerocket NVIDIA images carry driver, toolkit
 * and device plugin, so the GPU Operator is told (by its documented per-node labels)
 * not to deploy those operands there.
 */
export function gpuPoolLabels(cloud: "aws" | "gcp", pool: GpuPoolConfig): Record<string, string> {
  const os = poolNodeOs(cloud, pool);
  const labels: Record<string, string> = {
    [NODE_LABELS.gpuModel]: pool.gpu,
    [NODE_LABELS.pool]: pool.name,
    [NODE_LABELS.capacityType]: pool.capacityType,
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
  const operatorShares = !(cloud === "gcp" && pool.driverManagement === "cloud");
  if (operatorShares && pool.sharing.mode === "time-slicing") labels["nvidia.com/device-plugin.config"] = pool.name;
  if (operatorShares && pool.sharing.mode === "mig" && pool.sharing.profile) labels["nvidia.com/mig.config"] = `all-${pool.sharing.profile}`;
  if (cloud === "gcp" && pool.driverManagement === "gpu-operator") {
    // GKE documents this label to keep its own device plugin off nodes the operator runs.
    labels["gke-no-default-nvidia-gpu-device-plugin"] = "true";
  }
  return labels;
}
