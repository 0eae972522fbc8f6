import { show, type ConfigError } from "./errors";
import { regionRule } from "./rule";
import type { RegionConfig } from "./schema";

/**
 * What one GPU Operator per cluster can do for a region's pools, checked at synth so the
 * message names the file and field (the GpuOperator construct would otherwise stop synth
 * with a less precise error).
 */
export const checkGpuOperator = regionRule([], ["cloud", "gpuPools"], (_settings, { file, region }) => {
  const errors: ConfigError[] = [];
  const operatorShares = (p: RegionConfig["gpuPools"][number]) => !(region.cloud === "gcp" && p.driverManagement === "cloud");

  region.gpuPools.forEach((pool, i) => {
    if (pool.nodeOs === "bottlerocket-nvidia" && pool.sharing.mode !== "none") {
      errors.push({
        file,
        path: `gpuPools[${i}].sharing.mode`,
        message: `must be "none" on a Bottlerocket pool (Bottlerocket shares GPUs through its own device plugin, which the platform does not configure); use nodeOs "al2023-nvidia" to share GPUs, got ${show(pool.sharing.mode)}`,
      });
    }
  });

  const mig = region.gpuPools.map((p, i) => ({ p, i })).filter(({ p }) => p.sharing.mode === "mig" && p.sharing.strategy !== undefined && operatorShares(p));
  for (const { p, i } of mig.slice(1)) {
    if (p.sharing.strategy !== mig[0].p.sharing.strategy) {
      errors.push({
        file,
        path: `gpuPools[${i}].sharing.strategy`,
        message: `must match the region's other MIG pools (${mig[0].p.name}: ${show(mig[0].p.sharing.strategy)}); the GPU Operator has one MIG strategy per cluster, got ${show(p.sharing.strategy)}`,
      });
    }
  }

  if (region.cloud === "gcp") {
    const [first, ...rest] = region.gpuPools;
    rest.forEach((p, k) => {
      if (p.driverManagement !== first.driverManagement) {
        errors.push({
          file,
          path: `gpuPools[${k + 1}].driverManagement`,
          message: `must be the same for every GPU pool of a GKE region (${first.name}: ${show(first.driverManagement)}); the GPU Operator is set up differently for each, got ${show(p.driverManagement)}`,
        });
      }
    });
  }
  return errors;
});
