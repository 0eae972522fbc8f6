import type { Cloud } from "../../catalog/cloud";
import { poolCapacityTypes, poolInstanceTypes, poolMaxGpus, poolPriorities } from "../../config/capacity";
import { nodePoolName as karpenterNodePoolName } from "../../constructs/karpenter";
import { machineType } from "../../catalog/machine-types";
import type { AwsInstanceTypeName } from "../../catalog/aws";
import {
  CLUSTER_HOURLY,
  HOURS_PER_MONTH,
  NAT_HOURLY,
  ON_DEMAND_HOURLY,
  PRICE_CATALOG_SOURCE,
  REGION_PRICE_FACTOR,
  SPOT_FRACTION,
} from "../../catalog/prices";
import { fallbackNodePoolName, nodePoolName, stackNames } from "../../config/names";
import type { PlatformConfig } from "../../config/schema";
import { parse as parseYaml } from "yaml";
import { block, num, type StackView } from "../lib/terraform-json";

/**
 * The monthly cost estimate: what costs money (node pools, clusters, NAT), read from the
 * validated config or from synthesized resources, priced with `catalog/prices.ts`.
 * Pure: no I/O.
 */

/** What a cost line is for. */
export type CostKind = "gpu-pool" | "system-pool" | "cluster" | "nat";

/** A cloud as the cost model names it. */
export type CostCloud = Cloud;

/** What each cloud calls its cluster fee and its NAT, as cost lines name them. */
const CLOUD_COST_NAMES: Readonly<Record<Cloud, { readonly cluster: string; readonly nat: string }>> = {
  aws: { cluster: "EKS control plane", nat: "NAT gateway" },
  gcp: { cluster: "GKE cluster fee", nat: "Cloud NAT" },
  azure: { cluster: "AKS Standard tier", nat: "NAT gateway" },
};

/** Something that costs money, before pricing. */
export interface CostItem {
  /** The stack that holds it (`us-east-1-cluster`). */
  readonly stack: string;
  readonly cloud: CostCloud;
  /** The cloud's region id, for the regional price factor. */
  readonly cloudRegion: string;
  readonly kind: CostKind;
  /** Physical name (node pool name) or what it is (`EKS control plane`). */
  readonly name: string;
  /** Node pools: instance or machine type. */
  readonly instanceType?: string;
  /** `spot-then-on-demand`: spot with on-demand fallback, priced from spot (low end) to on-demand (high end). */
  readonly capacity: "on-demand" | "spot" | "spot-then-on-demand";
  /** Node pools: autoscaling bounds; clusters and NAT gateways: how many (min = max). */
  readonly min: number;
  readonly max: number;
}

/** A priced item: monthly cost and GPUs at the low and high end of its range. */
export interface CostLine extends CostItem {
  readonly monthlyMin: number;
  readonly monthlyMax: number;
  readonly gpusMin: number;
  readonly gpusMax: number;
  /** Why the line is priced at 0 or with a default factor, when it is. */
  readonly caveat?: string;
  /** Node pools: the same range on the other capacity type (spot vs on-demand). */
  readonly other?: { readonly capacity: "on-demand" | "spot"; readonly monthlyMin: number; readonly monthlyMax: number };
}

/** A range of monthly cost and GPUs. */
export interface CostTotals {
  readonly monthlyMin: number;
  readonly monthlyMax: number;
  readonly gpusMin: number;
  readonly gpusMax: number;
}

interface MachineFacts {
  readonly hourly?: number;
  readonly gpuCount: number;
}

function machineFacts(cloud: CostCloud, instanceType: string): MachineFacts {
  const hourly = ON_DEMAND_HOURLY[cloud];
  return { hourly: hourly[instanceType], gpuCount: machineType(cloud, instanceType)?.gpuCount ?? 0 };
}

/** How a pool's ordered capacity types are priced. */
export function costCapacity(types: readonly ("on-demand" | "spot")[]): CostItem["capacity"] {
  if (types.length > 1 && types[0] === "spot") return "spot-then-on-demand";
  return types[0];
}

function poolKind(cloud: CostCloud, instanceType: string): CostKind {
  return machineFacts(cloud, instanceType).gpuCount > 0 ? "gpu-pool" : "system-pool";
}

/** One GPU pool of one region, as the per-cloud pool costing reads it. */
interface PoolCostInput {
  readonly platformName: string;
  readonly region: PlatformConfig["regions"][number];
  readonly pool: PlatformConfig["regions"][number]["gpuPools"][number];
}

