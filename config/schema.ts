import { z } from "zod";
import { CLOUD_IDS } from "../catalog/cloud";
import { GPU_NAMES } from "../catalog/gpus";
import { isCidr } from "./cidr";

/**
 * The runtime schema of the platform's input, and the single source of its types.
 * Shape and per-field rules live here; rules that relate fields, files or catalog
 * facts live in `rules.ts`.
 */

const DNS_LABEL_RE = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

const dnsLabel = (max: number) =>
  z
    .string()
    .regex(DNS_LABEL_RE, "must be a lowercase DNS label (a-z, 0-9 and '-', starting with a letter)")
    .max(max);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const cidr = z.string().refine(isCidr, "must be an IPv4 CIDR with no host bits set, such as 10.20.0.0/16");

const int = () => z.number().int();

/** Closed choices, exported so code and docs list the same values. */
export const CLOUDS = CLOUD_IDS;
export const CAPACITY_TYPES = ["on-demand", "spot"] as const;
export const SHARING_MODES = ["none", "time-slicing", "mig"] as const;
export const MIG_STRATEGIES = ["single", "mixed"] as const;
export const NODE_OSES = ["al2023-nvidia", "bottlerocket-nvidia", "cos", "aks-ubuntu"] as const;
export const DRIVER_MANAGEMENT = ["cloud", "gpu-operator"] as const;
export const NAT_MODES = ["single", "per-zone"] as const;
export const ROUTING_MODES = ["failover", "latency", "weighted"] as const;
export const DNS_AUTHORITIES = ["route53", "cloud-dns"] as const;
export const STATE_BACKENDS = ["local", "s3", "gcs"] as const;
export const ALERT_RECEIVER_TYPES = ["webhook", "slack", "pagerduty"] as const;

/** The Kubernetes minor version a region gets when it names none: in standard support on EKS and GKE as of 2026-11-30. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** How GPUs of a pool are shared between pods. */
export const GpuSharingSchema = z.strictObject({
  mode: z.enum(SHARING_MODES).default("none"),
  /** time-slicing: pods per physical GPU. */
  replicas: int().min(2).max(48).optional(),
  /** mig: `single` (one profile for all GPUs) or `mixed`. */
  strategy: z.enum(MIG_STRATEGIES).optional(),
  /** mig: the profile every GPU is partitioned into, valid for the GPU model (`3g.40gb`). */
  profile: z.string().optional(),
});

/** A pool of GPU nodes. */
export const GpuPoolSchema = z.strictObject({
  name: dnsLabel(20),
  gpu: z.enum(GPU_NAMES as [string, ...string[]]),
  /**
   * The preferred instance (AWS), machine (GCP) or VM size (Azure) type; workers are sized
   * for it. On Azure the capacity type maps to the node pool's priority: on-demand is
   * `Regular`, spot is `Spot` (eviction policy Delete, pay at most the on-demand price).
   */
  instanceType: z.string().min(1),
  /**
   * Alternatives tried in order when `instanceType` cannot be had: same GPU model, at least
   * its GPUs, vCPUs and memory (see docs/capacity.md).
   */
  fallbackInstanceTypes: z.array(z.string().min(1)).max(8).default([]),
  minNodes: int().min(0).max(1000),
  maxNodes: int().min(1).max(1000),
  /** One capacity type; shorthand for `capacityTypes: [capacityType]`. Defaults to on-demand. */
  capacityType: z.enum(CAPACITY_TYPES).optional(),
  /** Capacity types in order of preference, such as `["spot", "on-demand"]` (spot, falling back to on-demand). */
  capacityTypes: z.array(z.enum(CAPACITY_TYPES)).min(1).max(2).optional(),
  sharing: GpuSharingSchema.default({ mode: "none" }),
  /** Node image; defaults to `al2023-nvidia` on AWS, `cos` on GCP and `aks-ubuntu` on Azure. */
  nodeOs: z.enum(NODE_OSES).optional(),
  /** Who installs the NVIDIA driver: the cloud's image/GKE/AKS (`cloud`) or the GPU Operator (GKE and AKS). */
  driverManagement: z.enum(DRIVER_MANAGEMENT).default("cloud"),
  diskSizeGiB: int().min(50).max(4096).default(200),
});

/** The pool for cluster add-ons (CoreDNS, operators, Prometheus, Ray heads). */
export const SystemPoolSchema = z.strictObject({
  instanceType: z.string().min(1),
  minNodes: int().min(1).max(100),
  maxNodes: int().min(1).max(100),
  diskSizeGiB: int().min(20).max(1024).default(100),
});

