import { defineRegion } from "../../config/schema";

/** AKS region: an A100 pool on Spot and a T4 pool on Regular priority, drivers from the GPU Operator; priority 2 behind us-east-1. */
export default defineRegion({
  name: "westeurope",
  cloud: "azure",
  region: "westeurope",
  network: { cidr: "10.40.0.0/16", zones: ["1", "2", "3"] },
  cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
  systemPool: { instanceType: "Standard_D4ds_v5", minNodes: 2, maxNodes: 4 },
  gpuPools: [
    { name: "a100", gpu: "A100-80GB", instanceType: "Standard_NC24ads_A100_v4", minNodes: 0, maxNodes: 4, capacityType: "spot", driverManagement: "gpu-operator" },
    { name: "t4", gpu: "T4", instanceType: "Standard_NC4as_T4_v3", minNodes: 1, maxNodes: 2, capacityType: "on-demand", driverManagement: "gpu-operator", diskSizeGiB: 128 },
  ],
  models: [
    { name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "a100", tensorParallelSize: 1, minReplicas: 1, maxReplicas: 4 },
  ],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 2, weight: 1 },
});
