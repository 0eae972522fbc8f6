import { defineRegion } from "../../config/schema";

/** Primary serving region and primary observability hub (platform.ts). */
export default defineRegion({
  name: "us-east-1",
  cloud: "aws",
  region: "us-east-1",
  network: { cidr: "10.10.0.0/16", zones: ["us-east-1a", "us-east-1b", "us-east-1c"] },
  // 203.0.113.0/24 stands for your deploy runners' egress range.
  cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
  systemPool: { instanceType: "m7i.xlarge", minNodes: 2, maxNodes: 4 },
  gpuPools: [
    { name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4, capacityType: "on-demand" },
    { name: "l40s", gpu: "L40S", instanceType: "g6e.12xlarge", minNodes: 0, maxNodes: 2, capacityType: "on-demand" },
  ],
  models: [
    { name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 1, minReplicas: 1, maxReplicas: 4 },
    { name: "qwen-32b", model: "Qwen/Qwen2.5-32B-Instruct", pool: "l40s", tensorParallelSize: 4, minReplicas: 0, maxReplicas: 2 },
  ],
  // 198.51.100.0/24 stands for your clients' range.
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 1, weight: 2 },
});