/** One model served by Ray Serve + vLLM. */
export const ModelSchema = z.strictObject({
  name: dnsLabel(30),
  /** Hugging Face model id; must be in the model catalog so it can be sized. */
  model: z.string().min(1),
  /** The GPU pool the workers run on. */
  pool: z.string().min(1),
  tensorParallelSize: int().min(1).max(8).default(1),
  minReplicas: int().min(0).max(100).default(1),
  maxReplicas: int().min(1).max(100).default(2),
  maxModelLen: int().min(256).max(1048576).default(8192),
  gpuMemoryUtilization: z.number().min(0.5).max(0.98).default(0.9),
  targetOngoingRequests: int().min(1).max(1024).default(16),
  /**
   * Ray accelerator name the replicas require (Ray Serve LLM's `accelerator_type`, such as
   * `A100-80G`); defaults to the name Ray detects on the pool's GPU (catalog/ray-accelerators.ts).
   */
  acceleratorType: z.string().min(1).optional(),
  /**
   * The load this region's deployment of the model serves at peak while every region is up
   * (under failover routing, the primary carries it all; the others declare 0). Synth uses
   * it to show where the load goes when a region fails and whether the survivors carry it
   * (config/capacity-failover.ts); a model without it is listed as undeclared and not checked.
   */
  peakLoad: z
    .strictObject({
      /** Requests per second at peak. */
      requestsPerSecond: z.number().min(0).max(100000),
      /** Mean prompt tokens per request. */
      meanInputTokens: int().min(1).max(1048576),
      /** Mean generated tokens per request: throughput is counted in output tokens. */
      meanOutputTokens: int().min(1).max(1048576),
    })
    .optional(),
});

/** One region: a file under `regions/`. */
export const RegionSchema = z.strictObject({
  /** Unique name; stacks are `<name>-cluster` and `<name>-platform`. */
  name: dnsLabel(20),
  cloud: z.enum(CLOUDS),
  /** The cloud's region id (`us-east-1`, `asia-south1`). */
  region: z.string().min(1),
  network: z.strictObject({
    cidr,
    zones: z.array(z.string()).min(1),
    /**
     * One NAT gateway per region (`single`) or per zone. `single` is the default so a region fits
     * the default quota of 5 Elastic IPs (1 NAT + one serving address per zone, up to 4 zones);
     * `per-zone` keeps egress when a zone is lost but needs zones x 2 addresses.
     */
    natGateways: z.enum(NAT_MODES).default("single"),
  }),
  cluster: z
    .strictObject({
      /** Minor version (`1.35`); must be in standard support on the day of synth (catalog/kubernetes-versions.ts). */
      kubernetesVersion: z.string().default(DEFAULT_KUBERNETES_VERSION),
      /** CIDRs allowed to reach the public API endpoint; empty keeps the endpoint private. */
      endpointAllowedCidrs: z.array(cidr).default([]),
    })
    .default({ kubernetesVersion: DEFAULT_KUBERNETES_VERSION, endpointAllowedCidrs: [] }),
  systemPool: SystemPoolSchema,
  gpuPools: z.array(GpuPoolSchema).min(1),
  models: z.array(ModelSchema).default([]),
  serving: z
    .strictObject({
      /** Source ranges allowed to reach the OpenAI API load balancer. */
      allowedSourceCidrs: z.array(cidr).min(1),
      /** Set to true to allow 0.0.0.0/0 on purpose. */
      public: z.boolean().default(false),
    }),
  traffic: z.strictObject({
    /** Failover order: 1 is the primary, 2 takes over next, and so on. */
    priority: int().min(1).max(100),
    /** Share of traffic in weighted routing (0 drains the region). */
    weight: int().min(0).max(255).default(1),
  }),
});

/** Where Terraform state lives; one key per stack. */
export const StateBackendSchema = z.strictObject({
  type: z.enum(STATE_BACKENDS).default("local"),
  /** s3 / gcs: the bucket holding state. */
  bucket: z.string().optional(),
  /** s3: the bucket's region. */
  region: z.string().optional(),
  /** s3: KMS key for state encryption (defaults to SSE-S3 with `encrypt = true`). */
  kmsKeyId: z.string().optional(),
  /** Key prefix (s3) or prefix (gcs) under which each stack keeps `<stack>.tfstate`. */
  prefix: z.string().default("gpu-llm-platform"),
});

