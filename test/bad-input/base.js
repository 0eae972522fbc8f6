/**
 * The valid input every bad-input case starts from: a primary AWS region and a GCP
 * failover region, which are the two observability hubs. Each case folder loads these through small
 * .js files and breaks exactly one thing; `valid/` proves the base itself synthesizes.
 */

const PLATFORM = {
  name: "llmp",
  aws: { accountId: "111122223333" },
  // The quotas this topology needs above the new-account defaults (npm run preflight), as
  // an account that raised them declares them: the valid case then synthesizes without warnings.
  quotas: [
    { region: "us-east-1", code: "L-1216C47A", value: 16 },
    { region: "us-east-1", code: "L-DB2E81BA", value: 192 },
    { region: "asia-south1", code: "CPUS", value: 108 },
    { region: "asia-south1", code: "NVIDIA_L4_GPUS", value: 8 },
    { region: "global", code: "GPUS_ALL_REGIONS", value: 8 },
  ],
  gcp: { projectId: "llm-platform-demo", projectNumber: "123456789012" },
  dns: { zone: "llm.example.com" },
  observability: {
    hubs: { primary: "us-east-1", standby: "asia-south1" },
    alertReceiver: { type: "webhook", secretName: "alert-receiver" },
  },
};

const PRIMARY = {
  name: "us-east-1",
  cloud: "aws",
  region: "us-east-1",
  network: { cidr: "10.10.0.0/16", zones: ["us-east-1a", "us-east-1b"] },
  cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
  systemPool: { instanceType: "m7i.xlarge", minNodes: 2, maxNodes: 4 },
  gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 4 }],
  models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4" }],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 1 },
};

const SECONDARY = {
  name: "asia-south1",
  cloud: "gcp",
  region: "asia-south1",
  network: { cidr: "10.30.0.0/16", zones: ["asia-south1-a", "asia-south1-b"] },
  systemPool: { instanceType: "n2-standard-4", minNodes: 1, maxNodes: 3 },
  gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g2-standard-24", minNodes: 1, maxNodes: 4, driverManagement: "gpu-operator" }],
  models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4" }],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 2 },
};

/** Azure settings, for the cases that add an Azure region (placeholder UUIDs). */
const AZURE = {
  subscriptionId: "00000000-0000-4000-8000-000000000001",
  tenantId: "00000000-0000-4000-8000-000000000002",
  clusterAdminGroupObjectIds: ["00000000-0000-4000-8000-000000000003"],
};

/** A third region on Azure (AKS), for the Azure cases: valid with `azurePlatform`. */
const AZURE_REGION = {
  name: "westeurope",
  cloud: "azure",
  region: "westeurope",
  network: { cidr: "10.40.0.0/16", zones: ["1", "2"] },
  cluster: { kubernetesVersion: "1.35", endpointAllowedCidrs: ["203.0.113.0/24"] },
  systemPool: { instanceType: "Standard_D4ds_v5", minNodes: 2, maxNodes: 4 },
  gpuPools: [{ name: "a100", gpu: "A100-80GB", instanceType: "Standard_NC24ads_A100_v4", minNodes: 1, maxNodes: 2 }],
  models: [{ name: "llama-8b", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "a100" }],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 3 },
};

/** Deep merge: objects merge, anything else (arrays too) replaces; `undefined` deletes the key. */
function merge(base, patch) {
  if (patch === undefined) return structuredClone(base);
  const out = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = merge(out[key], value);
    else out[key] = value;
  }
  return out;
}

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A module as the loader expects it: `{ default: <settings or region> }`. */
const file = (base) => (patch) => ({ default: merge(base, patch) });

module.exports = {
  platform: file(PLATFORM),
  primary: file(PRIMARY),
  secondary: file(SECONDARY),
  azurePlatform: file({ ...PLATFORM, azure: AZURE }),
  azureRegion: file(AZURE_REGION),
};
