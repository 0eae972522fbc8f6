import { poolCapacityTypes, poolInstanceTypes, poolMaxGpus } from "../../config/capacity";
import { GpuPoolSchema } from "../../config/schema";
import { problems, rawDefault, regionOf } from "./fixtures";

function l4Pool(raw: ReturnType<typeof rawDefault>) {
  return regionOf(raw, "us-east-1").gpuPools.find((p: { name: string }) => p.name === "l4");
}

describe("the capacity model of a pool", () => {
  test("old region files keep working: capacityType alone is a one-entry order, on-demand by default", () => {
    const base = { name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 0, maxNodes: 4 };
    expect(poolCapacityTypes(GpuPoolSchema.parse(base))).toEqual(["on-demand"]);
    expect(poolCapacityTypes(GpuPoolSchema.parse({ ...base, capacityType: "spot" }))).toEqual(["spot"]);
    expect(poolCapacityTypes(GpuPoolSchema.parse({ ...base, capacityTypes: ["spot", "on-demand"] }))).toEqual(["spot", "on-demand"]);
  });

  test("instance types in order, the preferred one first; the GPU ceiling counts its GPUs", () => {
    const pool = GpuPoolSchema.parse({ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", fallbackInstanceTypes: ["g6.48xlarge"], minNodes: 0, maxNodes: 4 });
    expect(poolInstanceTypes(pool)).toEqual(["g6.12xlarge", "g6.48xlarge"]);
    expect(poolMaxGpus("aws", pool)).toBe(16);
  });

  test("a pool with a fallback type and spot before on-demand is valid", () => {
    const raw = rawDefault();
    Object.assign(l4Pool(raw), { fallbackInstanceTypes: ["g6.48xlarge"], capacityType: undefined, capacityTypes: ["spot", "on-demand"] });
    expect(problems(raw)).toEqual([]);
  });

  test("fails when on-demand is put before spot on AWS (Karpenter always tries spot first)", () => {
    const raw = rawDefault();
    Object.assign(l4Pool(raw), { capacityType: undefined, capacityTypes: ["on-demand", "spot"] });
    expect(problems(raw)).toContain(
      'regions/us-east-1.ts: gpuPools[0].capacityTypes: on AWS must be ["spot", "on-demand"], ["spot"] or ["on-demand"]: Karpenter always tries spot first when a NodePool allows both, got ["on-demand","spot"]',
    );
  });

  test("fails when both capacityType and capacityTypes are set", () => {
    const raw = rawDefault();
    Object.assign(l4Pool(raw), { capacityType: "spot", capacityTypes: ["spot"] });
    expect(problems(raw)).toContain('regions/us-east-1.ts: gpuPools[0].capacityTypes: set either capacityType or capacityTypes, not both, got capacityType "spot" and capacityTypes ["spot"]');
  });

  test("fails when a fallback type has another GPU or is smaller than the preferred type", () => {
    const raw = rawDefault();
    Object.assign(l4Pool(raw), { fallbackInstanceTypes: ["g5.12xlarge", "g6.2xlarge"] });
    expect(problems(raw)).toEqual(expect.arrayContaining([
      'regions/us-east-1.ts: gpuPools[0].fallbackInstanceTypes[0]: must have the pool\'s GPU (L4), g5.12xlarge has A10G, got "g5.12xlarge"',
      'regions/us-east-1.ts: gpuPools[0].fallbackInstanceTypes[1]: must have at least the GPUs, vCPUs and memory of g6.12xlarge (4 GPUs, 48 vCPUs, 192 GiB; workers are sized for it), g6.2xlarge has 1, 8, 32 GiB, got "g6.2xlarge"',
    ]));
  });

  test("fails when a fallback type's family is not offered in the region, or is never sold as spot", () => {
    const raw = rawDefault();
    const region = regionOf(raw, "eu-west-1");
    Object.assign(region.gpuPools[0], { gpu: "A100-80GB", instanceType: "p4de.24xlarge", fallbackInstanceTypes: [], capacityType: "spot", capacityTypes: undefined, nodeOs: undefined });
    region.models = [];
    expect(problems(raw)).toEqual(expect.arrayContaining([
      'regions/eu-west-1.ts: gpuPools[0].instanceType: p4de is not offered in eu-west-1 (offered: g4dn, g5, g6, p4d), got "p4de.24xlarge"',
      'regions/eu-west-1.ts: gpuPools[0].instanceType: p4de.24xlarge is not sold as spot; drop "spot" from the capacity types or this type, got capacity types ["spot"]',
    ]));
  });

  test("fails when a fallback type is cheaper than the type before it (Karpenter launches a pool's cheapest type first)", () => {
    const raw = rawDefault();
    Object.assign(l4Pool(raw), { fallbackInstanceTypes: ["g6.48xlarge", "g6.24xlarge"] });
    expect(problems(raw)).toContain(
      'regions/us-east-1.ts: gpuPools[0].fallbackInstanceTypes[1]: Karpenter launches the cheapest type of a pool first, and g6.24xlarge ($6.6758/h on demand) is cheaper than g6.48xlarge ($13.3504/h) before it; list the types in ascending price, got "g6.24xlarge"',
    );
  });
});
