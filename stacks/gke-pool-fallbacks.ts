import { machineType } from "../catalog/machine-types";
import { poolPriorities } from "../config/capacity";
import { fallbackNodePoolName, nodePoolName } from "../config/names";
import type { GpuPoolConfig, PlatformSettings, RegionConfig } from "../config/schema";
import { computeClassName, type GkeComputeClassSpec, type GkeNodePoolAlternative } from "../constructs/gcp";

/**
 * A GKE GPU pool's fallback as both layers need it: the cluster stack creates a node pool per
 * step of `poolPriorities` (config/capacity.ts), the platform stack lists the same names, in
 * the same order, in the pool's ComputeClass. Pure; the one place those names are paired.
 */
export function gkePoolFallbacks(settings: Pick<PlatformSettings, "name">, region: Pick<RegionConfig, "name">, pool: GpuPoolConfig): {
  readonly computeClass: string;
  readonly alternatives: readonly GkeNodePoolAlternative[];
  readonly computeClassSpec: GkeComputeClassSpec;
} {
  const steps = poolPriorities(pool);
  const alternatives = steps.slice(1).map((step, i) => ({
    nodePoolName: fallbackNodePoolName(settings.name, region.name, pool.name, i + 1),
    instanceType: step.instanceType,
    capacityType: step.capacityType,
    gpusPerNode: machineType("gcp", step.instanceType)?.gpuCount ?? 0,
  }));
  return {
    computeClass: computeClassName(pool.name),
    alternatives,
    computeClassSpec: { pool: pool.name, nodePools: [nodePoolName(settings.name, region.name, pool.name), ...alternatives.map((a) => a.nodePoolName)] },
  };
}
