import { defineRegion } from "../config/schema";

/** First failover region: Bottlerocket GPU nodes on spot capacity. */
export default defineRegion({
  name: "eu-west-1",
  cloud: "aws",
  region: "eu-west-1",
  network: { cidr: "10.20.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
  cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
  systemPool: { instanceType: "m7i.xlarge", minNodes: 2, maxNodes: 4 },
  gpuPools: [
    {
      name: "l4",
      gpu: "L4",
      instanceType: "g6.12xlarge",
      // Same 4 x L4 per node; a second spot pool to fall back on when g6.12xlarge is reclaimed.
      instanceTypes: ["g6.24xlarge"],
      minNodes: 1,
      maxNodes: 4,
      capacityType: "spot",
      nodeOs: "bottlerocket-nvidia",
    },
  ],
  models: [
    { name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 1, minReplicas: 1, maxReplicas: 4 },
  ],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 2, weight: 1 },
});