/**
 * The pool as node pools, one per fallback step: the first from minNodes, the others from 0,
 * each to maxNodes (GKE's node pool per ComputeClass priority; on AKS one step, the pool's
 * one VM size and priority).
 */
function nodePoolItems({ platformName, region: r, pool: p }: PoolCostInput): CostItem[] {
  const base = { stack: stackNames.cluster(r.name), cloud: r.cloud, cloudRegion: r.region } as const;
  return poolPriorities(p).map((step, i) => ({
    ...base, kind: poolKind(r.cloud, step.instanceType),
    name: i === 0 ? nodePoolName(platformName, r.name, p.name) : fallbackNodePoolName(platformName, r.name, p.name, i),
    instanceType: step.instanceType, capacity: step.capacityType, min: i === 0 ? p.minNodes : 0, max: p.maxNodes,
  }));
}

/**
 * Per cloud, how a GPU pool of the config becomes cost items, and how many NAT gateways a
 * region pays for. A new cloud fills its row the way its cluster stack builds pools and NAT.
 */
const REGION_COST_MODEL: Readonly<Record<Cloud, { readonly poolItems: (input: PoolCostInput) => CostItem[]; readonly natGateways: (region: PlatformConfig["regions"][number]) => number }>> = {
  aws: {
    // The pool's one Karpenter NodePool, in the platform stack, 0 to its GPU limit.
    poolItems: ({ region: r, pool: p }) =>
      [karpenterPoolItem(stackNames.platform(r.name), r.region, karpenterNodePoolName(p.name), poolInstanceTypes(p), costCapacity(poolCapacityTypes(p)), poolMaxGpus("aws", p))],
    // One NAT gateway per zone, or one for the region.
    natGateways: (r) => (r.network.natGateways === "per-zone" ? r.network.zones.length : 1),
  },
  // One Cloud NAT on the region's router.
  gcp: { poolItems: nodePoolItems, natGateways: () => 1 },
  // One NAT gateway on the node subnets.
  azure: { poolItems: nodePoolItems, natGateways: () => 1 },
};

/** Cost items of the validated config: per region its pools, its cluster and its NAT. */
export function costItemsFromConfig(config: PlatformConfig): CostItem[] {
  const items: CostItem[] = [];
  for (const r of config.regions) {
    const base = { stack: stackNames.cluster(r.name), cloud: r.cloud, cloudRegion: r.region } as const;
    const model = REGION_COST_MODEL[r.cloud];
    const sys = r.systemPool;
    items.push({ ...base, kind: "system-pool", name: nodePoolName(config.settings.name, r.name, "system"), instanceType: sys.instanceType, capacity: "on-demand", min: sys.minNodes, max: sys.maxNodes });
    for (const p of r.gpuPools) items.push(...model.poolItems({ platformName: config.settings.name, region: r, pool: p }));
    items.push({ ...base, kind: "cluster", name: CLOUD_COST_NAMES[r.cloud].cluster, capacity: "on-demand", min: 1, max: 1 });
    const nats = model.natGateways(r);
    items.push({ ...base, kind: "nat", name: CLOUD_COST_NAMES[r.cloud].nat, capacity: "on-demand", min: nats, max: nats });
  }
  return items;
}

/**
 * Cost items of one stack's resources (synthesized or planned): EKS node groups, GKE node
 * pools, clusters and NAT gateways. Other resources are free or usage-priced and left out.
 */
