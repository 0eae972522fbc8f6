import { CLOUD_LABELS, type Cloud } from "../catalog/cloud";
import { show, type ConfigError } from "./errors";
import { gpuOperatorPoolProblems } from "./gpu-pools";
import { regionRule } from "./rule";

/** Clouds whose GPU pools of one region must share one driver owner. */
const ONE_DRIVER_OWNER_PER_CLUSTER: Readonly<Record<Cloud, boolean>> = { aws: false, gcp: true, azure: true };

/**
 * What one GPU Operator per cluster can do for a region's pools, checked at synth so the
 * message names the file and field (the GpuOperator construct would otherwise stop synth
 * with a less precise error).
 */
export const checkGpuOperator = regionRule([], ["cloud", "gpuPools"], (_settings, { file, region }) => {
  const errors: ConfigError[] = gpuOperatorPoolProblems(region.cloud, region.gpuPools)
    .map((p) => ({ file, path: `gpuPools[${p.index}].${p.field}`, message: p.message }));

  // One GPU Operator per cluster is set up for one driver owner on GKE and AKS (on AKS it
  // also supports one OS per cluster: Microsoft "Use the NVIDIA GPU Operator on AKS").
  if (ONE_DRIVER_OWNER_PER_CLUSTER[region.cloud]) {
    const [first, ...rest] = region.gpuPools;
    rest.forEach((p, k) => {
      if (p.driverManagement !== first.driverManagement) {
        errors.push({
          file,
          path: `gpuPools[${k + 1}].driverManagement`,
          message: `must be the same for every GPU pool of ${CLOUD_LABELS[region.cloud].article} ${CLOUD_LABELS[region.cloud].kubernetes} region (${first.name}: ${show(first.driverManagement)}); the GPU Operator is set up differently for each, got ${show(p.driverManagement)}`,
        });
      }
    });
  }
  return errors;
});
