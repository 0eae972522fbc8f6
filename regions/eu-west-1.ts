import { defineRegion } from "../config/schema";

/** First failover region: Bottlerocket GPU nodes on spot capacity, falling back to on-demand. */
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
      minNodes: 1,
      maxNodes: 4,
      // Spot first, on-demand when spot runs dry; when g6.12xlarge cannot be had, the same
      // 4 x L4 in g6.24xlarge, then 8 x L4 in g6.48xlarge: more spot capacity pools to draw on.
      capacityTypes: ["spot", "on-demand"],
      fallbackInstanceTypes: ["g6.24xlarge", "g6.48xlarge"],
      nodeOs: "bottlerocket-nvidia",
    },
  ],
  models: [
    // Takes us-east-1's clients when it fails (2 req/s of llama-8b needs 3 replicas): three
    // warm replicas on one 4 x L4 node carry them at once instead of after a ~14 min cold start.
    {
      name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 1, minReplicas: 3, maxReplicas: 4,
      peakLoad: { requestsPerSecond: 0, meanInputTokens: 500, meanOutputTokens: 200 },
    },
  ],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 2, weight: 1 },
});
