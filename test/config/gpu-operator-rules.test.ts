import { formatConfigError } from "../../config/errors";
import { checkGpuOperator } from "../../config/gpu-operator-rules";
import { PlatformSettingsSchema, RegionSchema, type RegionInput } from "../../config/schema";

const settings = PlatformSettingsSchema.parse({ name: "llmp", dns: { zone: "llm.example.com" } });

function check(cloud: "aws" | "gcp", gpuPools: RegionInput["gpuPools"]): string[] {
  const region = RegionSchema.parse({
    name: "test",
    cloud,
    region: cloud === "aws" ? "us-east-1" : "us-central1",
    network: { cidr: "10.10.0.0/16", zones: cloud === "aws" ? ["us-east-1a", "us-east-1b"] : ["us-central1-a"] },
    systemPool: { instanceType: cloud === "aws" ? "m7i.xlarge" : "n2-standard-4", minNodes: 1, maxNodes: 2 },
    gpuPools,
    serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
    traffic: { priority: 1 },
  });
  return checkGpuOperator(settings, { file: "regions/test.ts", region }).map(formatConfigError);
}

const h100 = (name: string, strategy: "single" | "mixed") =>
  ({ name, gpu: "H100-80GB", instanceType: "p5.48xlarge", minNodes: 0, maxNodes: 1, sharing: { mode: "mig" as const, strategy, profile: "3g.40gb" } });

describe("checkGpuOperator", () => {
  test("accepts AL2023 and Bottlerocket pools side by side, and sharing on AL2023", () => {
    expect(check("aws", [
      { name: "a", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 2, sharing: { mode: "time-slicing", replicas: 2 } },
      { name: "b", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 2, nodeOs: "bottlerocket-nvidia" },
    ])).toEqual([]);
  });

  test("fails when a Bottlerocket pool asks for GPU sharing", () => {
    expect(check("aws", [{ name: "b", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 2, nodeOs: "bottlerocket-nvidia", sharing: { mode: "time-slicing", replicas: 2 } }])).toEqual([
      'regions/test.ts: gpuPools[0].sharing.mode: must be "none" on a Bottlerocket pool (Bottlerocket shares GPUs through its own device plugin, which the platform does not configure); use nodeOs "al2023-nvidia" to share GPUs, got "time-slicing"',
    ]);
  });

  test("fails when two MIG pools ask for different strategies", () => {
    expect(check("aws", [h100("a", "single"), h100("b", "mixed")])).toEqual([
      'regions/test.ts: gpuPools[1].sharing.strategy: must match the region\'s other MIG pools (a: "single"); the GPU Operator has one MIG strategy per cluster, got "mixed"',
    ]);
  });

  test("fails when GKE pools split driver management between GKE and the operator", () => {
    const l4 = { gpu: "L4", instanceType: "g2-standard-8", minNodes: 0, maxNodes: 1 };
    expect(check("gcp", [{ name: "a", ...l4 }, { name: "b", ...l4, driverManagement: "gpu-operator" }])).toEqual([
      'regions/test.ts: gpuPools[1].driverManagement: must be the same for every GPU pool of a GKE region (a: "cloud"); the GPU Operator is set up differently for each, got "gpu-operator"',
    ]);
  });
});
