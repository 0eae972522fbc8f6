import { definePlatform } from "../config/schema";

/** Platform-wide settings: name, DNS, traffic policy and SLO, monitoring, state. */
export default definePlatform({
  name: "llmp",
  aws: {
    // Replace with your account; the KMS key policies name it. Synth needs no access to it.
    accountId: "111122223333",
  },
  gcp: {
    // Replace with your project; synth needs no access to it.
    projectId: "llm-platform-demo",
    projectNumber: "123456789012",
  },
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
  },
  observability: {
    retentionDays: 15,
    storageGiB: 100,
    // Two hubs on two clouds: either region (or cloud) can be lost and alerts still go out.
    hubs: { primary: "us-east-1", standby: "asia-south1" },
    // Create the Secret (key `url`) in namespace monitoring-hub of both hub clusters:
    // kubectl -n monitoring-hub create secret generic alert-receiver --from-literal=url=https://...
    alertReceiver: { type: "webhook", secretName: "alert-receiver" },
  },
  stateBackend: { type: "local" },
  tags: { platform: "llmp", "managed-by": "cdktf" },
});
