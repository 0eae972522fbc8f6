import { poolCapacityTypes } from "../config/capacity";
import { poolCapacityTaints, resolveGpuPool } from "../config/gpu-pools";
import type { GpuPoolConfig, RegionConfig } from "../config/schema";
import type { GpuNodePoolSpec } from "../constructs/contracts";

/**
 * A region's GPU pool in the node pool constructs' own terms: the stacks' translation of
 * config into props, with every derived decision taken from config/gpu-pools.ts.
 */
export function gpuNodePoolSpec(cloud: RegionConfig["cloud"], pool: GpuPoolConfig): GpuNodePoolSpec {
  const resolved = resolveGpuPool(cloud, pool);
  return {
    name: pool.name,
    gpu: pool.gpu,
    instanceType: pool.instanceType,
    // GKE node pools take one capacity type: the first in the pool's order.
    capacityType: poolCapacityTypes(pool)[0],
    minNodes: pool.minNodes,
    maxNodes: pool.maxNodes,
    diskSizeGiB: pool.diskSizeGiB,
    nodeOs: resolved.nodeOs,
    labels: resolved.labels,
    gpusPerNode: resolved.gpusPerNode,
    driverInstalledBy: resolved.driverInstalledBy,
    sharing: pool.sharing,
    capacityTaints: poolCapacityTaints(cloud, pool),
  };
}
