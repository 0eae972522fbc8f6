import { CLOUD_LABELS, type Cloud } from "../catalog/cloud";
import { CAPACITY_MODEL, FALLBACK_ORDER_PROBLEM, OFFER_PROBLEM } from "./cloud-offers";
import { show, type ConfigError } from "./errors";
import { regionRule } from "./rule";
import { machineType as machineFacts, soldAsSpot } from "../catalog/machine-types";
import { KARPENTER_AMI_RELEASES, type AmiRelease } from "../catalog/karpenter";
import { versionTable } from "../catalog/kubernetes-versions";
import { compareGkeVersions, GKE_COMPUTE_CLASS_MIN_VERSION } from "../catalog/gke-compute-class";
import { poolNodeOs } from "./gpu-pools";
import type { GpuPoolConfig, RegionConfig } from "./schema";

/**
 * The capacity model of a GPU pool, one owner for every layer: which instance types and
 * which capacity types, in which order, and how many GPUs at most. Karpenter NodePools,
 * GKE ComputeClasses, cost and plan-diff all read it from here.
 */

/** A capacity type (`spot`, `on-demand`). */
export type CapacityType = NonNullable<GpuPoolConfig["capacityType"]>;

/** The pool's capacity types in order of preference (`capacityTypes`, else `[capacityType]`, else on-demand). */
export function poolCapacityTypes(pool: Pick<GpuPoolConfig, "capacityType" | "capacityTypes">): readonly CapacityType[] {
  return pool.capacityTypes ?? [pool.capacityType ?? "on-demand"];
}

/** The pool's instance types in order of preference: `instanceType`, then `fallbackInstanceTypes`. */
export function poolInstanceTypes(pool: Pick<GpuPoolConfig, "instanceType" | "fallbackInstanceTypes">): readonly string[] {
  return [pool.instanceType, ...pool.fallbackInstanceTypes];
}

/**
 * The pool's GPU ceiling: `maxNodes` nodes of the preferred type. It is the Karpenter
 * NodePool's `nvidia.com/gpu` limit over every type and capacity type; since each fallback
 * type has at least the preferred type's GPUs, no more than `maxNodes` nodes fit under it.
 */
export function poolMaxGpus(cloud: RegionConfig["cloud"], pool: GpuPoolConfig): number {
  return pool.maxNodes * (machineFacts(cloud, pool.instanceType)?.gpuCount ?? 0);
}

/** One step of a pool's fallback order: a machine type with a capacity type. */
export interface PoolPriority {
  readonly instanceType: string;
  readonly capacityType: CapacityType;
}

/**
 * The pool's fallback order as GKE's ComputeClass lists it: the preferred type in each
 * capacity type in turn, then each fallback type likewise (`g2-standard-24` spot,
 * `g2-standard-24` on-demand, `g2-standard-48` spot, ...). The first entry is the pool's
 * first node pool.
 */
export function poolPriorities(pool: Pick<GpuPoolConfig, "instanceType" | "fallbackInstanceTypes" | "capacityType" | "capacityTypes">): readonly PoolPriority[] {
  return poolInstanceTypes(pool).flatMap((instanceType) => poolCapacityTypes(pool).map((capacityType) => ({ instanceType, capacityType })));
}

/** Rules of the capacity model: per pool, its fallback types and capacity types against the catalog. */
export const checkCapacity = regionRule([], ["cloud", "region", "network", "gpuPools"], (_settings, { file, region }) => {
  const errors: ConfigError[] = [];
  region.gpuPools.forEach((pool, i) => {
    const at = `gpuPools[${i}]`;
    const report = (path: string, message: string) => errors.push({ file, path: `${at}.${path}`, message });
    if (pool.capacityType !== undefined && pool.capacityTypes !== undefined) {
      report("capacityTypes", `set either capacityType or capacityTypes, not both, got capacityType ${show(pool.capacityType)} and capacityTypes ${show(pool.capacityTypes)}`);
    }
    const capacity = poolCapacityTypes(pool);
    if (new Set(capacity).size !== capacity.length) report("capacityTypes", `must not repeat a capacity type, got ${show(capacity)}`);
    // Karpenter prefers spot over on-demand whenever a NodePool allows both
    // (docs/concepts/nodepools.md at v1.14.1), so on AWS that is the only order with both.
    const model = CAPACITY_MODEL[region.cloud];
    if (model.twoCapacityTypes === "spot-first" && capacity.length === 2 && capacity[0] === "on-demand") {
      report("capacityTypes", `on AWS must be ["spot", "on-demand"], ["spot"] or ["on-demand"]: Karpenter always tries spot first when a NodePool allows both, got ${show(capacity)}`);
    }
    if (model.twoCapacityTypes === "none" && capacity.length > 1) {
      report("capacityTypes", `must hold one capacity type on ${CLOUD_LABELS[region.cloud].name}: ${model.why}, got ${show(capacity)}`);
    }
    if (!model.fallbackTypes && pool.fallbackInstanceTypes.length > 0) {
      report("fallbackInstanceTypes", `must be empty on ${CLOUD_LABELS[region.cloud].name}: ${model.why}, got ${show(pool.fallbackInstanceTypes)}`);
    }

    const primary = machineFacts(region.cloud, pool.instanceType);
    const types = poolInstanceTypes(pool);
    types.forEach((type, j) => {
      const path = j === 0 ? "instanceType" : `fallbackInstanceTypes[${j - 1}]`;
      if (types.indexOf(type) !== j) {
        report(path, `must not repeat an instance type, got ${show(type)} twice`);
        return;
      }
      const facts = machineFacts(region.cloud, type);
      if (j > 0) {
        if (!facts || facts.gpuCount === 0) {
          report(path, `must be a ${region.cloud.toUpperCase()} GPU type from catalog/${region.cloud}.ts, got ${show(type)}`);
          return;
        }
        if (facts.gpu !== pool.gpu) report(path, `must have the pool's GPU (${pool.gpu}), ${type} has ${facts.gpu}, got ${show(type)}`);
        if (primary && (facts.gpuCount < primary.gpuCount || facts.vcpus < primary.vcpus || facts.memoryGiB < primary.memoryGiB)) {
          report(path, `must have at least the GPUs, vCPUs and memory of ${pool.instanceType} (${primary.gpuCount} GPUs, ${primary.vcpus} vCPUs, ${primary.memoryGiB} GiB; workers are sized for it), ` +
            `${type} has ${facts.gpuCount}, ${facts.vcpus}, ${facts.memoryGiB} GiB, got ${show(type)}`);
        }
        const order = FALLBACK_ORDER_PROBLEM[region.cloud]?.(types[j - 1], type);
        if (order) report(path, `${order}, got ${show(type)}`);
        const problem = OFFER_PROBLEM[region.cloud]({ region: region.region, zones: region.network.zones, gpu: pool.gpu, type });
        if (problem) report(path, `${problem.message}, got ${show(type)}`);
      }
      if (facts && capacity.includes("spot") && !soldAsSpot(region.cloud, type)) {
        report(path, `${type} is not sold as spot; drop "spot" from the capacity types or this type, got capacity types ${show(capacity)}`);
      }
    });
  });
  return errors;
});

