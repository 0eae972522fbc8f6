import { show, type ConfigError } from "./errors";
import { gpuOperatorPoolProblems } from "./gpu-pools";
import { regionRule } from "./rule";

/**
 * What one GPU Operator per cluster can do for a region's pools, checked at synth so the
 * message names the file and field (the GpuOperator construct would otherwise stop synth
 * with a less precise error).
 */
export const checkGpuOperator = regionRule([], ["cloud", "gpuPools"], (_settings, { file, region }) => {
  const errors: ConfigError[] = gpuOperatorPoolProblems(region.cloud, region.gpuPools)
    .map((p) => ({ file, path: `gpuPools[${p.index}].${p.field}`, message: p.message }));

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
