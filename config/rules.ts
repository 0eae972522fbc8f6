import { AWS_INSTANCE_TYPES, AWS_REGIONS, EKS_VERSIONS, awsInstanceFamily, type AwsInstanceType } from "../catalog/aws";
import { GCP_MACHINE_TYPES, GCP_REGIONS, GKE_VERSIONS, type GcpMachineType } from "../catalog/gcp";
import { GPUS, type GpuModel } from "../catalog/gpus";
import { MODELS } from "../catalog/models";
import { cidrsOverlap, MAX_ZONES, parseCidr } from "./cidr";
import { show, type ConfigError } from "./errors";
import { derivedNames } from "./names";
import type { PlatformSettings, RegionConfig } from "./schema";

/**
 * Rules that relate fields, regions and catalog facts. Each is a pure function of the
 * parsed input that returns every problem it finds; none throws.
 */

/** A region that passed the schema, with the file it came from. */
export interface SourcedRegion {
  readonly file: string;
  readonly region: RegionConfig;
}

type Report = (path: string, message: string) => void;

const OPEN_WORLD = "0.0.0.0/0";

/** The instance or machine type facts for a region's cloud, or undefined when unknown. */
export function machineFacts(cloud: RegionConfig["cloud"], type: string): AwsInstanceType | GcpMachineType | undefined {
  const table: Record<string, AwsInstanceType | GcpMachineType> = cloud === "aws" ? AWS_INSTANCE_TYPES : GCP_MACHINE_TYPES;
  return Object.prototype.hasOwnProperty.call(table, type) ? table[type] : undefined;
}

function list(values: readonly string[]): string {
  return values.join(", ");
}

/** Rules within one region file. */
export function checkRegion(settings: PlatformSettings, { file, region }: SourcedRegion): ConfigError[] {
  const errors: ConfigError[] = [];
  const report: Report = (path, message) => errors.push({ file, path, message });
  // With its article: "an AWS region", "a GCP region".
  const cloudLabel = region.cloud === "aws" ? "an AWS" : "a GCP";

  // Cloud region and zones.
  const regionZones = region.cloud === "aws"
    ? AWS_REGIONS[region.region]?.zones
    : GCP_REGIONS[region.region] && Object.keys(GCP_REGIONS[region.region].zones);
  if (!regionZones) {
    const known = Object.keys(region.cloud === "aws" ? AWS_REGIONS : GCP_REGIONS);
    report("region", `must be ${cloudLabel} region in catalog/${region.cloud}.ts (${list(known)}), got ${show(region.region)}`);
  } else {
    region.network.zones.forEach((zone, i) => {
      if (!regionZones.includes(zone)) {
        report(`network.zones[${i}]`, `must be a zone of ${region.region} (${list(regionZones)}), got ${show(zone)}`);
      } else if (region.network.zones.indexOf(zone) !== i) {
        report(`network.zones[${i}]`, `must not repeat a zone, got ${show(zone)} twice`);
      }
    });
  }
  if (region.network.zones.length > MAX_ZONES) {
    report("network.zones", `must list at most ${MAX_ZONES} zones, got ${region.network.zones.length}`);
  }
  if (region.cloud === "aws" && region.network.zones.length < 2) {
    report("network.zones", `must list at least 2 zones (EKS needs subnets in two), got ${region.network.zones.length}`);
  }

  // Network and endpoints.
  const block = parseCidr(region.network.cidr);
  if (block && (block.prefix < 16 || block.prefix > 20)) {
    report("network.cidr", `must have a prefix between /16 and /20, got ${show(region.network.cidr)}`);
  }
  region.cluster.endpointAllowedCidrs.forEach((c, i) => {
    if (c === OPEN_WORLD) {
      report(`cluster.endpointAllowedCidrs[${i}]`, `must not open the Kubernetes API to the internet; list your deploy runners' ranges, got ${show(c)}`);
    }
  });
  region.serving.allowedSourceCidrs.forEach((c, i) => {
    if (c === OPEN_WORLD && !region.serving.public) {
      report(`serving.allowedSourceCidrs[${i}]`, `opens the serving endpoint to the internet; set serving.public: true to mean it, got ${show(c)}`);
    }
  });

  // Kubernetes version.
  const versions: readonly string[] = region.cloud === "aws" ? EKS_VERSIONS : GKE_VERSIONS;
  if (!versions.includes(region.cluster.kubernetesVersion)) {
    report("cluster.kubernetesVersion", `must be a supported ${region.cloud === "aws" ? "EKS" : "GKE"} version (${list(versions)}), got ${show(region.cluster.kubernetesVersion)}`);
  }

  // System pool.
  const sys = machineFacts(region.cloud, region.systemPool.instanceType);
  if (!sys) {
    report("systemPool.instanceType", `must be ${cloudLabel} type in catalog/${region.cloud}.ts without GPUs, got ${show(region.systemPool.instanceType)}`);
  } else if (sys.gpuCount > 0) {
    report("systemPool.instanceType", `must be a type without GPUs (GPU types belong in gpuPools), got ${show(region.systemPool.instanceType)}`);
  }
  if (region.systemPool.maxNodes < region.systemPool.minNodes) {
    report("systemPool.maxNodes", `must be >= minNodes (${region.systemPool.minNodes}), got ${region.systemPool.maxNodes}`);
  }

  const poolNames = region.gpuPools.map((p) => p.name);
  region.gpuPools.forEach((pool, i) => checkGpuPool(region, pool, `gpuPools[${i}]`, regionZones, report));
  poolNames.forEach((name, i) => {
    if (poolNames.indexOf(name) !== i) report(`gpuPools[${i}].name`, `must be unique within the region, got ${show(name)} twice`);
  });

  // Models: catalog, pool and replica bounds (sizing lives with the serving layer's rules).
  const modelNames = region.models.map((m) => m.name);
  region.models.forEach((m, i) => {
    if (modelNames.indexOf(m.name) !== i) report(`models[${i}].name`, `must be unique within the region, got ${show(m.name)} twice`);
    if (!Object.prototype.hasOwnProperty.call(MODELS, m.model)) {
      report(`models[${i}].model`, `must be a model in catalog/models.ts (${list(Object.keys(MODELS))}), got ${show(m.model)}`);
    }
    if (!poolNames.includes(m.pool)) {
      report(`models[${i}].pool`, `must name a GPU pool of this region (${list(poolNames)}), got ${show(m.pool)}`);
    }
    if (m.maxReplicas < m.minReplicas) {
      report(`models[${i}].maxReplicas`, `must be >= minReplicas (${m.minReplicas}), got ${m.maxReplicas}`);
    }
  });

  // Every derived physical name fits its service's limit.
  for (const n of derivedNames(settings.name, region)) {
    if (n.value.length > n.maxLength) {
      report("name", `is too long: the ${n.what} ${show(n.value)} has ${n.value.length} characters, at most ${n.maxLength} allowed; shorten the region or platform name`);
    }
  }
  return errors;
}

