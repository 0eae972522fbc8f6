import type { GpuName } from "../catalog/gpus";
import { machineType } from "../catalog/machine-types";
import { RAY_ACCELERATORS, rayAcceleratorNames } from "../catalog/ray-accelerators";
import { poolCapacityTaints, resolveGpuPool } from "../config/gpu-pools";
import type { GpuPoolConfig, ModelConfig, RegionConfig } from "../config/schema";
import type { ServedModelSpec, ServingPoolSpec } from "../constructs/llm-serving";

/**
 * The config-to-props translation of the serving layer, in one place: the platform stack
 * builds LlmServing's models from it, and the scale-from-zero rule builds the same
 * RayServices from it, so validation judges exactly what synth writes.
 */

/**
 * Node size assumed for a machine type the catalog does not list. Validation rejects such
 * a pool before synth; this only keeps a hand-built config from failing here.
 */
const UNLISTED_MACHINE = { vcpus: 4, memoryGiB: 16 } as const;

/** A region's GPU pool as the serving layer sees it, with every decision taken from config/gpu-pools.ts and the catalog. */
export function servingPoolSpec(cloud: RegionConfig["cloud"], pool: GpuPoolConfig): ServingPoolSpec {
  const resolved = resolveGpuPool(cloud, pool);
  const facts = machineType(cloud, pool.instanceType);
  const gpu = pool.gpu as GpuName;
  return {
    name: pool.name,
    resourceName: resolved.resourceName,
    devicesPerNode: resolved.devicesPerNode,
    nodeVcpus: facts?.vcpus ?? UNLISTED_MACHINE.vcpus,
    nodeMemoryGiB: facts?.memoryGiB ?? UNLISTED_MACHINE.memoryGiB,
    // Taints the cloud adds for the pool's capacity type (AKS Spot), which workers tolerate.
    ...(poolCapacityTaints(cloud, pool).length > 0 ? { extraTaints: poolCapacityTaints(cloud, pool) } : {}),
    // Ray detects the model of whole GPUs only (catalog/ray-accelerators.ts).
    ...(pool.sharing.mode === "none" ? { rayAccelerator: { detected: RAY_ACCELERATORS[gpu].detected, names: rayAcceleratorNames(gpu) } } : {}),
  };
}

/** One model of a region as LlmServing runs it, on `pool` (the region's pool the model names). */
export function servedModelSpec(cloud: RegionConfig["cloud"], model: ModelConfig, pool: GpuPoolConfig): ServedModelSpec {
  return {
    name: model.name,
    model: model.model,
    pool: servingPoolSpec(cloud, pool),
    tensorParallelSize: model.tensorParallelSize,
    minReplicas: model.minReplicas,
    maxReplicas: model.maxReplicas,
    maxModelLen: model.maxModelLen,
    gpuMemoryUtilization: model.gpuMemoryUtilization,
    targetOngoingRequests: model.targetOngoingRequests,
    ...(model.acceleratorType !== undefined ? { acceleratorType: model.acceleratorType } : {}),
  };
}

/** Every model of a region, in region-file order (validation guarantees each names one of its pools). */
export function servedModelSpecs(region: Pick<RegionConfig, "name" | "cloud" | "models" | "gpuPools">): ServedModelSpec[] {
  return region.models.map((m) => {
    const pool = region.gpuPools.find((p) => p.name === m.pool);
    if (!pool) throw new Error(`region ${region.name}: model ${m.name} names pool ${m.pool}, which the region does not have (validation should have caught this)`);
    return servedModelSpec(region.cloud, m, pool);
  });
}
