import type { GpuNodePool, GpuNodePoolSpec } from "./gpu-node-pool";

/**
 * A managed Kubernetes cluster of either cloud. The cluster stack creates one and adds
 * the region's GPU pools through it, without knowing which cloud it is on.
 */
export interface CloudCluster {
  /** The cluster's name: deterministic, so the platform layer can look it up. */
  readonly clusterName: string;
  /** Adds one GPU pool with the platform's taint and labels. */
  addGpuPool(pool: GpuNodePoolSpec): GpuNodePool;
}
