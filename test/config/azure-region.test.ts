import { resolveGpuPool } from "../../config/gpu-pools";
import { derivedNames } from "../../config/names";
import { problems, rawDefault, valid } from "./fixtures";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The default topology plus an Azure region in westeurope and the Azure settings. */
function withAzure(patch: (region: Json) => void = () => {}): ReturnType<typeof rawDefault> {
  const raw = rawDefault();
  raw.settings.data.azure = {
    subscriptionId: "00000000-0000-4000-8000-000000000001",
    tenantId: "00000000-0000-4000-8000-000000000002",
    clusterAdminGroupObjectIds: ["00000000-0000-4000-8000-000000000003"],
  };
  const region: Json = {
    name: "westeurope",
    cloud: "azure",
    region: "westeurope",
    network: { cidr: "10.40.0.0/16", zones: ["1", "2", "3"] },
    cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
    systemPool: { instanceType: "Standard_D4ds_v5", minNodes: 2, maxNodes: 4 },
    gpuPools: [{ name: "a100", gpu: "A100-80GB", instanceType: "Standard_NC24ads_A100_v4", minNodes: 1, maxNodes: 2, capacityType: "spot", driverManagement: "gpu-operator" }],
    models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "a100" }],
    serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
    traffic: { priority: 9 },
  };
  patch(region);
  raw.regions.push({ file: "regions/westeurope.ts", data: region });
  return raw;
}

describe("an Azure region", () => {
  test("validates beside AWS and GCP regions, with every existing rule", () => {
    expect(problems(withAzure())).toEqual([]);
  });

  test("resolves its GPU pools to the AKS Ubuntu profiles: the operator's driver when driverManagement says so, AKS's otherwise", () => {
    const region = valid(withAzure()).regions.find((r) => r.cloud === "azure")!;
    expect(resolveGpuPool("azure", region.gpuPools[0])).toMatchObject({
      nodeOs: "aks-ubuntu", operatorProfile: "aks-gpu-operator", driverInstalledBy: "gpu-operator", gpuSharedBy: "gpu-operator", gpusPerNode: 1,
    });
    expect(resolveGpuPool("azure", { ...region.gpuPools[0], driverManagement: "cloud" })).toMatchObject({ operatorProfile: "aks-cloud", driverInstalledBy: "aks" });
  });

  test("derives names within Azure's limits: AKS pools take the pool's own name, the storage account drops hyphens", () => {
    const names = derivedNames("llmp", { name: "westeurope", cloud: "azure", gpuPools: [{ name: "a100" }] });
    expect(names.map((n) => [n.what, n.value, n.maxLength])).toEqual([
      ["AKS cluster name", "llmp-westeurope", 63],
      ["AKS node resource group name", "llmp-westeurope-nodes", 80],
      ["model storage account name", "llmpwesteuropemodels", 24],
      ["Key Vault name", "llmp-westeurope-kv", 24],
      ["AKS node pool name", "system", 12],
      ["AKS node pool name", "a100", 12],
    ]);
  });

  test("fails when an AKS pool is named like the system pool", () => {
    expect(problems(withAzure((r) => {
      r.gpuPools[0].name = "system";
      r.models[0].pool = "system";
    }))).toEqual([
      'regions/westeurope.ts: gpuPools[0].name: makes the AKS node pool name "system", which the system pool already has; pick another pool name ("system" is reserved), got "system"',
    ]);
  });

  test("fails when an AKS pool asks for fallback VM sizes: one node pool has one size", () => {
    expect(problems(withAzure((r) => (r.gpuPools[0].fallbackInstanceTypes = ["Standard_NC48ads_A100_v4"])))).toEqual([
      'regions/westeurope.ts: gpuPools[0].fallbackInstanceTypes: must be empty on Azure: an AKS node pool has one VM size and one priority (Regular or Spot); make one pool per size and priority, got ["Standard_NC48ads_A100_v4"]',
    ]);
  });

  test("fails when the pools of one AKS region split the driver between AKS and the GPU Operator", () => {
    expect(problems(withAzure((r) => {
      r.gpuPools.push({ name: "t4", gpu: "T4", instanceType: "Standard_NC4as_T4_v3", minNodes: 0, maxNodes: 2, driverManagement: "cloud" });
    }))).toEqual([
      'regions/westeurope.ts: gpuPools[1].driverManagement: must be the same for every GPU pool of an AKS region (a100: "gpu-operator"); the GPU Operator is set up differently for each, got "cloud"',
    ]);
  });

  test("fails when the AKS version's standard support has ended", () => {
    expect(problems(withAzure((r) => (r.cluster.kubernetesVersion = "1.32")))).toEqual([
      'regions/westeurope.ts: cluster.kubernetesVersion: standard support for AKS 1.32 ended on 2026-03-31; use a version still in standard support (1.35, 1.36, 1.37), got "1.32"',
    ]);
  });
});
