import { AWS_REGIONS, awsInstanceFamily } from "../catalog/aws";
import { AZURE_REGIONS, AZURE_VM_SIZES, type AzureVmSizeName } from "../catalog/azure";
import type { Cloud } from "../catalog/cloud";
import { AWS_ON_DEMAND_HOURLY } from "../catalog/prices";
import type { AwsInstanceTypeName } from "../catalog/aws";
import { GCP_REGIONS } from "../catalog/gcp";
import { GPUS, type GpuModel } from "../catalog/gpus";

/**
 * Per cloud, whether the catalog says a GPU type can be had where a region's pool asks for
 * it, and what else the cloud's node pools require. Validation and the capacity rules
 * call these tables; a new cloud is a row in each.
 */

/** Where a pool of a region asks for capacity. */
export interface OfferQuery {
  readonly region: string;
  readonly zones: readonly string[];
  readonly gpu: string;
  readonly type: string;
}

/**
 * Why the catalog says `type` is not offered for the pool (the message tail after the
 * field path), or undefined when it is. Each cloud keeps its offers differently: AWS per
 * region and instance family, GCP per zone and GPU model, Azure per region, quota family and zone.
 */
export const OFFER_PROBLEM: Readonly<Record<Cloud, (q: OfferQuery) => { readonly field: "instanceType" | "gpu"; readonly message: string } | undefined>> = {
  aws: ({ region, type }) => {
    const offer = AWS_REGIONS[region];
    const family = awsInstanceFamily(type);
    return offer && !offer.gpuFamilies.includes(family)
      ? { field: "instanceType", message: `${family} is not offered in ${region} (offered: ${offer.gpuFamilies.join(", ")})` }
      : undefined;
  },
  gcp: ({ region, zones, gpu }) => {
    if (!(GPUS[gpu as keyof typeof GPUS] as GpuModel | undefined)?.gcpAcceleratorType) {
      // The GKE node pool attaches the GPU by its accelerator type; without one it cannot be built.
      const withType = Object.entries(GPUS).filter(([, g]) => (g as GpuModel).gcpAcceleratorType).map(([n]) => n);
      return { field: "gpu", message: `has no GCE accelerator type (gcpAcceleratorType) in catalog/gpus.ts, which a GKE node pool needs (GPUs with one: ${withType.join(", ")})` };
    }
    const offer = GCP_REGIONS[region];
    const lacking = offer ? zones.filter((z) => offer.zones[z] && !offer.zones[z].includes(gpu as never)) : [];
    return lacking.length > 0
      ? { field: "gpu", message: `${gpu} is not offered in zone(s) ${lacking.join(", ")} of ${region}; use a GPU every zone offers or drop those zones` }
      : undefined;
  },
  azure: ({ region, zones, type }) => {
    const offer = AZURE_REGIONS[region];
    const size = AZURE_VM_SIZES[type as AzureVmSizeName];
    if (!offer || !size) return undefined;
    const offered = offer.gpuFamilies[size.quotaFamily];
    if (!offered) {
      return { field: "instanceType", message: `${size.quotaFamily} is not offered in ${region} (offered: ${Object.keys(offer.gpuFamilies).join(", ")})` };
    }
    // A zone the region does not have is checkLocation's to report.
    const lacking = zones.filter((z) => offer.zones.includes(z) && !offered.includes(z));
    return lacking.length > 0
      ? { field: "instanceType", message: `${type} is not offered in zone(s) ${lacking.join(", ")} of ${region} (offered in ${offered.join(", ")}); drop those zones` }
      : undefined;
  },
};

/**
 * What each cloud's GPU capacity can express beyond one type and one capacity type:
 * fallback types (Karpenter NodePools, GKE ComputeClasses; not yet AKS, whose node pool has
 * one VM size and one priority) and two capacity types in a given order.
 */
export const CAPACITY_MODEL: Readonly<Record<Cloud, { readonly fallbackTypes: boolean; readonly twoCapacityTypes: "spot-first" | "any" | "none"; readonly why?: string }>> = {
  aws: { fallbackTypes: true, twoCapacityTypes: "spot-first" },
  gcp: { fallbackTypes: true, twoCapacityTypes: "any" },
  azure: {
    fallbackTypes: false,
    twoCapacityTypes: "none",
    why: "an AKS node pool has one VM size and one priority (Regular or Spot); make one pool per size and priority",
  },
};

/**
 * Why a fallback type may not follow the one before it in a pool's list (the message head),
 * or undefined. On AWS one Karpenter NodePool holds every type and Karpenter launches the
 * cheapest that fits (EC2 Fleet lowest-price for on-demand, pkg/providers/instance/types.go
 * at v1.14.1), so the configured order holds only when prices ascend along it. GKE
 * ComputeClass priorities keep the written order; AKS takes no fallbacks.
 */
export const FALLBACK_ORDER_PROBLEM: Readonly<Partial<Record<Cloud, (before: string, type: string) => string | undefined>>> = {
  aws: (before, type) => {
    const [prev, cur] = [AWS_ON_DEMAND_HOURLY[before as AwsInstanceTypeName], AWS_ON_DEMAND_HOURLY[type as AwsInstanceTypeName]];
    if (prev === undefined || cur === undefined) {
      return `needs an on-demand price in catalog/prices.ts for ${prev === undefined ? before : type} (Karpenter orders a pool's types by price)`;
    }
    return cur < prev
      ? `Karpenter launches the cheapest type of a pool first, and ${type} ($${cur}/h on demand) is cheaper than ${before} ($${prev}/h) before it; list the types in ascending price`
      : undefined;
  },
};

/** The fewest zones a region of each cloud may list, and why. */
export const MIN_ZONES: Readonly<Record<Cloud, { readonly count: number; readonly why: string } | undefined>> = {
  aws: { count: 2, why: "EKS needs subnets in two" },
  gcp: undefined,
  azure: undefined,
};
