import { formatConfigError } from "../../config/errors";
import { RegionSchema, PlatformSettingsSchema, type RegionInput } from "../../config/schema";
import { checkSizing, deviceMemory, gpusPerNode, modelFit, MIN_KV_CACHE_GIB, RUNTIME_OVERHEAD_GIB } from "../../config/sizing";
import { validatePlatform } from "../../config/validate";

const settings = PlatformSettingsSchema.parse({ name: "llmp", dns: { zone: "llm.example.com" } });

function region(over: Partial<RegionInput>): RegionInput {
  return {
    name: "test",
    cloud: "aws",
    region: "us-east-1",
    network: { cidr: "10.10.0.0/16", zones: ["us-east-1a", "us-east-1b"] },
    systemPool: { instanceType: "m7i.xlarge", minNodes: 2, maxNodes: 4 },
    gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g6.xlarge", minNodes: 1, maxNodes: 2 }],
    models: [],
    serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
    traffic: { priority: 1 },
    ...over,
  };
}

function sizing(over: Partial<RegionInput>): string[] {
  return checkSizing(settings, { file: "regions/test.ts", region: RegionSchema.parse(region(over)) }).map(formatConfigError);
}

describe("modelFit", () => {
  test("8B bf16 on one L4 fits: 14.96 GiB of weights + headroom is under 24 x 0.9", () => {
    const fit = modelFit({ model: "meta-llama/Llama-3.1-8B-Instruct", tensorParallelSize: 1, gpuMemoryUtilization: 0.9 }, { gpu: "L4", sharing: { mode: "none" } });
    expect(fit.weightsPerGpuGiB).toBeCloseTo((8.03e9 * 2) / 1024 ** 3, 6);
    expect(fit.requiredPerGpuGiB).toBeCloseTo(fit.weightsPerGpuGiB + RUNTIME_OVERHEAD_GIB + MIN_KV_CACHE_GIB, 6);
    expect(fit.usablePerGpuGiB).toBeCloseTo(21.6, 6);
    expect(fit.fits).toBe(true);
  });

  test("tensor parallelism divides the weights across GPUs", () => {
    const one = modelFit({ model: "Qwen/Qwen2.5-32B-Instruct", tensorParallelSize: 1, gpuMemoryUtilization: 0.9 }, { gpu: "L40S", sharing: { mode: "none" } });
    const four = modelFit({ model: "Qwen/Qwen2.5-32B-Instruct", tensorParallelSize: 4, gpuMemoryUtilization: 0.9 }, { gpu: "L40S", sharing: { mode: "none" } });
    expect(four.weightsPerGpuGiB).toBeCloseTo(one.weightsPerGpuGiB / 4, 6);
    expect(one.fits).toBe(false);
    expect(four.fits).toBe(true);
  });
});

describe("deviceMemory", () => {
  test("a MIG pool offers the slice's memory, not the GPU's", () => {
    expect(deviceMemory({ gpu: "H100-80GB", sharing: { mode: "mig", strategy: "single", profile: "1g.10gb" } }).memoryGiB).toBe(10);
  });
  test("a time-sliced pool offers each pod its share of the GPU", () => {
    expect(deviceMemory({ gpu: "L4", sharing: { mode: "time-slicing", replicas: 4 } }).memoryGiB).toBe(6);
  });
});

describe("gpusPerNode", () => {
  test("reads the catalog of the region's cloud", () => {
    expect(gpusPerNode("aws", "g6.12xlarge")).toBe(4);
    expect(gpusPerNode("gcp", "g2-standard-24")).toBe(2);
    expect(gpusPerNode("aws", "g2-standard-24")).toBeUndefined();
  });
});

describe("checkSizing", () => {
  test("accepts a model that fits", () => {
    expect(sizing({ models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4" }] })).toEqual([]);
  });

  test("fails when a 70B bf16 model is put on one 24 GB L4, with the numbers in the message", () => {
    const errors = sizing({ models: [{ name: "llama-70b", model: "meta-llama/Llama-3.1-70B-Instruct", pool: "l4" }] });
    expect(errors).toEqual([
      'regions/test.ts: models[0].model: does not fit L4 (24 GiB): meta-llama/Llama-3.1-70B-Instruct (70.6B params, bfloat16 = 2 B/param) ' +
        "needs 131.5 GiB of weights per GPU at tensorParallelSize 1 + 1.5 GiB runtime + 2 GiB KV cache = 135 GiB, " +
        'but L4 (24 GiB) x gpuMemoryUtilization 0.9 allows 21.6 GiB; raise tensorParallelSize or use a larger GPU, ' +
        'got "meta-llama/Llama-3.1-70B-Instruct" on pool "l4"',
    ]);
  });

  test("fails when the tensor parallel size exceeds the GPUs per node", () => {
    const errors = sizing({ models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 2 }] });
    expect(errors).toEqual([
      'regions/test.ts: models[0].tensorParallelSize: must divide the 1 GPU(s) per node of g6.xlarge in pool "l4" (1), got 2',
    ]);
  });

  test("fails when the tensor parallel size does not divide the GPUs per node", () => {
    const errors = sizing({
      gpuPools: [{ name: "a100", gpu: "A100-40GB", instanceType: "p4d.24xlarge", minNodes: 0, maxNodes: 1 }],
      models: [{ name: "qwen-32b", model: "Qwen/Qwen2.5-32B-Instruct", pool: "a100", tensorParallelSize: 3 }],
    });
    expect(errors).toEqual([
      'regions/test.ts: models[0].tensorParallelSize: must divide the 8 GPU(s) per node of p4d.24xlarge in pool "a100" (1, 2, 4, 8), got 3',
    ]);
  });

  test("fails when a MIG profile is too small for the model", () => {
    const errors = sizing({
      gpuPools: [{ name: "h100", gpu: "H100-80GB", instanceType: "p5.48xlarge", minNodes: 0, maxNodes: 1, sharing: { mode: "mig", strategy: "single", profile: "1g.10gb" } }],
      models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "h100" }],
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('models[0].model: MIG profile "1g.10gb" is too small for the model: meta-llama/Llama-3.1-8B-Instruct');
    expect(errors[0]).toContain("= 18.5 GiB, but MIG 1g.10gb of H100-80GB (10 GiB) x gpuMemoryUtilization 0.9 allows 9 GiB");
  });

  test("fails when tensor parallelism is asked of shared GPUs", () => {
    const errors = sizing({
      gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 2, sharing: { mode: "time-slicing", replicas: 2 } }],
      models: [{ name: "qwen-3b", model: "meta-llama/Llama-3.2-3B-Instruct", pool: "l4", tensorParallelSize: 2 }],
    });
    expect(errors).toEqual([
      'regions/test.ts: models[0].tensorParallelSize: must be 1 on pool "l4", whose GPUs are shared (time-slicing); tensor parallelism needs whole GPUs, got 2',
    ]);
  });

  test("fails when the model names a GPU pool the region does not have (reported once, by the region rules)", () => {
    const input = {
      dir: "regions",
      settings: {
        file: "regions/platform.ts",
        data: { name: "llmp", aws: { accountId: "111122223333" }, dns: { zone: "llm.example.com" }, observability: { hubs: { primary: "test" }, alertReceiver: { type: "webhook", secretName: "alerts" } } },
      },
      regions: [{ file: "regions/test.ts", data: region({ models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "h100" }] }) }],
    };
    expect(() => validatePlatform(input)).toThrow(/regions\/test\.ts: models\[0\]\.pool: must name a GPU pool of this region \(l4\), got "h100"\n?$/);
  });
});
