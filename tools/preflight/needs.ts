import { AWS_INSTANCE_TYPES, type AwsInstanceType } from "../../catalog/aws";
import { AZURE_SPOT_QUOTA, AZURE_VM_SIZES, type AzureVmSize } from "../../catalog/azure";
import type { Cloud } from "../../catalog/cloud";
import { GCP_MACHINE_TYPES, type GcpMachineType } from "../../catalog/gcp";
import { poolCapacityTypes, poolInstanceTypes, poolMaxGpus, poolPriorities } from "../../config/capacity";
import { stackNames } from "../../config/names";
import type { PlatformConfig, RegionConfig } from "../../config/schema";
import { awsInstanceQuota, GCP_GPU_QUOTA, QUOTAS, raiseCommand, type QuotaCode, type QuotaFact } from "./quota-catalog";

/**
 * What a deployment consumes, per cloud, region and quota: a pure function of the
 * synthesized stacks (addresses, VPCs and NAT gateways are counted in the Terraform JSON)
 * and the validated config (node pools at their maximum size, on every instance type a pool
 * may use: the GPU provisioner may be a node group or Karpenter, the need is the same).
 */

/** A synthesized stack as far as preflight reads it. */
export interface PreflightStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly [key: string]: unknown;
}

/** One line of the preflight table. */
export interface QuotaNeed {
  readonly cloud: Cloud;
  /** Cloud region, or `global`. */
  readonly region: string;
  readonly code: string;
  readonly name: string;
  readonly unit: QuotaFact["unit"];
  readonly needed: number;
  readonly defaultValue: number;
  /** From settings.quotas, when declared. */
  readonly declared?: number;
  /** `needed <= (declared ?? default)`. */
  readonly fits: boolean;
  /** Raises the quota to what is needed. */
  readonly raise: string;
}

type Tally = Map<string, { cloud: Cloud; region: string; code: QuotaCode; amount: number }>;

function add(t: Tally, cloud: Cloud, region: string, code: QuotaCode, amount: number): void {
  if (amount <= 0) return;
  const key = `${cloud}|${region}|${code}`;
  const cur = t.get(key);
  t.set(key, { cloud, region, code, amount: (cur?.amount ?? 0) + amount });
}

const count = (stack: PreflightStack | undefined, type: string, where: (attrs: Record<string, unknown>) => boolean = () => true) =>
  Object.values(stack?.resource?.[type] ?? {}).filter(where).length;

function awsFacts(type: string): AwsInstanceType | undefined {
  return (AWS_INSTANCE_TYPES as Record<string, AwsInstanceType>)[type];
}

function gcpFacts(type: string): GcpMachineType | undefined {
  return (GCP_MACHINE_TYPES as Record<string, GcpMachineType>)[type];
}

function azureFacts(type: string): AzureVmSize | undefined {
  return (AZURE_VM_SIZES as Record<string, AzureVmSize>)[type];
}

/**
 * Azure: every node's vCPUs count against the region's total and, on Regular priority,
 * against the VM family's quota; Spot nodes count against the one regional Spot quota.
 */
function tallyAzure(t: Tally, region: RegionConfig): void {
  const sys = azureFacts(region.systemPool.instanceType);
  const sysVcpus = (sys?.vcpus ?? 0) * region.systemPool.maxNodes;
  add(t, "azure", region.region, "cores", sysVcpus);
  if (sys) add(t, "azure", region.region, sys.quotaFamily as QuotaCode, sysVcpus);
  for (const pool of region.gpuPools) {
    const m = azureFacts(pool.instanceType);
    if (!m) continue;
    const vcpus = m.vcpus * pool.maxNodes;
    if (poolCapacityTypes(pool)[0] === "spot") {
      add(t, "azure", region.region, AZURE_SPOT_QUOTA as QuotaCode, vcpus);
    } else {
      add(t, "azure", region.region, "cores", vcpus);
      add(t, "azure", region.region, m.quotaFamily as QuotaCode, vcpus);
    }
  }
}

/**
 * AWS: Elastic IPs, VPCs and NAT gateways counted in the cluster stack; vCPUs per EC2
 * quota (family letter and market) for the system node group and each GPU NodePool.
 */
function tallyAws(t: Tally, region: RegionConfig, cluster: PreflightStack | undefined): void {
  add(t, "aws", region.region, "L-0263D0A3", count(cluster, "aws_eip"));
  add(t, "aws", region.region, "L-F678F1CE", count(cluster, "aws_vpc"));
  // NAT gateways sit one per public subnet at most: the per-zone need is 1 when any exists.
  add(t, "aws", region.region, "L-FE5A380F", count(cluster, "aws_nat_gateway") > 0 ? 1 : 0);
  const sys = awsFacts(region.systemPool.instanceType);
  add(t, "aws", region.region, awsInstanceQuota(region.systemPool.instanceType, false), (sys?.vcpus ?? 0) * region.systemPool.maxNodes);
  for (const pool of region.gpuPools) {
    // The pool's one NodePool may fill its GPU limit with any listed type: the worst case is
    // the type whose fill (limit / its GPUs, rounded down, x its vCPUs) needs the most vCPUs.
    const maxGpus = poolMaxGpus("aws", pool);
    const vcpus = Math.max(...poolInstanceTypes(pool).map((x) => {
      const f = awsFacts(x);
      return f && f.gpuCount > 0 ? Math.floor(maxGpus / f.gpuCount) * f.vcpus : 0;
    }));
    // Each market the pool may fall back to can end up holding the whole pool.
    for (const capacity of poolCapacityTypes(pool)) {
      add(t, "aws", region.region, awsInstanceQuota(pool.instanceType, capacity === "spot"), vcpus);
    }
  }
}

