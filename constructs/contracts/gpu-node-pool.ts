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

// The label keys and a pool's labels are decided with the pool's other derived facts in
// config/gpu-pools.ts; re-exported here because every GPU node pool carries them.
export { gpuPoolLabels, NODE_LABELS, poolNodeOs } from "../../config/gpu-pools";
