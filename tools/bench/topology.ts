import type { PlatformSettingsInput, RegionInput } from "../../config/schema";

const AWS = [
  { region: "us-east-1", zones: ["us-east-1a", "us-east-1b", "us-east-1c"] },
  { region: "us-west-2", zones: ["us-west-2a", "us-west-2b", "us-west-2c"] },
  { region: "eu-central-1", zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"] },
];
const GCP = [
  { region: "us-central1", zones: ["us-central1-a", "us-central1-b"] },
  { region: "europe-west4", zones: ["europe-west4-a", "europe-west4-b"] },
];

/**
 * A synthetic topology of `n` regions (two AWS for every GCP one), each with a system
 * pool, two GPU pools and a model, for measuring how synth scales. Pure.
 */
export function generateTopology(n: number): { settings: PlatformSettingsInput; regions: RegionInput[] } {
  if (n < 1 || n > 200) throw new Error(`generateTopology: 1..200 regions, got ${n}`);
  const regions = Array.from({ length: n }, (_, i): RegionInput => {
    const name = `r${String(i + 1).padStart(2, "0")}`;
    const common = {
      name,
      network: { cidr: `10.${i + 1}.0.0/16`, zones: [] as string[] },
      cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
      serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
      traffic: { priority: i + 1, weight: 1 },
      models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4" }],
    };
    if (i % 3 === 2) {
      const g = GCP[i % GCP.length];
      return {
        ...common,
        cloud: "gcp",
        region: g.region,
        network: { ...common.network, zones: g.zones },
        systemPool: { instanceType: "n2-standard-4", minNodes: 1, maxNodes: 3 },
        gpuPools: [
          { name: "l4", gpu: "L4", instanceType: "g2-standard-24", minNodes: 0, maxNodes: 4 },
          { name: "l4-spot", gpu: "L4", instanceType: "g2-standard-8", minNodes: 0, maxNodes: 8, capacityType: "spot" },
        ],
      };
    }
    const a = AWS[i % AWS.length];
    return {
      ...common,
      cloud: "aws",
      region: a.region,
      network: { ...common.network, zones: a.zones },
      systemPool: { instanceType: "m7i.xlarge", minNodes: 2, maxNodes: 4 },
      gpuPools: [
        { name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 0, maxNodes: 4 },
        { name: "a10g-spot", gpu: "A10G", instanceType: "g5.xlarge", minNodes: 0, maxNodes: 8, capacityType: "spot" },
      ],
    };
  });
  const settings: PlatformSettingsInput = {
    name: "llmp",
    aws: { accountId: "111122223333" },
    gcp: { projectId: "llm-platform-bench", projectNumber: "123456789012" },
    dns: { zone: "llm.example.com" },
    observability: {
      // Hubs on two clouds once there is a GCP region (the third), as validation asks.
      hubs: { primary: "r01", ...(n > 1 ? { standby: n > 2 ? "r03" : "r02" } : {}) },
      alertReceiver: { type: "webhook", secretName: "alert-receiver" },
    },
  };
  return { settings, regions };
}
