/**
 * A managed Kubernetes cluster of either cloud, as the layers above it know it. GPU
 * capacity is per cloud: GKE node pools in the cluster layer (`GkeCluster.addGpuPool`),
 * Karpenter NodePools in the platform layer on EKS (constructs/karpenter/).
 */
export interface CloudCluster {
  /** The cluster's name: deterministic, so the platform layer can look it up. */
  readonly clusterName: string;
}
