import { formatConfigError } from "../../config/errors";
import { checkSizing, poolReplicaCapacity } from "../../config/sizing";
import type { RegionInput } from "../../config/schema";
import { awsRegion, settings } from "./small-topology";

const FILE = "regions/aws-east.ts";
const sizing = (over: Partial<RegionInput>) => checkSizing(settings(), { file: FILE, region: awsRegion(over) }).map(formatConfigError);
const pool = (maxNodes: number, instanceType = "g6.12xlarge") => [{ name: "l4", gpu: "L4" as const, instanceType, minNodes: 0, maxNodes }];

describe("maxModelLen against the catalog's context length", () => {
  test("fails when maxModelLen exceeds the model's context (Mistral 7B v0.3: 32768)", () => {
    expect(sizing({ models: [{ name: "m", model: "mistralai/Mistral-7B-Instruct-v0.3", pool: "l4", maxModelLen: 32769 }] })).toEqual([
      `${FILE}: models[0].maxModelLen: must be <= the context length of mistralai/Mistral-7B-Instruct-v0.3 (32768 tokens, catalog/models.ts); vLLM refuses a longer max_model_len, got 32769`,
    ]);
  });

  test("the context length itself passes", () => {
    expect(sizing({ models: [{ name: "m", model: "mistralai/Mistral-7B-Instruct-v0.3", pool: "l4", maxModelLen: 32768 }] })).toEqual([]);
  });
});

describe("poolReplicaCapacity", () => {
  test("whole GPUs: nodes x floor(GPUs per node / tensorParallelSize)", () => {
    // g6.12xlarge has 4 L4 GPUs.
    expect(poolReplicaCapacity("aws", { instanceType: "g6.12xlarge", maxNodes: 3, sharing: { mode: "none" } }, 1)).toBe(12);
    expect(poolReplicaCapacity("aws", { instanceType: "g6.12xlarge", maxNodes: 3, sharing: { mode: "none" } }, 4)).toBe(3);
  });

  test("time-slicing multiplies the devices by the replicas per GPU", () => {
    expect(poolReplicaCapacity("aws", { instanceType: "g6.xlarge", maxNodes: 2, sharing: { mode: "time-slicing", replicas: 4 } }, 1)).toBe(8);
  });

  test("unknown instance types give no capacity (reported by another rule)", () => {
    expect(poolReplicaCapacity("aws", { instanceType: "x9.huge", maxNodes: 2, sharing: { mode: "none" } }, 1)).toBeUndefined();
  });
});

describe("replicas that can never fit the pool at maxNodes", () => {
  test("fails when one model's maxReplicas x tensorParallelSize exceeds the pool", () => {
    expect(sizing({ gpuPools: pool(2), models: [{ name: "m", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 2, minReplicas: 1, maxReplicas: 5 }] })).toEqual([
      `${FILE}: models[0].maxReplicas: must be <= 4: pool "l4" holds at most 8 GPU(s) at maxNodes 2, and each replica takes tensorParallelSize 2 on one node; raise gpuPools[0].maxNodes or lower maxReplicas, got 5`,
    ]);
  });

  test("fails when the models of one pool together need more GPUs at minReplicas than it has", () => {
    const models = [
      { name: "a", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", minReplicas: 3, maxReplicas: 4 },
      { name: "b", model: "meta-llama/Llama-3.2-3B-Instruct", pool: "l4", minReplicas: 2, maxReplicas: 4 },
    ];
    expect(sizing({ gpuPools: pool(1), models })).toEqual([
      `${FILE}: gpuPools[0].maxNodes: is too small for the minReplicas of its models: a 3 x 1 + b 2 x 1 = 5 device(s), but pool "l4" holds at most 4 GPU(s) at maxNodes 1; raise maxNodes, got 1`,
    ]);
  });

  test("a pool exactly full at maxNodes passes", () => {
    expect(sizing({ gpuPools: pool(2), models: [{ name: "m", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 2, minReplicas: 4, maxReplicas: 4 }] })).toEqual([]);
  });
});
