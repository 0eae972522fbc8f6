import { PlatformSettingsSchema, RegionSchema, type PlatformSettings, type PlatformSettingsInput, type RegionConfig, type RegionInput } from "../../config/schema";
import type { RawInput } from "../../config/validate";

/**
 * A small two-region topology written for the rule tests (not the live regions/): an AWS
 * primary and a GCP backup, the two observability hubs. Each test breaks one thing.
 */
export const AWS_REGION: RegionInput = {
  name: "aws-east",
  cloud: "aws",
  region: "us-east-1",
  network: { cidr: "10.10.0.0/16", zones: ["us-east-1a", "us-east-1b"] },
  cluster: { endpointAllowedCidrs: ["203.0.113.0/24"] },
  systemPool: { instanceType: "m7i.xlarge", minNodes: 2, maxNodes: 4 },
  gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4 }],
  models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4" }],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 1 },
};

/** The GCP backup region. */
export const GCP_REGION: RegionInput = {
  name: "gcp-mumbai",
  cloud: "gcp",
  region: "asia-south1",
  network: { cidr: "10.30.0.0/16", zones: ["asia-south1-a", "asia-south1-b"] },
  systemPool: { instanceType: "n2-standard-4", minNodes: 1, maxNodes: 3 },
  gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g2-standard-24", minNodes: 1, maxNodes: 4, driverManagement: "gpu-operator" }],
  models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4" }],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 2 },
};

/** Platform settings for the two regions. */
export const SETTINGS: PlatformSettingsInput = {
  name: "llmp",
  aws: { accountId: "111122223333" },
  gcp: { projectId: "llm-platform-demo", projectNumber: "123456789012" },
  dns: { zone: "llm.example.com" },
  observability: {
    hubs: { primary: "aws-east", standby: "gcp-mumbai" },
    alertReceiver: { type: "webhook", secretName: "alert-receiver" },
  },
};

/** A region with `over` shallow-merged over the AWS one, parsed (defaults applied). */
export function awsRegion(over: Partial<RegionInput> = {}): RegionConfig {
  return RegionSchema.parse({ ...AWS_REGION, ...over });
}

/** Settings with `over` shallow-merged, parsed. */
export function settings(over: Partial<PlatformSettingsInput> = {}): PlatformSettings {
  return PlatformSettingsSchema.parse({ ...SETTINGS, ...over });
}

/** Raw input as the loader would hand it over, from whatever each file exports. */
export function rawInput(platform: unknown, regions: Record<string, unknown>): RawInput {
  return {
    dir: "regions/",
    settings: { file: "regions/platform.ts", data: platform },
    regions: Object.entries(regions).map(([stem, data]) => ({ file: `regions/${stem}.ts`, data })),
  };
}