/** The pinned facts {@link capacityVersionsRule} judges a version against (a parameter, so tests pin them). */
export interface CapacityVersionFacts {
  readonly amiReleases: Readonly<Record<"al2023-nvidia" | "bottlerocket-nvidia", AmiRelease>>;
  readonly gkeMinVersion: string;
}

/**
 * Per cloud, why the machinery that launches GPU nodes cannot serve Kubernetes `version`
 * (messages after the field path; none when it can). A new cloud fills its row: what its
 * GPU capacity needs from the version (an image per version, a minimum version), or
 * nothing when the cloud picks its node images itself.
 */
export const CAPACITY_VERSION_PROBLEMS: Readonly<Record<Cloud, (version: string, region: Pick<RegionConfig, "gpuPools">, facts: CapacityVersionFacts) => string[]>> = {
  // Karpenter resolves each GPU node OS's AMI alias per Kubernetes version and launches nothing without one.
  aws: (version, region, facts) => [...new Set(region.gpuPools.map((pool) => poolNodeOs("aws", pool)))].flatMap((os) => {
    // Only Karpenter's AMI families have a pinned release; another OS is the node-OS rule's to refuse.
    if (!Object.prototype.hasOwnProperty.call(facts.amiReleases, os)) return [];
    const release = facts.amiReleases[os as keyof typeof facts.amiReleases];
    return release.kubernetesVersions.includes(version) ? [] :
      [`the pinned ${os} AMI release ${release.alias} (KARPENTER_AMI_RELEASES in catalog/karpenter.ts) has no NVIDIA image for Kubernetes ${version}, so Karpenter would launch no GPU node; ` +
        `use one of ${release.kubernetesVersions.join(", ")} or move the pin to a release that ships ${version}, got ${show(version)}`];
  }),
  // Each GKE GPU pool gets a custom ComputeClass.
  gcp: (version, _region, facts) => compareGkeVersions(version, facts.gkeMinVersion) >= 0 ? [] :
    [`GKE GPU pools are served through custom ComputeClasses, which need GKE ${facts.gkeMinVersion} or later (catalog/gke-compute-class.ts; a minor alone counts as its first patch), got ${show(version)}`],
  // AKS picks the node image for the cluster's version; the pool's nodeOs is aks-ubuntu only.
  azure: () => [],
};

/**
 * The cluster's Kubernetes version must be one the pool's capacity machinery supports
 * ({@link CAPACITY_VERSION_PROBLEMS}: on EKS, the pinned AMI release of each GPU node OS
 * ships an NVIDIA image for it; on GKE, the version has custom ComputeClasses). A version
 * the catalog does not know is left to `checkKubernetesVersion`, which already refuses it.
 */
export function capacityVersionsRule(facts: CapacityVersionFacts) {
  return regionRule([], ["cloud", "cluster", "gpuPools"], (_settings, { file, region }) => {
    const version = region.cluster.kubernetesVersion;
    if (!Object.prototype.hasOwnProperty.call(versionTable(region.cloud), version)) return [];
    return CAPACITY_VERSION_PROBLEMS[region.cloud](version, region, facts).map((message) => ({ file, path: "cluster.kubernetesVersion", message }));
  });
}

/** {@link capacityVersionsRule} with the pinned AMI releases and GKE's documented ComputeClass minimum. */
export const checkCapacityVersions = capacityVersionsRule({ amiReleases: KARPENTER_AMI_RELEASES, gkeMinVersion: GKE_COMPUTE_CLASS_MIN_VERSION });