export function costItemsFromStack(stack: StackView): CostItem[] {
  const items: CostItem[] = [];
  const cloudRegion = stack.cloudRegion ?? "unknown";
  const counts = { aws_eks_cluster: 0, google_container_cluster: 0, azurerm_kubernetes_cluster: 0, aws_nat_gateway: 0, google_compute_router_nat: 0, azurerm_nat_gateway: 0 };
  for (const r of stack.resources) {
    const v = r.values;
    if (r.type === "aws_eks_node_group") {
      const scaling = block(v.scaling_config);
      const types = Array.isArray(v.instance_types) ? v.instance_types : [];
      const instanceType = String(types[0] ?? "unknown");
      items.push({
        stack: stack.name, cloud: "aws", cloudRegion, kind: poolKind("aws", instanceType), name: String(v.node_group_name ?? r.address), instanceType,
        capacity: v.capacity_type === "SPOT" ? "spot" : "on-demand", min: num(scaling?.min_size) ?? 0, max: num(scaling?.max_size) ?? 0,
      });
    } else if (r.type === "google_container_node_pool") {
      const auto = block(v.autoscaling);
      const nodeConfig = block(v.node_config);
      const instanceType = String(nodeConfig?.machine_type ?? "unknown");
      // Per-zone counts (node_count, min/max_node_count) apply in every node location.
      const zones = Array.isArray(v.node_locations) && v.node_locations.length > 0 ? v.node_locations.length : 1;
      const fixed = (num(v.node_count) ?? 0) * zones;
      const perZone = (n: unknown) => (num(n) === undefined ? undefined : num(n)! * zones);
      items.push({
        stack: stack.name, cloud: "gcp", cloudRegion, kind: poolKind("gcp", instanceType), name: String(v.name ?? r.address), instanceType,
        capacity: nodeConfig?.spot === true || nodeConfig?.preemptible === true ? "spot" : "on-demand",
        min: num(auto?.total_min_node_count) ?? perZone(auto?.min_node_count) ?? fixed,
        max: num(auto?.total_max_node_count) ?? perZone(auto?.max_node_count) ?? fixed,
      });
    } else if (r.type === "azurerm_kubernetes_cluster") {
      counts.azurerm_kubernetes_cluster++;
      // The system pool lives in the cluster resource as its default node pool.
      const pool = block(v.default_node_pool);
      const instanceType = String(pool?.vm_size ?? "unknown");
      const fixed = num(pool?.node_count) ?? 0;
      items.push({
        stack: stack.name, cloud: "azure", cloudRegion, kind: poolKind("azure", instanceType), name: String(pool?.name ?? r.address), instanceType,
        capacity: "on-demand", min: num(pool?.min_count) ?? fixed, max: num(pool?.max_count) ?? fixed,
      });
    } else if (r.type === "azurerm_kubernetes_cluster_node_pool") {
      const instanceType = String(v.vm_size ?? "unknown");
      const fixed = num(v.node_count) ?? 0;
      items.push({
        stack: stack.name, cloud: "azure", cloudRegion, kind: poolKind("azure", instanceType), name: String(v.name ?? r.address), instanceType,
        capacity: v.priority === "Spot" ? "spot" : "on-demand", min: num(v.min_count) ?? fixed, max: num(v.max_count) ?? fixed,
      });
    } else if (r.type === "helm_release" && v.name === "karpenter-node-pools") {
      items.push(...karpenterNodePoolItems(stack.name, cloudRegion, v.values));
    } else if (r.type in counts) {
      counts[r.type as keyof typeof counts]++;
    }
  }
  const fixed = (cloud: CostCloud, kind: CostKind, name: string, n: number) => {
    if (n > 0) items.push({ stack: stack.name, cloud, cloudRegion, kind, name, capacity: "on-demand", min: n, max: n });
  };
  fixed("aws", "cluster", "EKS control plane", counts.aws_eks_cluster);
  fixed("gcp", "cluster", "GKE cluster fee", counts.google_container_cluster);
  fixed("aws", "nat", "NAT gateway", counts.aws_nat_gateway);
  fixed("gcp", "nat", "Cloud NAT", counts.google_compute_router_nat);
  fixed("azure", "cluster", CLOUD_COST_NAMES.azure.cluster, counts.azurerm_kubernetes_cluster);
  fixed("azure", "nat", CLOUD_COST_NAMES.azure.nat, counts.azurerm_nat_gateway);
  return items;
}

/**
 * A Karpenter NodePool as a cost item: 0 to its `nvidia.com/gpu` limit, priced as the listed
 * type that costs most when it fills the limit (the NodePool may launch any of them, and the
 * limit bounds them together).
 */
export function karpenterPoolItem(stack: string, cloudRegion: string, nodePool: string, types: readonly string[], capacity: CostItem["capacity"], maxGpus: number): CostItem {
  const fill = (t: string) => {
    const gpus = machineFacts("aws", t).gpuCount;
    const nodes = gpus > 0 ? Math.floor(maxGpus / gpus) : 0;
    return { t, nodes, hourly: nodes * (ON_DEMAND_HOURLY.aws[t as AwsInstanceTypeName] ?? 0) };
  };
  const worst = types.map(fill).reduce((a, b) => (b.hourly > a.hourly ? b : a));
  const name = types.length > 1 ? `NodePool ${nodePool} (priced as ${worst.t}, the costliest fill of its ${types.length} types)` : `NodePool ${nodePool}`;
  return { stack, cloud: "aws", cloudRegion, kind: "gpu-pool", name, instanceType: worst.t, capacity, min: 0, max: worst.nodes };
}

