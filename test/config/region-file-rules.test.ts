import { formatConfigError } from "../../config/errors";
import { checkDerivedNames, checkEndpoints, checkGpuPools } from "../../config/rules";
import { GPUS } from "../../catalog/gpus";
import type { RegionRule } from "../../config/rule";
import { RegionSchema } from "../../config/schema";
import { awsRegion, GCP_REGION, settings } from "./small-topology";

const FILE = "regions/aws-east.ts";
const run = (rule: RegionRule, region = awsRegion()) => rule(settings(), { file: FILE, region }).map(formatConfigError);

describe("checkEndpoints: address lists that must stay closed", () => {
  test("fails when the API allow-list covers every address without 0.0.0.0/0", () => {
    expect(run(checkEndpoints, awsRegion({ cluster: { endpointAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } }))).toEqual([
      `${FILE}: cluster.endpointAllowedCidrs: must not open the Kubernetes API to the internet (together these blocks cover every IPv4 address, as 0.0.0.0/0 does); list your deploy runners' ranges, got ["0.0.0.0/1","128.0.0.0/1"]`,
    ]);
  });

  test("fails when the serving allow-list covers every address, unless serving.public says so", () => {
    const open = { allowedSourceCidrs: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"] };
    expect(run(checkEndpoints, awsRegion({ serving: open }))).toEqual([
      `${FILE}: serving.allowedSourceCidrs: opens the serving endpoint to the internet (together these blocks cover every IPv4 address, as 0.0.0.0/0 does); list your clients' ranges or set serving.public: true to mean it, got ["0.0.0.0/2","64.0.0.0/2","128.0.0.0/1"]`,
    ]);
    expect(run(checkEndpoints, awsRegion({ serving: { ...open, public: true } }))).toEqual([]);
  });

  test("a list with a gap stays accepted", () => {
    expect(run(checkEndpoints, awsRegion({ cluster: { endpointAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/2"] } }))).toEqual([]);
  });

  test("fails on a literal 0.0.0.0/0 naming its index", () => {
    expect(run(checkEndpoints, awsRegion({ cluster: { endpointAllowedCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } }))).toEqual([
      `${FILE}: cluster.endpointAllowedCidrs[1]: must not open the Kubernetes API to the internet; list your deploy runners' ranges, got "0.0.0.0/0"`,
    ]);
  });
});

describe("checkDerivedNames: names that collide", () => {
  test("fails when a GPU pool is named like the system pool: same node group and node label", () => {
    const region = awsRegion({ gpuPools: [{ name: "system", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4 }] });
    expect(run(checkDerivedNames, region)).toEqual([
      `${FILE}: gpuPools[0].name: makes the EKS node group name "llmp-aws-east-system", which the system pool already has; pick another pool name ("system" is reserved), got "system"`,
    ]);
  });

  test("on GKE the clash is with the node pool name", () => {
    const region = RegionSchema.parse({ ...GCP_REGION, gpuPools: [{ ...GCP_REGION.gpuPools[0], name: "system" }] });
    expect(run(checkDerivedNames, region)).toEqual([
      `${FILE}: gpuPools[0].name: makes the GKE node pool name "llmp-gcp-mumbai-system", which the system pool already has; pick another pool name ("system" is reserved), got "system"`,
    ]);
  });

  test("other pool names pass", () => {
    expect(run(checkDerivedNames, awsRegion({ gpuPools: [{ name: "systems", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4 }] }))).toEqual([]);
  });
});

describe("checkGpuPools: catalog facts the GKE node pool needs", () => {
  test("fails when a GPU on a GKE pool has no accelerator type in the catalog", () => {
    const l4 = GPUS.L4 as { gcpAcceleratorType?: string };
    const saved = l4.gcpAcceleratorType;
    delete l4.gcpAcceleratorType;
    try {
      expect(run(checkGpuPools, RegionSchema.parse(GCP_REGION))).toEqual([
        `${FILE}: gpuPools[0].gpu: has no GCE accelerator type (gcpAcceleratorType) in catalog/gpus.ts, which a GKE node pool needs (GPUs with one: T4, A100-40GB, A100-80GB, H100-80GB), got "L4"`,
      ]);
    } finally {
      l4.gcpAcceleratorType = saved;
    }
    expect(run(checkGpuPools, RegionSchema.parse(GCP_REGION))).toEqual([]);
  });
});
