import { defineRegion } from "../../config/schema";

/** GKE region: COS nodes without GKE's driver installation; the platform stack applies Google's COS driver installer, then the GPU Operator. */
export default defineRegion({
  name: "asia-south1",
  cloud: "gcp",
  region: "asia-south1",
  network: { cidr: "10.30.0.0/16", zones: ["asia-south1-a", "asia-south1-b"] },
  cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
  systemPool: { instanceType: "n2-standard-4", minNodes: 1, maxNodes: 3 },
  gpuPools: [
    {
      name: "l4",
      gpu: "L4",
      instanceType: "g2-standard-24",
      minNodes: 1,
      maxNodes: 4,
      capacityType: "on-demand",
      driverManagement: "gpu-operator",
    },
  ],
  models: [
    { name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 1, minReplicas: 1, maxReplicas: 4 },
  ],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 3, weight: 1 },
});
