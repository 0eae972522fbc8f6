import { GpuPoolSchema, ModelSchema } from "../../config/schema";
import {
  autoscalerGroupResources, checkScaleFromZero, missingForBundles, parseRayStartResources, replicaPlacementBundles, roundUpQuantity,
  type AutoscalerGroupSpec,
} from "../../config/scale-from-zero";
import { rayServiceManifest, rayStartResourcesParam } from "../../constructs/llm-serving/manifests";
import { servedModelSpec } from "../../stacks/serving-props";
import { problems, rawDefault, regionOf, valid } from "./fixtures";

const l40s = GpuPoolSchema.parse({ name: "l40s", gpu: "L40S", instanceType: "g6e.12xlarge", minNodes: 0, maxNodes: 2 });
const qwen = ModelSchema.parse({ name: "qwen-32b", model: "Qwen/Qwen2.5-32B-Instruct", pool: "l40s", tensorParallelSize: 4, minReplicas: 0 });

function workerGroup(model = qwen, pool = l40s): AutoscalerGroupSpec {
  const m = rayServiceManifest({ model: servedModelSpec("aws", model, pool), namespace: "ns", modelReaderServiceAccount: "sa", modelStoreUri: "s3://b", hfTokenSecret: "t" });
  return (m.spec as { rayClusterConfig: { workerGroupSpecs: AutoscalerGroupSpec[] } }).rayClusterConfig.workerGroupSpecs[0];
}

describe("autoscalerGroupResources (KubeRay's autoscaling_config.py)", () => {
  test("rounds Kubernetes quantities up, like _round_up_k8s_quantity", () => {
    expect(roundUpQuantity("500m")).toBe(1);
    expect(roundUpQuantity("46")).toBe(46);
    expect(roundUpQuantity("1Gi")).toBe(2 ** 30);
    expect(roundUpQuantity("1.5")).toBe(2);
  });

  test("reads rayStartParams.resources in the quoted form KubeRay documents", () => {
    expect(parseRayStartResources(rayStartResourcesParam({ "accelerator_type:L40S": 1 }))).toEqual({ "accelerator_type:L40S": 1 });
    expect(parseRayStartResources('"{\\"Custom1\\": 1, \\"Custom2\\": 5}"')).toEqual({ Custom1: 1, Custom2: 5 });
  });

  test("the qwen-32b worker group offers 4 GPUs and accelerator_type:L40S with zero workers", () => {
    const r = autoscalerGroupResources(workerGroup());
    expect(r.GPU).toBe(4);
    expect(r["accelerator_type:L40S"]).toBe(1);
    expect(r.CPU).toBeGreaterThanOrEqual(1);
  });

  test("the top-level resources field wins and is the only source of custom resources", () => {
    const g = { ...workerGroup(), resources: { GPU: "2", "accelerator_type:L4": "1" } };
    const r = autoscalerGroupResources(g);
    expect(r.GPU).toBe(2);
    expect(r["accelerator_type:L4"]).toBe(1);
    expect(r["accelerator_type:L40S"]).toBeUndefined();
  });

  test("GPUs come from a container limit ending in gpu when rayStartParams has no num-gpus", () => {
    const g = workerGroup();
    const r = autoscalerGroupResources({ ...g, rayStartParams: {} });
    expect(r.GPU).toBe(4);
    expect(r["accelerator_type:L40S"]).toBeUndefined();
  });
});

describe("the zero-worker placement rule", () => {
  test("a replica of qwen-32b (TP 4) asks for 4 GPU bundles with the L40S hint and one CPU", () => {
    expect(replicaPlacementBundles(servedModelSpec("aws", qwen, l40s))).toEqual([
      { CPU: 1, GPU: 1, "accelerator_type:L40S": 0.001 },
      { GPU: 1, "accelerator_type:L40S": 0.001 },
      { GPU: 1, "accelerator_type:L40S": 0.001 },
      { GPU: 1, "accelerator_type:L40S": 0.001 },
    ]);
  });

  test("without the advertised accelerator (the group as it was before), the request is infeasible", () => {
    const g = workerGroup();
    const { resources: _dropped, ...params } = g.rayStartParams ?? {};
    expect(missingForBundles(replicaPlacementBundles(servedModelSpec("aws", qwen, l40s)), autoscalerGroupResources({ ...g, rayStartParams: params })))
      .toEqual([{ resource: "accelerator_type:L40S", needed: 0.004, offered: 0 }]);
  });

  test("every model of the default regions passes, qwen-32b with minReplicas 0 included", () => {
    const config = valid(rawDefault());
    const qwenRegion = config.regions.find((r) => r.models.some((m) => m.minReplicas === 0));
    expect(qwenRegion).toBeDefined();
    for (const region of config.regions) expect(checkScaleFromZero(config.settings, { file: "f", region })).toEqual([]);
  });

  test("an A100-80GB pool advertises A100-80G, so a model may ask for the size-specific name", () => {
    const a100 = GpuPoolSchema.parse({ name: "a100", gpu: "A100-80GB", instanceType: "p4de.24xlarge", minNodes: 0, maxNodes: 1 });
    const m = ModelSchema.parse({ ...qwen, pool: "a100", acceleratorType: "A100-80G" });
    expect(missingForBundles(replicaPlacementBundles(servedModelSpec("aws", m, a100)), autoscalerGroupResources(workerGroup(m, a100)))).toEqual([]);
  });

  test("fails when a model asks for an accelerator its pool does not carry, naming model, pool and resource", () => {
    const raw = rawDefault();
    const region = regionOf(raw, "us-east-1");
    const i = region.models.findIndex((m: { name: string }) => m.name === "qwen-32b");
    region.models[i].acceleratorType = "H100";
    expect(problems(raw)).toEqual([
      `regions/us-east-1.ts: models[${i}]: model "qwen-32b" cannot scale from zero on pool "l40s": a replica's placement group needs accelerator_type:H100 0.004, ` +
        `one worker of group "gpu" offers 0 (it offers CPU, GPU, memory, accelerator_type:L40S); ` +
        `set acceleratorType to a name the pool's L40S carries (L40S) or use a pool with that GPU, got acceleratorType "H100"`,
    ]);
  });
});