/**
 * GCP: external addresses counted in the cluster stack; CPUs and GPUs (per model, on-demand
 * or preemptible) for the system pool and each GPU node pool, GPUs also against the
 * project's all-regions quota.
 */
function tallyGcp(t: Tally, region: RegionConfig, cluster: PreflightStack | undefined): void {
  const external = count(cluster, "google_compute_address", (a) => a.address_type === "EXTERNAL");
  add(t, "gcp", region.region, "STATIC_ADDRESSES", external);
  add(t, "gcp", region.region, "IN_USE_ADDRESSES", external);
  const sys = gcpFacts(region.systemPool.instanceType);
  add(t, "gcp", region.region, "CPUS", (sys?.vcpus ?? 0) * region.systemPool.maxNodes);
  for (const pool of region.gpuPools) {
    // One GKE node pool per fallback step (config/capacity.ts poolPriorities), each scaling to
    // maxNodes on its own (a ComputeClass has no limit across them): the worst case fills all.
    for (const step of poolPriorities(pool)) {
      const m = gcpFacts(step.instanceType);
      if (!m) continue;
      add(t, "gcp", region.region, "CPUS", m.vcpus * pool.maxNodes);
      const metric = GCP_GPU_QUOTA[pool.gpu];
      if (!metric) continue;
      const gpus = m.gpuCount * pool.maxNodes;
      add(t, "gcp", region.region, (step.capacityType === "spot" ? `PREEMPTIBLE_${metric}` : metric) as QuotaCode, gpus);
      add(t, "gcp", "global", "GPUS_ALL_REGIONS", gpus);
    }
  }
}

/**
 * Per cloud, what one region consumes of the quotas in quota-catalog.ts, from its config and
 * its synthesized cluster stack. A new cloud fills its row (and its quotas in QUOTAS).
 */
const TALLY_REGION: Readonly<Record<Cloud, (t: Tally, region: RegionConfig, cluster: PreflightStack | undefined) => void>> = {
  aws: tallyAws,
  gcp: tallyGcp,
  azure: tallyAzure,
};

/**
 * Per cloud, the settings value its raise commands are scoped to (the GCP project, the Azure
 * subscription); undefined where the command needs none. A new cloud fills its row.
 */
const QUOTA_SCOPE: Readonly<Record<Cloud, (settings: PlatformConfig["settings"]) => string | undefined>> = {
  aws: () => undefined,
  gcp: (settings) => settings.gcp?.projectId,
  azure: (settings) => settings.azure?.subscriptionId,
};

/**
 * Every quota the deployment consumes, sorted by cloud, region and code, compared with the
 * default and any value declared in `settings.quotas`.
 */
export function quotaNeeds(config: PlatformConfig, stacks: Readonly<Record<string, PreflightStack>>): QuotaNeed[] {
  const t: Tally = new Map();
  for (const region of config.regions) TALLY_REGION[region.cloud](t, region, stacks[stackNames.cluster(region.name)]);
  return [...t.values()]
    .sort((a, b) => a.cloud.localeCompare(b.cloud) || a.region.localeCompare(b.region) || a.code.localeCompare(b.code))
    .map(({ cloud, region, code, amount }) => {
      const q: QuotaFact = QUOTAS[code];
      const declared = config.settings.quotas.find((d) => d.code === code && d.region === region)?.value;
      return {
        cloud, region, code, name: q.name, unit: q.unit, needed: amount, defaultValue: q.defaultValue, declared,
        fits: amount <= (declared ?? q.defaultValue),
        raise: raiseCommand(q, region, amount, QUOTA_SCOPE[cloud](config.settings)),
      };
    });
}

/** The preflight table as Markdown: one row per quota, raise commands for those that do not fit. */
export function formatQuotaTable(needs: readonly QuotaNeed[]): string {
  const rows = needs.map((n) =>
    `| ${n.cloud} | ${n.region} | ${n.name} | \`${n.code}\` | ${n.needed} ${n.unit} | ${n.defaultValue} | ${n.declared ?? "-"} | ${n.fits ? "ok" : "**raise**"} |`);
  const raises = needs.filter((n) => !n.fits).map((n) => `- ${n.cloud} ${n.region} ${n.name}: \`${n.raise}\``);
  return [
    "| cloud | region | quota | code | needed | default | declared | status |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    raises.length > 0
      ? `Raise before the first apply (then declare the new values in settings.quotas):\n${raises.join("\n")}`
      : "Every quota fits its default or declared value.",
    "",
  ].join("\n");
}

/** One synth warning per quota whose need exceeds its default and no higher value is declared. */
export function quotaWarnings(needs: readonly QuotaNeed[]): string[] {
  return needs.filter((n) => !n.fits).map((n) =>
    `quota ${n.cloud} ${n.region} "${n.name}" (${n.code}): needs ${n.needed} ${n.unit}, ${n.declared !== undefined ? `declared ${n.declared}` : `default ${n.defaultValue}`}; raise it (${n.raise}) and declare it in settings.quotas`);
}