/** A policy finding accepted on purpose: one resource, one rule, and why (see docs/policy.md). */
export const SuppressionSchema = z.strictObject({
  /** Construct path of the resource, as synth prints it (`us-east-1-cluster/Eks/Cluster`). */
  resource: z.string().min(1),
  /** Rule id (`CKV_AWS_39`, `LLMP_HELM_2`) or a scanner alias of it. */
  rule: z.string().regex(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^AVD-[A-Z0-9-]+$/, "must be a rule id such as CKV_AWS_39 or LLMP_HELM_2"),
  /** Why the risk is accepted; synth prints it every time. */
  reason: z.string().min(10),
});

/** A quota raised above its default for one region (see `npm run preflight`). */
export const DeclaredQuotaSchema = z.strictObject({
  /** The cloud region (`us-east-1`, `asia-south1`). */
  region: z.string().min(1),
  /** Service Quotas code (`L-0263D0A3`), GCP quota metric (`NVIDIA_L4_GPUS`) or Azure quota name (`standardNCADSA100v4Family`). */
  code: z.string().regex(/^(L-[0-9A-F]{8}|[A-Z][A-Z0-9_]+|[a-z][A-Za-z0-9_]+)$/, "must be a Service Quotas code (L-0263D0A3), a GCP quota metric (NVIDIA_L4_GPUS) or an Azure quota name (standardNCADSA100v4Family)"),
  /** The quota's value in that region now. */
  value: int().min(0),
});

/** Platform-wide settings: `regions/platform.ts`. */
export const PlatformSettingsSchema = z.strictObject({
  /** Short name prefixed to every derived resource name. */
  name: dnsLabel(12),
  aws: z
    .strictObject({
      /** IAM principals granted cluster-admin through EKS access entries. */
      clusterAdminArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, "must be an IAM role or user ARN")).default([]),
      /**
       * The 12-digit account every AWS stack deploys into: KMS key policies name its root and
       * service-linked roles. Required when any region is on AWS.
       */
      accountId: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id").optional(),
    })
    .default({ clusterAdminArns: [] }),
  azure: z
    .strictObject({
      /** The subscription every Azure stack deploys into. */
      subscriptionId: z.string().regex(UUID_RE, "must be a lowercase subscription id (UUID)"),
      /** The Entra ID tenant: AKS Entra integration and Key Vault name it. */
      tenantId: z.string().regex(UUID_RE, "must be a lowercase Entra ID tenant id (UUID)"),
      /** Entra ID groups granted cluster-admin on every AKS cluster (Azure RBAC; local accounts are off). */
      clusterAdminGroupObjectIds: z.array(z.string().regex(UUID_RE, "must be an Entra ID group object id (UUID)")).min(1),
    })
    .optional(),
  gcp: z
    .strictObject({
      projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "must be a GCP project id (6-30 chars, a-z, 0-9, '-')"),
      projectNumber: z.string().regex(/^\d{6,20}$/, "must be the numeric GCP project number"),
    })
    .optional(),
  dns: z.strictObject({
    /** The hosted zone (Route53) or managed zone DNS name (Cloud DNS). */
    zone: z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, "must be a DNS zone name such as llm.example.com"),
    /** The record clients call: `<recordName>.<zone>`. */
    recordName: dnsLabel(63).default("api"),
    authority: z.enum(DNS_AUTHORITIES).default("route53"),
    /**
     * An existing zone to write the records into: the Route53 hosted zone id or the Cloud
     * DNS managed zone name. Omitted: the global stack creates the zone and outputs its
     * name servers for delegation.
     */
    zoneId: z.string().min(1).optional(),
    ttlSeconds: int().min(1).max(300).default(10),
  }),
  traffic: z
    .strictObject({
      routing: z.enum(ROUTING_MODES).default("failover"),
      healthCheck: z
        .strictObject({
          path: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, "must be an absolute URL path").default("/-/healthz"),
          /** Route53 allows 10 or 30. */
          requestIntervalSeconds: z.literal([10, 30]).default(10),
          failureThreshold: int().min(1).max(10).default(2),
        })
        .default({ path: "/-/healthz", requestIntervalSeconds: 10, failureThreshold: 2 }),
      slo: z
        .strictObject({
          maxDetectionSeconds: int().min(1).default(30),
          maxFailoverSeconds: int().min(1).default(60),
          /**
           * Longest time after a single region fails until the regions that take its load
           * have the replicas to carry it (config/capacity-failover.ts). 900 s: a 99.9%
           * monthly availability target allows 43.8 min of errors a month, so one regional
           * failure may take about a third of it; warm replicas keep the window at 0.
           */
          maxDegradedSeconds: int().min(0).default(900),
        })
        .default({ maxDetectionSeconds: 30, maxFailoverSeconds: 60, maxDegradedSeconds: 900 }),
      /**
       * Models served in one region only, accepted as lost while that region is down.
       * Any other model must be served in two regions (config/model-coverage.ts).
       */
      singleRegionModels: z.array(z.string()).default([]),
    })
    .default({
      routing: "failover",
      healthCheck: { path: "/-/healthz", requestIntervalSeconds: 10, failureThreshold: 2 },
      slo: { maxDetectionSeconds: 30, maxFailoverSeconds: 60, maxDegradedSeconds: 900 },
      singleRegionModels: [],
    }),
  observability: z
    .strictObject({
      retentionDays: int().min(1).max(365).default(15),
      storageGiB: int().min(10).max(10000).default(100),
      /**
       * The two regions whose platform stacks run the hub Prometheus, Grafana and the
       * clustered Alertmanager; each federates every region. Required (validation says so);
       * `standby` only when the platform has a single region.
       */
      hubs: z.strictObject({ primary: dnsLabel(20), standby: dnsLabel(20).optional() }).optional(),
      /**
       * Where the hub Alertmanagers send every alert. Required (validation says so): an
       * alert without a receiver reaches nobody.
       */
      alertReceiver: z
        .strictObject({
          type: z.enum(ALERT_RECEIVER_TYPES),
          /**
           * A Secret in the hub namespace (monitoring-hub) of both hub clusters, created
           * out of band so its value never enters a plan: key `url` (webhook), `api_url`
           * (Slack incoming webhook) or `routing_key` (PagerDuty Events API v2).
           */
          secretName: dnsLabel(63),
          /** Slack only: the channel to post to. */
          slackChannel: z.string().regex(/^#[a-z0-9_-]+$/, "must be a Slack channel such as #llm-alerts").optional(),
        })
        .optional(),
    })
    .default({ retentionDays: 15, storageGiB: 100 }),
  /** The cold-start budget every model must meet (config/cold-start-budget.ts; synth prints it). */
  coldStart: z
    .strictObject({
      /** Seconds from a pending replica with no free GPU node to a serving one. */
      maxSeconds: int().min(60).max(7200).default(1800),
    })
    .default({ maxSeconds: 1800 }),
  stateBackend: StateBackendSchema.default({ type: "local", prefix: "gpu-llm-platform" }),
  /**
   * Tags (AWS, Azure) and labels (GCP) put on every resource that takes them; config/tag-rules.ts
   * checks them per cloud. On AWS, 50 less the most keys the platform sets on one resource (a
   * private subnet or a Karpenter node; config/names.ts `awsPlatformTagCount`), and none of
   * them a key the platform sets (`Name`, the subnets' and Karpenter's own keys).
   */
  tags: z.record(z.string(), z.string()).default({}),
  /**
   * Quotas already raised for this AWS account / GCP project, per region and quota code
   * (`L-0263D0A3`, `NVIDIA_L4_GPUS`): preflight compares needs with these instead of the
   * defaults, and synth stops warning about them.
   */
  quotas: z.array(DeclaredQuotaSchema).default([]),
  /** Policy findings accepted on purpose, per resource and rule; synth lists them. */
  suppressions: z.array(SuppressionSchema).default([]),
});