/** Karpenter NodePools in a platform stack's `karpenter-node-pools` release, one item each (see {@link karpenterPoolItem}). */
export function karpenterNodePoolItems(stack: string, cloudRegion: string, values: unknown): CostItem[] {
  const docs = Array.isArray(values) ? values : [];
  const manifests = docs.flatMap((d) => {
    const parsed = typeof d === "string" ? (parseYaml(d) as { manifests?: unknown[] } | null) : null;
    return Array.isArray(parsed?.manifests) ? parsed.manifests : [];
  }) as { kind?: string; metadata?: { name?: string }; spec?: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  return manifests.filter((m) => m.kind === "NodePool").flatMap((m) => {
    const reqs = (m.spec?.template?.spec?.requirements ?? []) as { key: string; values?: string[] }[];
    const types = reqs.find((r) => r.key === "node.kubernetes.io/instance-type")?.values ?? [];
    if (types.length === 0) return [];
    const capacityTypes = (reqs.find((r) => r.key === "karpenter.sh/capacity-type")?.values ?? ["on-demand"]) as ("on-demand" | "spot")[];
    return [karpenterPoolItem(stack, cloudRegion, m.metadata?.name ?? "?", types, costCapacity(capacityTypes), Number(m.spec?.limits?.["nvidia.com/gpu"] ?? 0))];
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Per cloud, the hourly cost of a NAT item at its low and high end; `f` is the region's price
 * factor and `items` the other items, for clouds that price NAT per VM behind it. A new cloud
 * fills its row from its NAT prices in catalog/prices.ts.
 */
const NAT_HOURLY_RANGE: Readonly<Record<Cloud, (item: CostItem, items: readonly CostItem[], f: number) => readonly [number, number]>> = {
  // Per gateway-hour.
  aws: (item, _items, f) => [NAT_HOURLY.awsPerGateway * f * item.min, NAT_HOURLY.awsPerGateway * f * item.max],
  // Per VM of the same stack using it, capped per gateway; the regional factor is not applied.
  gcp: (item, items) => {
    const pools = items.filter((i) => i.stack === item.stack && (i.kind === "gpu-pool" || i.kind === "system-pool"));
    const perGateway = (nodes: number) => Math.min(nodes * NAT_HOURLY.gcpPerVm, NAT_HOURLY.gcpMaxPerGateway);
    const nodesMin = pools.reduce((s, p) => s + p.min, 0);
    const nodesMax = pools.reduce((s, p) => s + p.max, 0);
    return [perGateway(nodesMin) * item.min, perGateway(nodesMax) * item.max];
  },
  // Per gateway-hour.
  azure: (item, _items, f) => [NAT_HOURLY.azurePerGateway * f * item.min, NAT_HOURLY.azurePerGateway * f * item.max],
};

/** Prices items; GCP Cloud NAT is priced per VM of the same stack, so the stack's pools count. */
export function priceItems(items: readonly CostItem[]): CostLine[] {
  return items.map((item) => {
    const factor = REGION_PRICE_FACTOR[item.cloudRegion];
    const regionCaveat = factor === undefined ? `no price factor for region ${item.cloudRegion}; priced as the reference region` : undefined;
    const f = factor ?? 1;
    const line = (hourlyMin: number, hourlyMax: number, gpusMin = 0, gpusMax = 0, caveat = regionCaveat): CostLine => ({
      ...item,
      monthlyMin: round2(hourlyMin * HOURS_PER_MONTH),
      monthlyMax: round2(hourlyMax * HOURS_PER_MONTH),
      gpusMin,
      gpusMax,
      ...(caveat ? { caveat } : {}),
    });
    switch (item.kind) {
      case "gpu-pool":
      case "system-pool": {
        const m = machineFacts(item.cloud, item.instanceType ?? "");
        if (m.hourly === undefined) return line(0, 0, m.gpuCount * item.min, m.gpuCount * item.max, `no price for ${item.instanceType} in catalog/prices.ts; counted as 0`);
        const hourlyAt = (capacity: "on-demand" | "spot") => m.hourly! * f * (capacity === "spot" ? SPOT_FRACTION[item.cloud] : 1);
        if (item.capacity === "spot-then-on-demand") {
          // Spot while it lasts, on-demand when it runs dry: the fallback bounds the high end.
          return line(hourlyAt("spot") * item.min, hourlyAt("on-demand") * item.max, m.gpuCount * item.min, m.gpuCount * item.max,
            regionCaveat ?? "spot with on-demand fallback: low end at spot prices, high end at on-demand");
        }
        const otherCapacity = item.capacity === "spot" ? "on-demand" : "spot";
        const other = { capacity: otherCapacity, monthlyMin: round2(hourlyAt(otherCapacity) * item.min * HOURS_PER_MONTH), monthlyMax: round2(hourlyAt(otherCapacity) * item.max * HOURS_PER_MONTH) } as const;
        return { ...line(hourlyAt(item.capacity) * item.min, hourlyAt(item.capacity) * item.max, m.gpuCount * item.min, m.gpuCount * item.max), other };
      }
      case "cluster":
        return line(CLUSTER_HOURLY[item.cloud] * item.min, CLUSTER_HOURLY[item.cloud] * item.max, 0, 0, undefined);
      case "nat": {
        const [hourlyMin, hourlyMax] = NAT_HOURLY_RANGE[item.cloud](item, items, f);
        return line(hourlyMin, hourlyMax);
      }
    }
  });
}

/** Sums lines into a range. */
export function totals(lines: readonly CostLine[]): CostTotals {
  const sum = (k: keyof CostTotals) => round2(lines.reduce((s, l) => s + l[k], 0));
  return { monthlyMin: sum("monthlyMin"), monthlyMax: sum("monthlyMax"), gpusMin: sum("gpusMin"), gpusMax: sum("gpusMax") };
}

/** Lines grouped by stack, in first-seen order. */
export function byStack(lines: readonly CostLine[]): Map<string, CostLine[]> {
  const groups = new Map<string, CostLine[]>();
  for (const l of lines) groups.set(l.stack, [...(groups.get(l.stack) ?? []), l]);
  return groups;
}

/** `$12,345` */
export function usd(n: number): string {
  return `$${Math.round(n).toLocaleString("en-US")}`;
}

/** `$1,000 - $4,000` or `$1,000` when the ends meet. */
export function usdRange(min: number, max: number): string {
  return Math.round(min) === Math.round(max) ? usd(min) : `${usd(min)} - ${usd(max)}`;
}

function describe(l: CostLine): string {
  if (l.kind === "cluster") return l.name;
  if (l.kind === "nat") return `${l.name} x${l.min}`;
  return `${l.name}: ${l.min}-${l.max} x ${l.instanceType} (${l.capacity}${l.gpusMax > 0 ? `, ${l.gpusMin}-${l.gpusMax} GPUs` : ""})`;
}

/** The plain-language estimate notice every report starts with. */
export function estimateNotice(): string {
  return `Estimate only, in ${PRICE_CATALOG_SOURCE.currency} per month (${HOURS_PER_MONTH} h), from list prices compiled ${PRICE_CATALOG_SOURCE.compiled} ` +
    `(${PRICE_CATALOG_SOURCE.source}). Spot is priced at a typical fraction of on-demand. Not included: data transfer, NAT data processing, storage, load balancers, taxes, discounts.`;
}

/** The Markdown report of `npm run cost`: per region (stack) and in total. */
export function formatCostReport(lines: readonly CostLine[]): string {
  const out = ["# Monthly cost estimate", "", `> ${estimateNotice()}`, ""];
  out.push("| region (stack) | item | kind | monthly (min - max nodes) | on the other capacity type |", "| --- | --- | --- | --- | --- |");
  for (const [stack, group] of byStack(lines)) {
    for (const l of group) {
      const other = l.other ? `${l.other.capacity}: ${usdRange(l.other.monthlyMin, l.other.monthlyMax)}` : "";
      out.push(`| ${stack} | ${describe(l)} | ${l.kind} | ${usdRange(l.monthlyMin, l.monthlyMax)} | ${other} |`);
    }
    const t = totals(group);
    out.push(`| **${stack}** | **subtotal** (${t.gpusMin}-${t.gpusMax} GPUs) | | **${usdRange(t.monthlyMin, t.monthlyMax)}** | |`);
  }
  const t = totals(lines);
  out.push("", `**Total: ${usdRange(t.monthlyMin, t.monthlyMax)} per month** with ${t.gpusMin}-${t.gpusMax} GPUs (min nodes - max nodes).`);
  const caveats = [...new Set(lines.flatMap((l) => (l.caveat ? [l.caveat] : [])))];
  if (caveats.length > 0) out.push("", "Caveats:", ...caveats.map((c) => `- ${c}`));
  return out.join("\n") + "\n";
}
