import { definePlatform } from "../../config/schema";

/**
 * An example topology with an Azure region next to AWS and GCP: us-east-1 (EKS, primary and
 * primary hub), asia-south1 (GKE, standby hub) and westeurope (AKS, an A100 Spot pool scaling
 * from zero and a T4 Regular pool). Synthesize it with
 * `PLATFORM_REGIONS_DIR=examples/azure npm run synth`.
 */
export default definePlatform({
  name: "llmp",
  aws: { accountId: "111122223333" },
  gcp: {
    // Replace with your project; synth needs no access to it.
    projectId: "llm-platform-demo",
    projectNumber: "123456789012",
  },
  // Placeholder ids: synth needs no access to the subscription.
  azure: {
    subscriptionId: "00000000-0000-4000-8000-000000000001",
    tenantId: "00000000-0000-4000-8000-000000000002",
    clusterAdminGroupObjectIds: ["00000000-0000-4000-8000-000000000003"],
  },
  // What this topology needs above the defaults (npm run preflight), declared as an
  // account and subscription that raised them would: synth then prints no quota warning.
  quotas: [
    { region: "us-east-1", code: "L-1216C47A", value: 16 },
    { region: "us-east-1", code: "L-DB2E81BA", value: 288 },
    { region: "asia-south1", code: "CPUS", value: 108 },
    { region: "asia-south1", code: "NVIDIA_L4_GPUS", value: 8 },
    { region: "global", code: "GPUS_ALL_REGIONS", value: 8 },
    { region: "westeurope", code: "cores", value: 24 },
    { region: "westeurope", code: "lowPriorityCores", value: 96 },
    { region: "westeurope", code: "standardDDSv5Family", value: 16 },
    { region: "westeurope", code: "standardNCASv3_T4Family", value: 8 },
  ],
  dns: {
    zone: "llm.example.com",
    recordName: "api",
    authority: "route53",
    ttlSeconds: 10,
  },
  traffic: {
    routing: "failover",
    healthCheck: { path: "/-/healthz", requestIntervalSeconds: 10, failureThreshold: 2 },
    slo: { maxDetectionSeconds: 30, maxFailoverSeconds: 60 },
    // qwen-32b is served in us-east-1 only, as in regions/.
    singleRegionModels: ["qwen-32b"],
  },
  observability: {
    retentionDays: 15,
    storageGiB: 100,
    hubs: { primary: "us-east-1", standby: "asia-south1" },
    alertReceiver: { type: "webhook", secretName: "alert-receiver" },
  },
  stateBackend: { type: "local" },
  tags: { platform: "llmp", "managed-by": "cdktf" },
});
