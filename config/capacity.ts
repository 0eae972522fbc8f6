import { CLOUD_LABELS } from "../catalog/cloud";
import { CAPACITY_MODEL, OFFER_PROBLEM } from "./cloud-offers";
import { show, type ConfigError } from "./errors";
import { regionRule } from "./rule";
import { machineType as machineFacts, soldAsSpot } from "../catalog/machine-types";
import type { GpuPoolConfig, RegionConfig } from "./schema";

/**
 * The capacity model of a GPU pool, one owner for every layer: which instance types and
 * which capacity types, in which order, and how many GPUs at most. Karpenter NodePools,
 * GKE ComputeClasses, cost and plan-diff all read it from here.
 */

/** A capacity type (`spot`, `on-demand`). */
export type CapacityType = NonNullable<GpuPoolConfig["capacityType"]>;

/** The pool's capacity types in order of preference (`capacityTypes`, else `[capacityType]`, else on-demand). */
export function poolCapacityTypes(pool: Pick<GpuPoolConfig, "capacityType" | "capacityTypes">): readonly CapacityType[] {
  return pool.capacityTypes ?? [pool.capacityType ?? "on-demand"];
}

/** The pool's instance types in order of preference: `instanceType`, then `fallbackInstanceTypes`. */
export function poolInstanceTypes(pool: Pick<GpuPoolConfig, "instanceType" | "fallbackInstanceTypes">): readonly string[] {
  return [pool.instanceType, ...pool.fallbackInstanceTypes];
}

/** The pool's GPU ceiling: `maxNodes` nodes of the preferred type. Karpenter NodePool limits and plan-diff use it. */
export function poolMaxGpus(cloud: RegionConfig["cloud"], pool: GpuPoolConfig): number {
  return pool.maxNodes * (machineFacts(cloud, pool.instanceType)?.gpuCount ?? 0);
}

/** Rules of the capacity model: per pool, its fallback types and capacity types against the catalog. */
export const checkCapacity = regionRule([], ["cloud", "region", "network", "gpuPools"], (_settings, { file, region }) => {
  const errors: ConfigError[] = [];
  region.gpuPools.forEach((pool, i) => {
    const at = `gpuPools[${i}]`;
    const report = (path: string, message: string) => errors.push({ file, path: `${at}.${path}`, message });
    if (pool.capacityType !== undefined && pool.capacityTypes !== undefined) {
      report("capacityTypes", `set either capacityType or capacityTypes, not both, got capacityType ${show(pool.capacityType)} and capacityTypes ${show(pool.capacityTypes)}`);
    }
    const capacity = poolCapacityTypes(pool);
    if (new Set(capacity).size !== capacity.length) report("capacityTypes", `must not repeat a capacity type, got ${show(capacity)}`);
    // Karpenter prefers spot over on-demand whenever a NodePool allows both
    // (docs/concepts/nodepools.md at v1.14.1), so on AWS that is the only order with both.
    const model = CAPACITY_MODEL[region.cloud];
    if (model.twoCapacityTypes === "spot-first" && capacity.length === 2 && capacity[0] === "on-demand") {
      report("capacityTypes", `on AWS must be ["spot", "on-demand"], ["spot"] or ["on-demand"]: Karpenter always tries spot first when a NodePool allows both, got ${show(capacity)}`);
    }
    if (model.twoCapacityTypes === "none" && capacity.length > 1) {
      report("capacityTypes", `must hold one capacity type on ${CLOUD_LABELS[region.cloud].name}: ${model.why}, got ${show(capacity)}`);
    }
    if (!model.fallbackTypes && pool.fallbackInstanceTypes.length > 0) {
      report("fallbackInstanceTypes", `must be empty on ${CLOUD_LABELS[region.cloud].name}: ${model.why}, got ${show(pool.fallbackInstanceTypes)}`);
    }

    const primary = machineFacts(region.cloud, pool.instanceType);
    const types = poolInstanceTypes(pool);
    types.forEach((type, j) => {
      const path = j === 0 ? "instanceType" : `fallbackInstanceTypes[${j - 1}]`;
      if (types.indexOf(type) !== j) {
        report(path, `must not repeat an instance type, got ${show(type)} twice`);
        return;
      }
      const facts = machineFacts(region.cloud, type);
      if (j > 0) {
        if (!facts || facts.gpuCount === 0) {
          report(path, `must be a ${region.cloud.toUpperCase()} GPU type from catalog/${region.cloud}.ts, got ${show(type)}`);
          return;
        }
        if (facts.gpu !== pool.gpu) report(path, `must have the pool's GPU (${pool.gpu}), ${type} has ${facts.gpu}, got ${show(type)}`);
        if (primary && (facts.gpuCount < primary.gpuCount || facts.vcpus < primary.vcpus || facts.memoryGiB < primary.memoryGiB)) {
          report(path, `must have at least the GPUs, vCPUs and memory of ${pool.instanceType} (${primary.gpuCount} GPUs, ${primary.vcpus} vCPUs, ${primary.memoryGiB} GiB; workers are sized for it), ` +
            `${type} has ${facts.gpuCount}, ${facts.vcpus}, ${facts.memoryGiB} GiB, got ${show(type)}`);
        }
        const problem = OFFER_PROBLEM[region.cloud]({ region: region.region, zones: region.network.zones, gpu: pool.gpu, type });
        if (problem) report(path, `${problem.message}, got ${show(type)}`);
      }
      if (facts && capacity.includes("spot") && !soldAsSpot(region.cloud, type)) {
        report(path, `${type} is not sold as spot; drop "spot" from the capacity types or this type, got capacity types ${show(capacity)}`);
      }
    });
  });
  return errors;
});
