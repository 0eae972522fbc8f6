import { CLOUD_LABELS } from "../catalog/cloud";
import { GPUS, type GpuModel } from "../catalog/gpus";
import { catalogRegions, machineType, machineTypesWithGpu, regionZones } from "../catalog/machine-types";
import { MODELS } from "../catalog/models";
import { checkCloudSettings } from "./account-rules";
import { MIN_ZONES, OFFER_PROBLEM } from "./cloud-offers";
import { CLOUD_NODE_OSES, operatorCanInstallDriver } from "./gpu-pools";
import { cidrsOverlap, coversAllIpv4, MAX_ZONES, parseCidr } from "./cidr";
import { show, type ConfigError } from "./errors";
import { derivedNames, SYSTEM_POOL } from "./names";
import { knows, regionRule, type Parsed, type ParsedRegion } from "./rule";
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

function list(values: readonly string[]): string {
  return values.join(", ");
}

/** The cloud region exists in the catalog; zones belong to it; the network block is sized. */
export const checkLocation = regionRule([], ["cloud", "region", "network"], (_s, { file, region }) => {
  const errors: ConfigError[] = [];
  const report: Report = (path, message) => errors.push({ file, path, message });
  const regionZones = zonesOf(region);
  if (!regionZones) {
    const known = catalogRegions(region.cloud);
    report("region", `must be ${cloudLabel(region.cloud)} region in catalog/${region.cloud}.ts (${list(known)}), got ${show(region.region)}`);
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
  const minZones = MIN_ZONES[region.cloud];
  if (minZones && region.network.zones.length < minZones.count) {
    report("network.zones", `must list at least ${minZones.count} zones (${minZones.why}), got ${region.network.zones.length}`);
  }
  const block = parseCidr(region.network.cidr);
  if (block && (block.prefix < 16 || block.prefix > 20)) {
    report("network.cidr", `must have a prefix between /16 and /20, got ${show(region.network.cidr)}`);
  }
  return errors;
});

/**
 * Address lists that must stay closed: the Kubernetes API allow-list always, the serving
 * allow-list unless `serving.public` says otherwise. A list is open when it holds
 * 0.0.0.0/0 or when its blocks together cover every IPv4 address (0.0.0.0/1 + 128.0.0.0/1).
 */
export const checkEndpoints = regionRule([], ["cluster", "serving"], (_s, { file, region }) => {
  const errors: ConfigError[] = [];
  const api = region.cluster.endpointAllowedCidrs;
  const apiOpen = openToWorld(api);
  if (apiOpen) {
    errors.push({
      file,
      path: apiOpen.index === undefined ? "cluster.endpointAllowedCidrs" : `cluster.endpointAllowedCidrs[${apiOpen.index}]`,
      message: `must not open the Kubernetes API to the internet${apiOpen.how}; list your deploy runners' ranges, got ${show(apiOpen.index === undefined ? api : api[apiOpen.index])}`,
    });
  }
  const serving = region.serving.allowedSourceCidrs;
  const servingOpen = region.serving.public ? undefined : openToWorld(serving);
  if (servingOpen) {
    errors.push({
      file,
      path: servingOpen.index === undefined ? "serving.allowedSourceCidrs" : `serving.allowedSourceCidrs[${servingOpen.index}]`,
      message: `opens the serving endpoint to the internet${servingOpen.how}; list your clients' ranges or set serving.public: true to mean it, got ${show(servingOpen.index === undefined ? serving : serving[servingOpen.index])}`,
    });
  }
  return errors;
});

/** How a CIDR list opens to the world: the index of a literal 0.0.0.0/0, or a union that covers all. */
function openToWorld(cidrs: readonly string[]): { index?: number; how: string } | undefined {
  const index = cidrs.indexOf(OPEN_WORLD);
  if (index >= 0) return { index, how: "" };
  return coversAllIpv4(cidrs) ? { how: " (together these blocks cover every IPv4 address, as 0.0.0.0/0 does)" } : undefined;
}

// The Kubernetes version is judged against the day of synth: checkKubernetesVersion in account-rules.ts.

/** The system pool is a catalog type without GPUs, with a sane size range. */
export const checkSystemPool = regionRule([], ["cloud", "systemPool"], (_s, { file, region }) => {
  const errors: ConfigError[] = [];
  const sys = machineType(region.cloud, region.systemPool.instanceType);
  if (!sys) {
    errors.push({ file, path: "systemPool.instanceType", message: `must be ${cloudLabel(region.cloud)} type in catalog/${region.cloud}.ts without GPUs, got ${show(region.systemPool.instanceType)}` });
  } else if (sys.gpuCount > 0) {
    errors.push({ file, path: "systemPool.instanceType", message: `must be a type without GPUs (GPU types belong in gpuPools), got ${show(region.systemPool.instanceType)}` });
  }
  if (region.systemPool.maxNodes < region.systemPool.minNodes) {
    errors.push({ file, path: "systemPool.maxNodes", message: `must be >= minNodes (${region.systemPool.minNodes}), got ${region.systemPool.maxNodes}` });
  }
  return errors;
});

/** Every GPU pool: catalog type and GPU, offer in the region, size range, OS, driver, sharing. */
export const checkGpuPools = regionRule([], ["cloud", "region", "network", "gpuPools"], (_s, { file, region }) => {
  const errors: ConfigError[] = [];
  const report: Report = (path, message) => errors.push({ file, path, message });
  const regionZones = zonesOf(region);
  region.gpuPools.forEach((pool, i) => checkGpuPool(region, pool, `gpuPools[${i}]`, regionZones, report));
  const poolNames = region.gpuPools.map((p) => p.name);
  poolNames.forEach((name, i) => {
    if (poolNames.indexOf(name) !== i) report(`gpuPools[${i}].name`, `must be unique within the region, got ${show(name)} twice`);
  });
  return errors;
});

/** Models: in the catalog, on a pool of this region, replica bounds in order (sizing is in sizing.ts). */
export const checkModels = regionRule([], ["models", "gpuPools"], (_s, { file, region }) => {
  const errors: ConfigError[] = [];
  const report: Report = (path, message) => errors.push({ file, path, message });
  const poolNames = region.gpuPools.map((p) => p.name);
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
  return errors;
});

/**
 * Every derived physical name fits its service's limit, and no two derived names of one
 * kind are equal (a GPU pool named `system` would share the system pool's node group and
 * its `llm-platform.dev/pool` node label).
 */
export const checkDerivedNames = regionRule(["name"], ["name", "cloud", "gpuPools"], (settings, { file, region }) => {
  const errors: ConfigError[] = [];
  const names = derivedNames(settings.name, region);
  for (const n of names) {
    // A name that is the pool's own name (AKS node pools) is fixed by renaming the pool.
    const ownPoolName = n.pool !== undefined && n.value === region.gpuPools[n.pool].name;
    const path = ownPoolName ? `gpuPools[${n.pool}].name` : "name";
    const rename = ownPoolName ? "the pool name" : "the region or platform name";
    if (n.value.length > n.maxLength) {
      errors.push({ file, path, message: `is too long: the ${n.what} ${show(n.value)} has ${n.value.length} characters, at most ${n.maxLength} allowed; shorten ${rename}` });
    }
    if (n.pattern && !n.pattern.re.test(n.value)) {
      errors.push({ file, path, message: `makes the ${n.what} ${show(n.value)}, which must be ${n.pattern.says}; change ${rename}` });
    }
  }
  region.gpuPools.forEach((pool, i) => {
    const mine = names.find((n) => n.pool === i);
    const clash = mine && names.find((n) => n !== mine && n.what === mine.what && n.value === mine.value && n.pool === undefined);
    if (mine && clash) {
      errors.push({
        file,
        path: `gpuPools[${i}].name`,
        message: `makes the ${mine.what} ${show(mine.value)}, which the ${clash.owner} already has; pick another pool name (${show(SYSTEM_POOL)} is reserved), got ${show(pool.name)}`,
      });
    }
  });
  return errors;
});

/** The rules over one region file, in the order messages appear. */
export const REGION_FILE_RULES = [
  checkLocation, checkEndpoints, checkSystemPool, checkGpuPools, checkModels, checkDerivedNames,
] as const;

/** Every rule of {@link REGION_FILE_RULES} on one region that parsed whole. */
export function checkRegion(settings: PlatformSettings, region: SourcedRegion): ConfigError[] {
  return REGION_FILE_RULES.flatMap((rule) => rule.run(settings, region));
}

/** The cloud's name with its article, as messages say it: `an AWS`, `a GCP`, `an Azure`. */
function cloudLabel(cloud: RegionConfig["cloud"]): string {
  return `${CLOUD_LABELS[cloud].article} ${CLOUD_LABELS[cloud].name}`;
}

/** The zones of the region in the catalog, or undefined when the region is unknown. */
function zonesOf(region: Pick<RegionConfig, "cloud" | "region">): readonly string[] | undefined {
  return regionZones(region.cloud, region.region);
}

function checkGpuPool(
  region: Pick<RegionConfig, "cloud" | "region" | "network">,
  pool: RegionConfig["gpuPools"][number],
  at: string,
  regionZones: readonly string[] | undefined,
  report: Report,
): void {
  const facts = machineType(region.cloud, pool.instanceType);
  if (!facts || facts.gpuCount === 0) {
    const gpuTypes = machineTypesWithGpu(region.cloud, pool.gpu);
    report(`${at}.instanceType`, `must be ${cloudLabel(region.cloud)} GPU type from the catalog (for ${pool.gpu}: ${list(gpuTypes) || "none"}), got ${show(pool.instanceType)}`);
  } else if (facts.gpu !== pool.gpu) {
    report(`${at}.gpu`, `must match the GPUs of ${pool.instanceType} (${facts.gpu}), got ${show(pool.gpu)}`);
  } else if (regionZones) {
    const problem = OFFER_PROBLEM[region.cloud]({ region: region.region, zones: region.network.zones, gpu: pool.gpu, type: pool.instanceType });
    if (problem) report(`${at}.${problem.field}`, `${problem.message}, got ${show(problem.field === "gpu" ? pool.gpu : pool.instanceType)}`);
  }

  if (pool.maxNodes < pool.minNodes) {
    report(`${at}.maxNodes`, `must be >= minNodes (${pool.minNodes}), got ${pool.maxNodes}`);
  }
  const allowedOs = CLOUD_NODE_OSES[region.cloud].allowed;
  if (pool.nodeOs !== undefined && !allowedOs.includes(pool.nodeOs)) {
    report(`${at}.nodeOs`, `must be one of ${list(allowedOs)} on ${CLOUD_LABELS[region.cloud].name}, got ${show(pool.nodeOs)}`);
  } else if (pool.driverManagement === "gpu-operator" && !operatorCanInstallDriver(pool.nodeOs ?? CLOUD_NODE_OSES[region.cloud].default)) {
    report(`${at}.driverManagement`, `must be "cloud" on ${CLOUD_LABELS[region.cloud].name} (the ${CLOUD_LABELS[region.cloud].kubernetes} NVIDIA AMIs ship the driver), got "gpu-operator"`);
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
 * Rules across regions, each over the regions whose fields it reads parsed. `complete`
 * is false when some region file failed to load: a rule that counts over all regions
 * (one hub, one primary) then reports only what no missing region could change (two
 * hubs, not none). `dir` names the regions folder in messages.
 */
export function checkPlatform(
  parsedSettings: Parsed<PlatformSettings>,
  settingsFile: string,
  regions: readonly ParsedRegion[],
  dir: string,
  complete = true,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const settings = parsedSettings.value;
  const withAll = <K extends keyof RegionConfig>(fields: readonly K[]) =>
    regions.filter((r) => knows(r.known, fields)) as unknown as { file: string; region: Pick<RegionConfig, K> }[];
  const allKnow = (fields: readonly (keyof RegionConfig)[]) => complete && regions.every((r) => knows(r.known, fields));

  const named = withAll(["name"]);
  named.forEach(({ file, region }, i) => {
    const first = named.findIndex((r) => r.region.name === region.name);
    if (first !== i) {
      errors.push({ file, path: "name", message: `must be unique across regions (also in ${named[first].file}), got ${show(region.name)}` });
    }
  });
  const networks = withAll(["network"]);
  networks.forEach(({ file, region }, i) => {
    for (const other of networks.slice(0, i)) {
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

  if (parsedSettings.known.has("observability")) {
    errors.push(...checkObservabilityHubs(parsedSettings.value.observability!, settingsFile, withAll(["name", "cloud"]), allKnow(["name", "cloud"])));
  }

  const routed = withAll(["traffic"]);
  if (regions.length > 0 && allKnow(["traffic"]) && !routed.some((r) => r.region.traffic.priority === 1)) {
    errors.push({ file: dir, path: "traffic.priority", message: "exactly one region must have priority 1 (the primary), got none" });
  }
  routed.forEach(({ file, region }, i) => {
    const first = routed.findIndex((r) => r.region.traffic.priority === region.traffic.priority);
    if (first !== i) {
      errors.push({ file, path: "traffic.priority", message: `must be unique across regions (${routed[first].file} has it too), got ${region.traffic.priority}` });
    }
  });
  if (settings.traffic?.routing === "weighted" && regions.length > 0 && allKnow(["traffic"]) && routed.every((r) => r.region.traffic.weight === 0)) {
    errors.push({ file: dir, path: "traffic.weight", message: "weighted routing needs at least one region with weight > 0, got all 0" });
  }

  return [...errors, ...checkSettings(parsedSettings, settingsFile, withAll(["cloud"]))];
}

/**
 * Two hubs, each an existing region, in different regions, and in different clouds when
 * the platform spans two: losing one region (or one cloud) leaves a hub; and a receiver
 * for their alerts.
 */
export function checkObservabilityHubs(
  observability: PlatformSettings["observability"],
  settingsFile: string,
  regions: readonly { readonly region: Pick<RegionConfig, "name" | "cloud"> }[],
  allRegionsKnown = true,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const { hubs, alertReceiver } = observability;
  const names = regions.map((r) => r.region.name);
  if (!hubs) {
    errors.push({
      file: settingsFile,
      path: "observability.hubs",
      message: `must name a primary and a standby hub region, e.g. { primary: ${show(names[0])}${names[1] ? `, standby: ${show(names[1])}` : ""} }; the hubs federate every region and run Grafana and the clustered Alertmanager, got nothing`,
    });
  } else {
    if (hubs.standby === undefined && new Set(names).size > 1) {
      errors.push({ file: settingsFile, path: "observability.hubs.standby", message: `must name a second hub region, so losing the primary's region leaves a hub (one of ${names.filter((n) => n !== hubs.primary).join(", ")}), got nothing` });
    }
    for (const role of ["primary", "standby"] as const) {
      const name = hubs[role];
      // Only when every region parsed (the hub may be in a region file that failed), and
      // when there are regions at all (none is its own error).
      if (name !== undefined && allRegionsKnown && names.length > 0 && !names.includes(name)) {
        errors.push({ file: settingsFile, path: `observability.hubs.${role}`, message: `must be one of the regions (${names.join(", ")}), got ${show(name)}` });
      }
    }
    const primary = regions.find((r) => r.region.name === hubs.primary)?.region;
    const standby = regions.find((r) => r.region.name === hubs.standby)?.region;
    if (hubs.primary === hubs.standby) {
      errors.push({ file: settingsFile, path: "observability.hubs.standby", message: `must be another region than the primary hub, so losing one region leaves a hub, got ${show(hubs.standby)}` });
    } else if (primary && standby && new Set(regions.map((r) => r.region.cloud)).size > 1 && primary.cloud === standby.cloud) {
      errors.push({
        file: settingsFile,
        path: "observability.hubs.standby",
        message: `must be on another cloud than the primary hub (${primary.name} is on ${primary.cloud}) when the platform spans two clouds, so losing one cloud leaves a hub, got ${show(standby.name)} on ${standby.cloud}`,
      });
    }
  }
  if (!alertReceiver) {
    errors.push({
      file: settingsFile,
      path: "observability.alertReceiver",
      message: "must name where the hub Alertmanagers send alerts: { type: \"webhook\" | \"slack\" | \"pagerduty\", secretName } with a Secret (key url, api_url or routing_key) in namespace monitoring-hub of both hub clusters; without it every alert reaches nobody, got nothing",
    });
  } else if (alertReceiver.type === "slack" && !alertReceiver.slackChannel) {
    errors.push({ file: settingsFile, path: "observability.alertReceiver.slackChannel", message: "is required for a slack receiver, such as \"#llm-alerts\", got nothing" });
  }
  return errors;
}

function checkSettings(
  { value: settings, known }: Parsed<PlatformSettings>,
  settingsFile: string,
  regions: readonly { readonly region: Pick<RegionConfig, "cloud"> }[],
): ConfigError[] {
  const errors: ConfigError[] = checkCloudSettings({ value: settings, known }, settingsFile, regions);
  const sb = settings.stateBackend;
  if (!sb) return errors;
  if (sb.type !== "local" && !sb.bucket) {
    errors.push({ file: settingsFile, path: "stateBackend.bucket", message: `is required for the ${sb.type} backend, got nothing` });
  }
  if (sb.type === "s3" && !sb.region) {
    errors.push({ file: settingsFile, path: "stateBackend.region", message: "is required for the s3 backend, got nothing" });
  }
  if (sb.type !== "s3" && (sb.region !== undefined || sb.kmsKeyId !== undefined)) {
    errors.push({ file: settingsFile, path: "stateBackend", message: `region and kmsKeyId apply to the s3 backend only, got them with ${show(sb.type)}` });
  }
  if (sb.type !== "local") {
    const problem = statePrefixProblem(sb.prefix);
    if (problem) {
      errors.push({
        file: settingsFile,
        path: "stateBackend.prefix",
        message: `${problem}: each stack's state goes to ${sb.type === "s3" ? `key "${sb.prefix}/<stack>.tfstate"` : `prefix "${sb.prefix}/<stack>"`}, ` +
          `and ${STATE_PREFIX_WHY[sb.type]}; use segments joined by single slashes such as "gpu-llm-platform/prod", got ${show(sb.prefix)}`,
      });
    }
  }
  return errors;
}

/**
 * What Terraform makes of a key with a bad prefix. S3: the backend rejects a `key` that
 * starts or ends with "/" or holds "//" (internal/backend/remote-state/s3, validate.go
 * `validateStringS3Path` and `validateStringDoesNotContain("//")`; seen with Terraform
 * 1.11.4 `init`). GCS: the backend strips leading slashes from `prefix` (gcs/backend.go
 * `configure`), so the state lands elsewhere than the prefix says, and "//" makes an
 * empty path segment in every object name.
 */
const STATE_PREFIX_WHY: Record<"s3" | "gcs", string> = {
  s3: "Terraform's S3 backend rejects a key that starts or ends with \"/\" or holds \"//\"",
  gcs: "Terraform's GCS backend strips a leading \"/\" and keeps \"//\" as an empty folder in every state path",
};

/** Why a state prefix cannot be used, or undefined when it can. */
export function statePrefixProblem(prefix: string): string | undefined {
  if (prefix === "") return "must not be empty";
  if (prefix.startsWith("/")) return "must not start with \"/\"";
  if (prefix.endsWith("/")) return "must not end with \"/\"";
  if (prefix.includes("//")) return "must not contain \"//\"";
  return undefined;
}
