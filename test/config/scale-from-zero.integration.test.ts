import { execFileSync } from "child_process";
import * as path from "path";
import { GpuPoolSchema, ModelSchema } from "../../config/schema";
import { autoscalerGroupResources, type AutoscalerGroupSpec } from "../../config/scale-from-zero";
import { rayServiceManifest } from "../../constructs/llm-serving/manifests";
import { servedModelSpec } from "../../stacks/serving-props";
import { defaultConfig } from "../helpers";
import { REFERENCE_DIR } from "../reference";

/**
 * The TypeScript translation of a worker group into Ray resources must agree with the
 * vendored KubeRay autoscaler code itself (run by python3 with only its Ray imports stubbed).
 */
function groupOf(cloud: "aws" | "gcp" | "azure", model: unknown, pool: unknown): AutoscalerGroupSpec {
  const m = rayServiceManifest({
    model: servedModelSpec(cloud, ModelSchema.parse(model), GpuPoolSchema.parse(pool)), namespace: "ns", modelReaderServiceAccount: "sa", modelStoreUri: "s3://b", hfTokenSecret: "t",
  });
  return (m.spec as { rayClusterConfig: { workerGroupSpecs: AutoscalerGroupSpec[] } }).rayClusterConfig.workerGroupSpecs[0];
}

test("autoscalerGroupResources equals autoscaling_config.py's _get_ray_resources_from_group_spec", () => {
  const groups: AutoscalerGroupSpec[] = [];
  for (const region of defaultConfig().regions) {
    for (const m of region.models) groups.push(groupOf(region.cloud, m, region.gpuPools.find((p) => p.name === m.pool)));
  }
  const base = groups[0];
  groups.push({ ...base, rayStartParams: {} });
  groups.push({ ...base, resources: { CPU: "3", GPU: "2", memory: "10Gi", "accelerator_type:A100": "1" } });
  groups.push({ ...base, rayStartParams: { "num-cpus": "7", memory: "1000" } });
  groups.push(groupOf("aws", { name: "m", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "a100" },
    { name: "a100", gpu: "A100-80GB", instanceType: "p4de.24xlarge", minNodes: 0, maxNodes: 1 }));

  const out = execFileSync("python3", [
    path.join(__dirname, "python", "kuberay_group_resources.py"),
    path.join(REFERENCE_DIR, "ray", "kuberay-autoscaling_config-ray-master-f3b563a.py"),
  ], { input: JSON.stringify(groups), encoding: "utf8" });
  const fromPython = JSON.parse(out) as Record<string, number>[];
  expect(groups.map(autoscalerGroupResources)).toEqual(fromPython);
  expect(fromPython.some((r) => r["accelerator_type:L40S"] === 1)).toBe(true);
  expect(fromPython.at(-1)).toMatchObject({ "accelerator_type:A100": 1, "accelerator_type:A100-80G": 1 });
});
