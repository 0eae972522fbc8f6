import { TerraformStack } from "cdktf";
import type { z } from "zod";
import { PlatformSettingsSchema, RegionSchema } from "../../config/schema";
import { validatePlatform, type RawInput } from "../../config/validate";
import { buildApp } from "../../stacks/app";
import { TEST_TODAY } from "../helpers";

/**
 * A config field that changes nothing in the synthesized output is a defect (issue 12:
 * GKE ignored cluster.kubernetesVersion). This walks every field of the settings and region
 * schemas, applies a valid change to each on a fixture topology (the bad-input corpus's base:
 * an AWS primary and a GCP secondary), synthesizes every stack and expects a difference.
 * A field may only be skipped through ALLOWLIST, with the reason it changes no resource.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// eslint-disable-next-line @typescript-eslint/no-require-imports
const base = require("../bad-input/base.js") as { platform: () => { default: Json }; primary: () => { default: Json }; secondary: () => { default: Json } };

/** Every leaf field path of a schema: `network.cidr`, `gpuPools[].sharing.mode`. */
function fieldPaths(schema: z.ZodType, prefix = ""): string[] {
  const def = (schema as unknown as { def: Json }).def;
  if (def.type === "default" || def.type === "optional") return fieldPaths(def.innerType, prefix);
  if (def.type === "array" && (def.element as { def: Json }).def.type !== "string") return fieldPaths(def.element, `${prefix}[]`);
  if (def.type === "object") {
    return Object.entries((schema as unknown as { shape: Record<string, z.ZodType> }).shape).flatMap(([k, v]) => fieldPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

/**
 * Fields that change validation, tools or synth's own report but, by design, no resource.
 * Each says why; each is still covered by the tests named.
 */
const ALLOWLIST: Readonly<Record<string, string>> = {
  "settings.traffic.slo.maxDetectionSeconds": "an SLO bound: validation compares the failover budget with it (failover-budget tests)",
  "settings.traffic.slo.maxFailoverSeconds": "an SLO bound: validation compares the failover budget with it (failover-budget tests)",
  "settings.suppressions[].resource": "accepts a policy finding: changes synth's pass/fail, not a resource (policies engine tests)",
  "settings.suppressions[].rule": "as above",
  "settings.suppressions[].reason": "as above; printed by synth",
  "settings.quotas[].region": "declared quotas feed preflight and synth warnings only (tools/preflight tests)",
  "settings.quotas[].code": "as above",
  "settings.quotas[].value": "as above",
  "region.cloud": "switching cloud needs a matching region, zones and instance types: every stack test covers both clouds",
  "region.gpuPools[].sharing.strategy": "MIG only; the fixture's L4 has no MIG (gpu-operator tests cover strategies on MIG GPUs)",
  "region.gpuPools[].sharing.profile": "MIG only; as above",
  "settings.traffic.singleRegionModels": "accepts a model's outage when its only region fails: changes synth's pass/fail, not a resource (model-coverage tests)",
  "settings.azure.subscriptionId": "this fixture has no Azure region; the azurerm provider's subscription_id is checked on the azure fixture (test/constructs/azure/aks-cluster-access.test.ts)",
  "settings.azure.tenantId": "this fixture has no Azure region; AKS Entra ID tenant_id is checked on the azure fixture (test/constructs/azure/aks-cluster.test.ts)",
  "settings.azure.clusterAdminGroupObjectIds": "this fixture has no Azure region; AKS admin_group_object_ids are checked on the azure fixture (test/constructs/azure/aks-cluster.test.ts)",
  "settings.coldStart.maxSeconds": "a budget bound: validation compares each model's cold-start budget with it (cold-start-budget tests)",
  "settings.traffic.slo.maxDegradedSeconds": "an SLO bound: validation compares each failure's degraded window with it (capacity-failover tests)",
  "region.models[].peakLoad.requestsPerSecond": "expected load: feeds the capacity table synth prints and its checks, not a resource (capacity-failover tests)",
  "region.models[].peakLoad.meanInputTokens": "as above; validation holds input + output to maxModelLen",
  "region.models[].peakLoad.meanOutputTokens": "as above; throughput is counted in output tokens",
};

type Edit = (settings: Json, primary: Json, secondary: Json) => void;
/** A change measured against its own starting point, for fields that only act in some setting (weight under weighted routing). */
interface Paired { readonly before: Edit; readonly after: Edit }

const s3 = { type: "s3", bucket: "llmp-state", region: "us-east-1" };
const smallModel: Edit = (_s, p) => (p.models[0].model = "meta-llama/Llama-3.2-3B-Instruct");
const l40s: Edit = (s, p, g) => { smallModel(s, p, g); Object.assign(p.gpuPools[0], { gpu: "L40S", instanceType: "g6e.12xlarge" }); };

/** One valid change per field (AWS fields on the primary, GCP-only ones on the secondary). */
const EDITS: Readonly<Record<string, Edit | Paired>> = {
  "settings.name": (s) => (s.name = "other"),
  "settings.aws.clusterAdminArns": (s) => (s.aws.clusterAdminArns = ["arn:aws:iam::111122223333:role/admin"]),
  "settings.aws.accountId": (s) => (s.aws.accountId = "444455556666"),
  "settings.gcp.projectId": (s) => (s.gcp.projectId = "other-project-1"),
  "settings.gcp.projectNumber": (s) => (s.gcp.projectNumber = "999999999999"),
  "settings.dns.zone": (s) => (s.dns.zone = "llm.example.org"),
  "settings.dns.recordName": (s) => (s.dns.recordName = "chat"),
  // Cloud DNS probes at most every 30 s, so its failover budget needs looser SLOs.
  "settings.dns.authority": (s) => { s.dns.authority = "cloud-dns"; s.traffic = { slo: { maxDetectionSeconds: 120, maxFailoverSeconds: 180 } }; },
  "settings.dns.zoneId": (s) => (s.dns.zoneId = "Z0123456789ABC"),
  "settings.dns.ttlSeconds": (s) => (s.dns.ttlSeconds = 20),
  "settings.traffic.routing": (s) => (s.traffic = { ...s.traffic, routing: "latency" }),
  "settings.traffic.healthCheck.path": (s) => (s.traffic = { healthCheck: { path: "/healthz" } }),
  "settings.traffic.healthCheck.requestIntervalSeconds": (s) => (s.traffic = { healthCheck: { requestIntervalSeconds: 30 }, slo: { maxDetectionSeconds: 120, maxFailoverSeconds: 180 } }),
  "settings.traffic.healthCheck.failureThreshold": (s) => (s.traffic = { healthCheck: { failureThreshold: 1 } }),
  "settings.observability.retentionDays": (s) => (s.observability = { ...s.observability, retentionDays: 30 }),
  "settings.observability.storageGiB": (s) => (s.observability = { ...s.observability, storageGiB: 200 }),
  // Two regions, one per cloud: the only other valid choice swaps the hubs.
  "settings.observability.hubs.primary": (s) => (s.observability.hubs = { primary: "asia-south1", standby: "us-east-1" }),
  "settings.observability.hubs.standby": (s) => (s.observability.hubs = { primary: "asia-south1", standby: "us-east-1" }),
  "settings.observability.alertReceiver.type": (s) => (s.observability.alertReceiver = { ...s.observability.alertReceiver, type: "pagerduty" }),
  "settings.observability.alertReceiver.secretName": (s) => (s.observability.alertReceiver = { ...s.observability.alertReceiver, secretName: "other-receiver" }),
  "settings.observability.alertReceiver.slackChannel": {
    before: (s) => (s.observability.alertReceiver = { type: "slack", secretName: "alert-receiver", slackChannel: "#llm-alerts" }),
    after: (s) => (s.observability.alertReceiver = { type: "slack", secretName: "alert-receiver", slackChannel: "#gpu-oncall" }),
  },
  "settings.stateBackend.type": (s) => (s.stateBackend = { type: "gcs", bucket: "llmp-state" }),
  // bucket, region, kmsKeyId and prefix configure remote backends; the local one has none of them.
  "settings.stateBackend.bucket": { before: (s) => (s.stateBackend = { ...s3 }), after: (s) => (s.stateBackend = { ...s3, bucket: "other-state" }) },
  "settings.stateBackend.region": { before: (s) => (s.stateBackend = { ...s3 }), after: (s) => (s.stateBackend = { ...s3, region: "eu-west-1" }) },
  "settings.stateBackend.kmsKeyId": { before: (s) => (s.stateBackend = { ...s3 }), after: (s) => (s.stateBackend = { ...s3, kmsKeyId: "alias/state" }) },
  "settings.stateBackend.prefix": { before: (s) => (s.stateBackend = { ...s3 }), after: (s) => (s.stateBackend = { ...s3, prefix: "other" }) },
  "settings.tags": (s) => (s.tags = { team: "ml" }),
  "region.name": (s, p) => { p.name = "use1"; s.observability.hubs.primary = "use1"; },
  "region.region": (_s, _p, g) => Object.assign(g, { region: "asia-southeast1", network: { ...g.network, zones: ["asia-southeast1-a", "asia-southeast1-b"] } }),
  "region.network.cidr": (_s, p) => (p.network.cidr = "10.40.0.0/16"),
  "region.network.zones": (_s, p) => (p.network.zones = ["us-east-1a", "us-east-1c"]),
  "region.network.natGateways": (_s, p) => (p.network.natGateways = "per-zone"),
  "region.cluster.kubernetesVersion": (_s, _p, g) => (g.cluster = { kubernetesVersion: "1.34", endpointAllowedCidrs: [] }),
  "region.cluster.endpointAllowedCidrs": (_s, p) => (p.cluster.endpointAllowedCidrs = ["192.0.2.0/24"]),
  "region.systemPool.instanceType": (_s, p) => (p.systemPool.instanceType = "m7i.2xlarge"),
  "region.systemPool.minNodes": (_s, p) => (p.systemPool.minNodes = 3),
  "region.systemPool.maxNodes": (_s, p) => (p.systemPool.maxNodes = 5),
  "region.systemPool.diskSizeGiB": (_s, p) => (p.systemPool.diskSizeGiB = 120),
  "region.gpuPools[].name": (_s, p) => { p.gpuPools[0].name = "gpu"; p.models[0].pool = "gpu"; },
  "region.gpuPools[].gpu": (_s, p) => Object.assign(p.gpuPools[0], { gpu: "L40S", instanceType: "g6e.12xlarge" }),
  "region.gpuPools[].instanceType": (_s, p) => (p.gpuPools[0].instanceType = "g6.48xlarge"),
  "region.gpuPools[].fallbackInstanceTypes": (_s, p) => (p.gpuPools[0].fallbackInstanceTypes = ["g6.24xlarge"]),
  // On EKS, Karpenter has no minimum (warm capacity is the models' minReplicas): GKE node pools keep one.
  "region.gpuPools[].minNodes": (_s, _p, g) => (g.gpuPools[0].minNodes = 2),
  "region.gpuPools[].maxNodes": (_s, p) => (p.gpuPools[0].maxNodes = 6),
  "region.gpuPools[].capacityType": (_s, p) => (p.gpuPools[0].capacityType = "spot"),
  "region.gpuPools[].capacityTypes[]": (_s, p) => (p.gpuPools[0].capacityTypes = ["spot", "on-demand"]),
  // A model small enough for a time slice (sizing refuses the 8B one on half an L4).
  "region.gpuPools[].sharing.mode": { before: smallModel, after: (s, p, g) => { smallModel(s, p, g); p.gpuPools[0].sharing = { mode: "time-slicing", replicas: 2 }; } },
  "region.gpuPools[].sharing.replicas": {
    before: (s, p, g) => { l40s(s, p, g); p.gpuPools[0].sharing = { mode: "time-slicing", replicas: 2 }; },
    after: (s, p, g) => { l40s(s, p, g); p.gpuPools[0].sharing = { mode: "time-slicing", replicas: 4 }; },
  },
  "region.gpuPools[].nodeOs": (_s, p) => (p.gpuPools[0].nodeOs = "bottlerocket-nvidia"),
  "region.gpuPools[].driverManagement": (_s, _p, g) => (g.gpuPools[0].driverManagement = "cloud"),
  "region.gpuPools[].diskSizeGiB": (_s, p) => (p.gpuPools[0].diskSizeGiB = 300),
  // Renamed in both regions: a model served in one region only is refused (model coverage).
  "region.models[].name": (_s, p, g) => { p.models[0].name = "llama"; g.models[0].name = "llama"; },
  "region.models[].model": (_s, p) => (p.models[0].model = "Qwen/Qwen2.5-7B-Instruct"),
  "region.models[].pool": (_s, p) => { p.gpuPools.push({ ...p.gpuPools[0], name: "l4b" }); p.models[0].pool = "l4b"; },
  "region.models[].tensorParallelSize": (_s, p) => (p.models[0].tensorParallelSize = 2),
  "region.models[].minReplicas": (_s, p) => (p.models[0].minReplicas = 2),
  "region.models[].maxReplicas": (_s, p) => (p.models[0].maxReplicas = 3),
  "region.models[].maxModelLen": (_s, p) => (p.models[0].maxModelLen = 4096),
  "region.models[].gpuMemoryUtilization": (_s, p) => (p.models[0].gpuMemoryUtilization = 0.85),
  // Ray detects every A100 as "A100"; the size-specific name is the model's choice.
  "region.models[].acceleratorType": {
    before: (_s, p) => Object.assign(p.gpuPools[0], { gpu: "A100-40GB", instanceType: "p4d.24xlarge" }),
    after: (_s, p) => { Object.assign(p.gpuPools[0], { gpu: "A100-40GB", instanceType: "p4d.24xlarge" }); p.models[0].acceleratorType = "A100-40G"; },
  },
  "region.models[].targetOngoingRequests": (_s, p) => (p.models[0].targetOngoingRequests = 8),
  "region.serving.allowedSourceCidrs": (_s, p) => (p.serving.allowedSourceCidrs = ["192.0.2.0/24"]),
  "region.serving.public": (_s, p) => { p.serving.public = true; p.serving.allowedSourceCidrs = ["0.0.0.0/0"]; },
  "region.traffic.priority": (_s, p, g) => { p.traffic.priority = 2; g.traffic.priority = 1; },
  // Weights act in weighted routing only (failover and latency routing ignore them).
  "region.traffic.weight": { before: (s) => (s.traffic = { routing: "weighted" }), after: (s, p) => { s.traffic = { routing: "weighted" }; p.traffic.weight = 3; } },
};

function synthAll(edit?: Edit): string {
  const settings = base.platform().default;
  const primary = base.primary().default;
  const secondary = base.secondary().default;
  edit?.(settings, primary, secondary);
  const raw: RawInput = {
    dir: "fixture",
    settings: { file: "fixture/platform.js", data: settings },
    regions: [{ file: "fixture/primary.js", data: primary }, { file: "fixture/secondary.js", data: secondary }],
  };
  const config = validatePlatform(raw, undefined, { today: TEST_TODAY });
  const app = buildApp(config, { outdir: "unused-outdir-not-written" });
  return JSON.stringify(app.node.children.filter(TerraformStack.isStack).map((s) => [s.node.id, s.toTerraform()]));
}

const FIELDS = [
  ...fieldPaths(PlatformSettingsSchema).map((p) => `settings.${p}`),
  ...fieldPaths(RegionSchema).map((p) => `region.${p}`),
];

describe("every config field changes the synthesized output", () => {
  const baseline = synthAll();

  test("every schema field has an edit or an allowlisted reason, and nothing else is listed", () => {
    expect(FIELDS.filter((f) => !EDITS[f] && !ALLOWLIST[f])).toEqual([]);
    expect([...Object.keys(EDITS), ...Object.keys(ALLOWLIST)].filter((f) => !FIELDS.includes(f))).toEqual([]);
  });

  test.each(FIELDS.filter((f) => EDITS[f]))("%s", (field) => {
    const edit = EDITS[field];
    if (typeof edit === "function") expect(synthAll(edit)).not.toEqual(baseline);
    else expect(synthAll(edit.after)).not.toEqual(synthAll(edit.before));
  });
});