function checkGpuPool(
  region: RegionConfig,
  pool: RegionConfig["gpuPools"][number],
  at: string,
  regionZones: readonly string[] | undefined,
  report: Report,
): void {
  const facts = machineFacts(region.cloud, pool.instanceType);
  if (!facts || facts.gpuCount === 0) {
    const gpuTypes = Object.entries(region.cloud === "aws" ? AWS_INSTANCE_TYPES : GCP_MACHINE_TYPES)
      .filter(([, t]) => (t as { gpu?: string }).gpu === pool.gpu)
      .map(([name]) => name);
    report(`${at}.instanceType`, `must be a ${region.cloud.toUpperCase()} GPU type from the catalog (for ${pool.gpu}: ${list(gpuTypes) || "none"}), got ${show(pool.instanceType)}`);
  } else if (facts.gpu !== pool.gpu) {
    report(`${at}.gpu`, `must match the GPUs of ${pool.instanceType} (${facts.gpu}), got ${show(pool.gpu)}`);
  } else if (region.cloud === "aws") {
    const offer = AWS_REGIONS[region.region];
    const family = awsInstanceFamily(pool.instanceType);
    if (offer && !offer.gpuFamilies.includes(family)) {
      report(`${at}.instanceType`, `${family} is not offered in ${region.region} (offered: ${list(offer.gpuFamilies)}), got ${show(pool.instanceType)}`);
    }
    if (pool.capacityType === "spot" && (facts as AwsInstanceType).spot === false) {
      report(`${at}.capacityType`, `${pool.instanceType} is not sold as spot; use on-demand, got "spot"`);
    }
  } else if (regionZones) {
    const offer = GCP_REGIONS[region.region];
    const lacking = region.network.zones.filter((z) => offer.zones[z] && !offer.zones[z].includes(pool.gpu as never));
    if (lacking.length > 0) {
      report(`${at}.gpu`, `${pool.gpu} is not offered in zone(s) ${list(lacking)} of ${region.region}; use a GPU every zone offers or drop those zones, got ${show(pool.gpu)}`);
    }
  }

  if (pool.maxNodes < pool.minNodes) {
    report(`${at}.maxNodes`, `must be >= minNodes (${pool.minNodes}), got ${pool.maxNodes}`);
  }
  const allowedOs = region.cloud === "aws" ? ["al2023-nvidia", "bottlerocket-nvidia"] : ["cos"];
  if (pool.nodeOs !== undefined && !allowedOs.includes(pool.nodeOs)) {
    report(`${at}.nodeOs`, `must be one of ${list(allowedOs)} on ${region.cloud.toUpperCase()}, got ${show(pool.nodeOs)}`);
  }
  if (pool.driverManagement === "gpu-operator" && region.cloud === "aws") {
    report(`${at}.driverManagement`, `must be "cloud" on AWS (the EKS NVIDIA AMIs ship the driver), got "gpu-operator"`);
  }
  checkSharing(pool, `${at}.sharing`, report);
}