/** What a region file may write (defaults not yet applied). */
export type RegionInput = z.input<typeof RegionSchema>;
/** A validated region with defaults applied. */
export type RegionConfig = z.output<typeof RegionSchema>;
/** A validated GPU pool. */
export type GpuPoolConfig = RegionConfig["gpuPools"][number];
/** A validated model entry. */
export type ModelConfig = RegionConfig["models"][number];
/** What `regions/platform.ts` may write. */
export type PlatformSettingsInput = z.input<typeof PlatformSettingsSchema>;
/** Validated platform-wide settings. */
export type PlatformSettings = z.output<typeof PlatformSettingsSchema>;
/** A state backend setting. */
export type StateBackendConfig = PlatformSettings["stateBackend"];

/** The whole validated input: settings plus every region, sorted by name. */
export interface PlatformConfig {
  readonly settings: PlatformSettings;
  readonly regions: readonly RegionConfig[];
  /** Non-fatal findings of validation (synth prints them), such as a version whose support ends soon. */
  readonly warnings?: readonly string[];
}

/** Typed helper for region files: gives editor completion; validation happens at synth. */
export function defineRegion(region: RegionInput): RegionInput {
  return region;
}

/** Typed helper for `regions/platform.ts`. */
export function definePlatform(settings: PlatformSettingsInput): PlatformSettingsInput {
  return settings;
}
