import { parse as parseYaml } from "yaml";
import { GpuPoolSchema, ModelSchema, type GpuPoolConfig, type ModelConfig, type RegionConfig } from "../../../config/schema";
import { GPU_TAINT } from "../../../constructs/contracts";
import { devicesPerNode, gpuResourceName } from "../../../config/gpu-pools";
import {
  RAY_IMAGE, RAY_VERSION, rayServiceManifest, resolveServedModel, SERVED_MODEL_DEFAULTS, workerResources, type RayServiceInput,
} from "../../../constructs/llm-serving";
import { servedModelSpec, servingPoolSpec } from "../../../stacks/serving-props";
import { defaultConfig } from "../../helpers";
import { crdValidator, schemaErrors } from "../../reference";

const validateRayService = crdValidator("ray.io_rayservices.kuberay-v1.7.0.yaml", "v1");

function pool(over: Record<string, unknown> = {}): GpuPoolConfig {
  return GpuPoolSchema.parse({ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4, ...over });
}
function model(over: Record<string, unknown> = {}): ModelConfig {
  return ModelSchema.parse({ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", ...over });
}
/** A RayService input from region-file shapes, translated as the platform stack does. */
function input(over: { cloud?: RegionConfig["cloud"]; model?: ModelConfig; pool?: GpuPoolConfig } = {}): RayServiceInput {
  return {
    model: servedModelSpec(over.cloud ?? "aws", over.model ?? model(), over.pool ?? pool()),
    namespace: "llm-serving", modelReaderServiceAccount: "model-reader", modelStoreUri: "s3://llmp-us-east-1-models", hfTokenSecret: "hf-token",
  };
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const spec = (m: Obj) => m.spec.rayClusterConfig;
const worker = (m: Obj) => spec(m).workerGroupSpecs[0];
const workerContainer = (m: Obj) => worker(m).template.spec.containers[0];
const headContainer = (m: Obj) => spec(m).headGroupSpec.template.spec.containers[0];

describe("every RayService the platform synthesizes validates against the KubeRay v1.7.0 CRD", () => {
  const cases: [string, RayServiceInput][] = [];
  for (const region of defaultConfig().regions) {
    for (const m of region.models) {
      cases.push([`${region.name}/${m.name}`, input({ cloud: region.cloud, model: m, pool: region.gpuPools.find((p) => p.name === m.pool)! })]);
    }
  }
  cases.push(["MIG mixed", input({ pool: pool({ name: "h100", gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy: "mixed", profile: "3g.40gb" } }) })]);
  cases.push(["time-slicing", input({ pool: pool({ sharing: { mode: "time-slicing", replicas: 2 } }), model: model({ model: "meta-llama/Llama-3.2-3B-Instruct" }) })]);

  test.each(cases)("%s", (_name, i) => {
    const ok = validateRayService(rayServiceManifest(i));
    expect(schemaErrors(validateRayService)).toEqual([]);
    expect(ok).toBe(true);
  });

  test("the validator itself rejects a wrong type and a misspelt field", () => {
    const wrongType = rayServiceManifest(input()) as Obj;
    wrongType.spec.rayClusterConfig.workerGroupSpecs[0].minReplicas = "one";
    expect(validateRayService(wrongType)).toBe(false);
    const misspelt = rayServiceManifest(input()) as Obj;
    misspelt.spec.rayClusterConfig.workerGroupSpecs[0].template.spec.tolerations[0].efect = "NoSchedule";
    expect(validateRayService(misspelt)).toBe(false);
    expect(schemaErrors(validateRayService).join("\n")).toContain("must NOT have additional properties");
  });
});

describe("rayServiceManifest", () => {
  test("workers request as many GPUs as the tensor parallel size, so vLLM gets whole shards", () => {
    const m = rayServiceManifest(input({ model: model({ model: "Qwen/Qwen2.5-32B-Instruct", tensorParallelSize: 4 }), pool: pool({ gpu: "L40S", instanceType: "g6e.12xlarge" }) })) as Obj;
    expect(workerContainer(m).resources.limits["nvidia.com/gpu"]).toBe("4");
    expect(workerContainer(m).resources.requests["nvidia.com/gpu"]).toBe("4");
    expect(worker(m).rayStartParams["num-gpus"]).toBe("4");
    expect(parseYaml(m.spec.serveConfigV2).applications[0].args.llm_configs[0].engine_kwargs.tensor_parallel_size).toBe(4);
  });

  test("workers tolerate the GPU taint and select the model's pool, or they never schedule", () => {
    const m = rayServiceManifest(input()) as Obj;
    expect(worker(m).template.spec.tolerations).toEqual([{ key: GPU_TAINT.key, operator: "Equal", value: GPU_TAINT.value, effect: GPU_TAINT.effect }]);
    expect(worker(m).template.spec.nodeSelector).toEqual({ "llm-platform.dev/pool": "l4" });
  });

  test("workers also tolerate the pool's extra taints (a spot taint), or they never schedule on those nodes", () => {
    const base = input();
    const spot = { key: "example.com/spot", value: "true", effect: "NoSchedule" } as const;
    const m = rayServiceManifest({ ...base, model: { ...base.model, pool: { ...base.model.pool, extraTaints: [spot] } } }) as Obj;
    expect(worker(m).template.spec.tolerations).toEqual([
      { key: GPU_TAINT.key, operator: "Equal", value: GPU_TAINT.value, effect: GPU_TAINT.effect },
      { key: spot.key, operator: "Equal", value: spot.value, effect: spot.effect },
    ]);
  });

    test("the head holds no GPUs and runs on the system pool", () => {
    const m = rayServiceManifest(input()) as Obj;
    expect(JSON.stringify(headContainer(m).resources)).not.toContain("nvidia.com");
    expect(spec(m).headGroupSpec.rayStartParams["num-gpus"]).toBe("0");
    expect(spec(m).headGroupSpec.template.spec.nodeSelector).toEqual({ "llm-platform.dev/pool": "system" });
    expect(spec(m).headGroupSpec.template.spec.tolerations).toBeUndefined();
  });

  test("a model with warm replicas keeps the head out of its Serve service, so a dead model refuses connections instead of hanging", () => {
    expect((rayServiceManifest(input({ model: model({ minReplicas: 1 }) })) as Obj).spec.excludeHeadPodFromServeSvc).toBe(true);
  });

  test("a model that scales from zero keeps the head in its Serve service: the head's proxy takes the first request", () => {
    expect((rayServiceManifest(input({ model: model({ minReplicas: 0 }) })) as Obj).spec.excludeHeadPodFromServeSvc).toBe(false);
  });

  test("rayVersion equals the Ray version of the image, which KubeRay relies on", () => {
    const m = rayServiceManifest(input()) as Obj;
    expect(spec(m).rayVersion).toBe(RAY_VERSION);
    expect(RAY_IMAGE).toContain(`:${RAY_VERSION}-`);
    expect(headContainer(m).image).toBe(RAY_IMAGE);
    expect(workerContainer(m).image).toBe(RAY_IMAGE);
  });

  test("serveConfigV2 builds the OpenAI app with the model's engine and autoscaling settings", () => {
    const m = rayServiceManifest(input({ model: model({ minReplicas: 1, maxReplicas: 3, maxModelLen: 4096, gpuMemoryUtilization: 0.85, targetOngoingRequests: 8 }) })) as Obj;
    const app = parseYaml(m.spec.serveConfigV2).applications[0];
    expect(app.import_path).toBe("ray.serve.llm:build_openai_app");
    expect(app.args.llm_configs).toEqual([{
      model_loading_config: { model_id: "llama-8b", model_source: { bucket_uri: "s3://llmp-us-east-1-models/meta-llama/Llama-3.1-8B-Instruct" } },
      accelerator_type: "L4",
      deployment_config: { autoscaling_config: { min_replicas: 1, max_replicas: 3, target_ongoing_requests: 8 } },
      engine_kwargs: { tensor_parallel_size: 1, max_model_len: 4096, gpu_memory_utilization: 0.85 },
    }]);
    expect(worker(m)).toMatchObject({ minReplicas: 1, maxReplicas: 3, replicas: 1 });
  });

  test("the Hugging Face token comes from a Secret reference, never a value in the plan", () => {
    const env = workerContainer(rayServiceManifest(input()) as Obj).env;
    expect(env).toEqual([{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf-token", key: "token" } } }]);
  });

  test("only workers carry the model-reader service account (the head keeps KubeRay's, which the autoscaler needs)", () => {
    const m = rayServiceManifest(input()) as Obj;
    expect(worker(m).template.spec.serviceAccountName).toBe("model-reader");
    expect(spec(m).headGroupSpec.template.spec.serviceAccountName).toBeUndefined();
  });

  test("uses no deprecated RayService field", () => {
    const m = rayServiceManifest(input()) as Obj;
    expect(m.spec.serviceUnhealthySecondThreshold).toBeUndefined();
    expect(m.spec.deploymentUnhealthySecondThreshold).toBeUndefined();
    expect(m.apiVersion).toBe("ray.io/v1");
  });

  test("containers run as non-root without privilege escalation", () => {
    const m = rayServiceManifest(input()) as Obj;
    for (const c of [headContainer(m), workerContainer(m)]) expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
  });
});

describe("scale from zero", () => {
  test("the worker group advertises the pool's Ray accelerator names, so the autoscaler sees them with zero workers", () => {
    const m = rayServiceManifest(input({ pool: pool({ name: "a100", gpu: "A100-80GB", instanceType: "p4de.24xlarge" }), model: model({ pool: "a100" }) })) as Obj;
    expect(worker(m).rayStartParams.resources).toBe('"{\\"accelerator_type:A100\\":1,\\"accelerator_type:A100-80G\\":1}"');
  });

  test("shared GPUs carry no accelerator name (Ray detects whole GPUs only), and Serve asks for none", () => {
    const m = rayServiceManifest(input({ pool: pool({ sharing: { mode: "time-slicing", replicas: 2 } }), model: model({ model: "meta-llama/Llama-3.2-3B-Instruct" }) })) as Obj;
    expect(worker(m).rayStartParams.resources).toBeUndefined();
    expect(parseYaml(m.spec.serveConfigV2).applications[0].args.llm_configs[0].accelerator_type).toBeUndefined();
  });

  test("the in-tree autoscaler is on with an idle timeout, and Karpenter never drains a worker's node voluntarily", () => {
    const m = rayServiceManifest(input()) as Obj;
    expect(spec(m).enableInTreeAutoscaling).toBe(true);
    expect(spec(m).autoscalerOptions.idleTimeoutSeconds).toBe(300);
    expect(worker(m).template.metadata.annotations).toEqual({ "karpenter.sh/do-not-disrupt": "true" });
  });
});

describe("GPU resources and worker sizing", () => {
  test("MIG under the mixed strategy requests the slice resource; single and whole GPUs request nvidia.com/gpu", () => {
    expect(gpuResourceName("aws", pool({ gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy: "mixed", profile: "3g.40gb" } }))).toBe("nvidia.com/mig-3g.40gb");
    expect(gpuResourceName("aws", pool({ gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy: "single", profile: "3g.40gb" } }))).toBe("nvidia.com/gpu");
    expect(gpuResourceName("aws", pool())).toBe("nvidia.com/gpu");
  });

  test("devices per node count time-slice replicas and MIG slices", () => {
    expect(devicesPerNode("aws", pool())).toBe(4);
    expect(devicesPerNode("aws", pool({ sharing: { mode: "time-slicing", replicas: 3 } }))).toBe(12);
    expect(devicesPerNode("aws", pool({ gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy: "single", profile: "3g.40gb" } }))).toBe(16);
  });

  test("a worker's CPU and memory are its GPU share of the node, less system headroom, so it fits beside the daemonsets", () => {
    // g6.12xlarge: 48 vCPU, 192 GiB, 4 GPUs; one GPU -> (48-2)/4 CPUs, (192*0.85-2)/4 GiB.
    expect(workerResources(servingPoolSpec("aws", pool()), 1)).toEqual({ cpu: "11", memory: "40Gi" });
    expect(workerResources(servingPoolSpec("aws", pool()), 4)).toEqual({ cpu: "46", memory: "161Gi" });
  });
});

describe("ServedModelSpec defaults", () => {
  test("equal the region schema's, so a model built by hand serves like one from a region file", () => {
    const fromSchema = model();
    expect(SERVED_MODEL_DEFAULTS).toEqual({
      tensorParallelSize: fromSchema.tensorParallelSize,
      minReplicas: fromSchema.minReplicas,
      maxReplicas: fromSchema.maxReplicas,
      maxModelLen: fromSchema.maxModelLen,
      gpuMemoryUtilization: fromSchema.gpuMemoryUtilization,
      targetOngoingRequests: fromSchema.targetOngoingRequests,
    });
  });

  test("a spec with only the required fields yields the same RayService as the translated schema defaults", () => {
    const full = servedModelSpec("aws", model(), pool());
    const bare = { name: full.name, model: full.model, pool: full.pool };
    expect(resolveServedModel(bare)).toEqual(resolveServedModel(full));
    expect(rayServiceManifest({ ...input(), model: bare })).toEqual(rayServiceManifest(input()));
  });
});