function checkSharing(pool: RegionConfig["gpuPools"][number], at: string, report: Report): void {
  const { mode, replicas, strategy, profile } = pool.sharing;
  if (mode === "time-slicing" && replicas === undefined) {
    report(`${at}.replicas`, `is required for time-slicing (pods per GPU, 2..48), got nothing`);
  }
  if (mode !== "time-slicing" && replicas !== undefined) {
    report(`${at}.replicas`, `is only allowed with mode "time-slicing", got ${replicas} with mode ${show(mode)}`);
  }
  if (mode !== "mig") {
    if (strategy !== undefined) report(`${at}.strategy`, `is only allowed with mode "mig", got ${show(strategy)}`);
    if (profile !== undefined) report(`${at}.profile`, `is only allowed with mode "mig", got ${show(profile)}`);
    return;
  }
  const gpu: GpuModel = GPUS[pool.gpu as keyof typeof GPUS];
  const profiles = Object.keys(gpu.migProfiles);
  if (profiles.length === 0) {
    report(`${at}.mode`, `${pool.gpu} does not support MIG (MIG GPUs: ${list(Object.keys(GPUS).filter((g) => Object.keys(GPUS[g as keyof typeof GPUS].migProfiles).length > 0))}), got "mig"`);
    return;
  }
  if (strategy === undefined) report(`${at}.strategy`, `is required for mig (single or mixed), got nothing`);
  if (profile === undefined) {
    report(`${at}.profile`, `is required for mig (${pool.gpu}: ${list(profiles)}), got nothing`);
  } else if (!profiles.includes(profile)) {
    report(`${at}.profile`, `must be a MIG profile of ${pool.gpu} (${list(profiles)}), got ${show(profile)}`);
  }
}

/**
 * Rules across regions and settings. `dir` names the regions folder in messages.
 * `complete` is false when some region failed the schema: rules that count over all
 * regions (one hub, one primary) are then skipped, since the missing region may be the one.
 */
export function checkPlatform(
  settings: PlatformSettings,
  settingsFile: string,
  regions: readonly SourcedRegion[],
  dir: string,
  complete = true,
): ConfigError[] {
  const errors: ConfigError[] = [];

  regions.forEach(({ file, region }, i) => {
    const first = regions.findIndex((r) => r.region.name === region.name);
    if (first !== i) {
      errors.push({ file, path: "name", message: `must be unique across regions (also in ${regions[first].file}), got ${show(region.name)}` });
    }
    for (const other of regions.slice(0, i)) {
      if (cidrsOverlap(region.network.cidr, other.region.network.cidr)) {
        errors.push({
          file,
          path: "network.cidr",
          message: `must not overlap ${other.file} (${other.region.network.cidr}); regions are connected, got ${show(region.network.cidr)}`,
        });
      }
    }
  });

  if (regions.length === 0 && complete) {
    errors.push({ file: dir, path: "", message: "must hold at least one region file, got none" });
  }
  if (regions.length === 0 || !complete) return [...errors, ...checkSettings(settings, settingsFile, regions)];

  const hubs = regions.filter((r) => r.region.observabilityHub);
  if (hubs.length !== 1) {
    errors.push({
      file: dir,
      path: "observabilityHub",
      message: `exactly one region must be the observability hub, got ${hubs.length === 0 ? "none" : list(hubs.map((h) => h.file))}`,
    });
  }

  const primaries = regions.filter((r) => r.region.traffic.priority === 1);
  if (primaries.length === 0) {
    errors.push({ file: dir, path: "traffic.priority", message: "exactly one region must have priority 1 (the primary), got none" });
  }
  regions.forEach(({ file, region }, i) => {
    const first = regions.findIndex((r) => r.region.traffic.priority === region.traffic.priority);
    if (first !== i) {
      errors.push({ file, path: "traffic.priority", message: `must be unique across regions (${regions[first].file} has it too), got ${region.traffic.priority}` });
    }
  });
  if (settings.traffic.routing === "weighted" && regions.every((r) => r.region.traffic.weight === 0)) {
    errors.push({ file: dir, path: "traffic.weight", message: "weighted routing needs at least one region with weight > 0, got all 0" });
  }

  return [...errors, ...checkSettings(settings, settingsFile, regions)];
}

function checkSettings(settings: PlatformSettings, settingsFile: string, regions: readonly SourcedRegion[]): ConfigError[] {
  const errors: ConfigError[] = [];
  const usesGcp = regions.some((r) => r.region.cloud === "gcp") || settings.dns.authority === "cloud-dns";
  if (usesGcp && !settings.gcp) {
    errors.push({ file: settingsFile, path: "gcp", message: "is required when a region is on GCP or DNS is on Cloud DNS (projectId, projectNumber), got nothing" });
  }
  const sb = settings.stateBackend;
  if (sb.type !== "local" && !sb.bucket) {
    errors.push({ file: settingsFile, path: "stateBackend.bucket", message: `is required for the ${sb.type} backend, got nothing` });
  }
  if (sb.type === "s3" && !sb.region) {
    errors.push({ file: settingsFile, path: "stateBackend.region", message: "is required for the s3 backend, got nothing" });
  }
  if (sb.type !== "s3" && (sb.region !== undefined || sb.kmsKeyId !== undefined)) {
    errors.push({ file: settingsFile, path: "stateBackend", message: `region and kmsKeyId apply to the s3 backend only, got them with ${show(sb.type)}` });
  }
  return errors;
}
