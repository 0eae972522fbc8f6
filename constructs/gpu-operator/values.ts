import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { GPU_OPERATOR_PROFILES, gpuOperatorPoolProblems, gpuOperatorProfile, gpuSharedBy, type GpuOperatorProfile } from "../../config/gpu-pools";
import type { GpuPoolConfig } from "../../config/schema";
import type { HelmValues } from "../common";

/**
 * GPU Operator chart values, decided by pure functions: the base layer, then one layer
 * per node OS the region's GPU pools run, then the region layer (GPU sharing and the
 * Prometheus selector label), then optional per-region overrides. The YAML layers live in
 * `helm-values/gpu-operator/`.
 */

/** Chart values (one type for every add-on, from constructs/common). */
export type { HelmValues } from "../common";

// How a pool's nodes get their NVIDIA software (the profile, which picks the YAML layer)
// is decided in config/gpu-pools.ts with the pool's other derived facts.
export { GPU_OPERATOR_PROFILES, gpuOperatorProfile, type GpuOperatorProfile } from "../../config/gpu-pools";

/** The YAML layers, as read from `helm-values/gpu-operator/`. */
export interface GpuOperatorLayers {
  readonly base: HelmValues;
  readonly profiles: Readonly<Record<GpuOperatorProfile, HelmValues>>;
  /** Per-region layers (`regions/<region name>.yaml`), applied last; most regions have none. */
  readonly regions: Readonly<Record<string, HelmValues>>;
}

/** What the region contributes to the values. */
export interface GpuOperatorRegionInput {
  /** The region's name, which selects its YAML layer if there is one. */
  readonly regionName: string;
  readonly cloud: "aws" | "gcp";
  readonly pools: readonly GpuPoolConfig[];
  /** Labels the DCGM exporter's ServiceMonitor carries so the regional Prometheus selects it. */
  readonly serviceMonitorLabels: Readonly<Record<string, string>>;
  /** Applied after the region's YAML layer, for callers that compute values. @default - none */
  readonly overrides?: HelmValues;
}

/** The ConfigMap the device plugin reads its time-slicing configs from (created by the chart). */
export const DEVICE_PLUGIN_CONFIG_MAP = "device-plugin-config";

function isMap(v: unknown): v is HelmValues {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge as Helm merges values files: maps merge key by key, lists and scalars are replaced. Inputs are not modified. */
export function mergeValues(base: HelmValues, over: HelmValues): HelmValues {
  const out: HelmValues = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isMap(v) && isMap(out[k]) ? mergeValues(out[k] as HelmValues, v) : v;
  }
  return out;
}

/** Every leaf key path of a values tree with its value (lists are leaves). */
export function leafPaths(values: HelmValues, prefix: string[] = []): [string[], unknown][] {
  return Object.entries(values).flatMap(([k, v]): [string[], unknown][] =>
    isMap(v) && Object.keys(v).length > 0 ? leafPaths(v, [...prefix, k]) : [[[...prefix, k], v]]);
}

function get(values: HelmValues, p: readonly string[]): unknown {
  return p.reduce<unknown>((v, k) => (isMap(v) ? v[k] : undefined), values);
}

function timeSlicingConfig(replicas: number): string {
  return toYaml({
    version: "v1",
    flags: { migStrategy: "none" },
    sharing: { timeSlicing: { failRequestsGreaterThanOne: true, resources: [{ name: "nvidia.com/gpu", replicas }] } },
  });
}

/**
 * The region layer: time-slicing configs (one per pool, selected by the pool's
 * `nvidia.com/device-plugin.config` node label), the MIG strategy, and the ServiceMonitor
 * label. Sharing on GKE-managed pools is done by GKE itself, so it adds nothing there.
 * Throws when pools ask for what the operator cannot give (sharing on Bottlerocket, two
 * MIG strategies in one cluster).
 */
export function regionLayer(input: GpuOperatorRegionInput): HelmValues {
  const layer: HelmValues = {
    dcgmExporter: { serviceMonitor: { additionalLabels: { ...input.serviceMonitorLabels } } },
  };
  const problems = gpuOperatorPoolProblems(input.cloud, input.pools);
  if (problems.length > 0) {
    throw new Error(problems.map((p) => `GPU pool ${input.pools[p.index].name}: ${p.field}: ${p.message}`).join("\n"));
  }
  const operatorShared = input.pools.filter((p) => p.sharing.mode !== "none" && gpuSharedBy(input.cloud, p) !== "gke");
  const sliced = operatorShared.filter((p) => p.sharing.mode === "time-slicing");
  if (sliced.length > 0) {
    const data: Record<string, string> = { default: toYaml({ version: "v1", flags: { migStrategy: "none" } }) };
    for (const p of sliced) data[p.name] = timeSlicingConfig(p.sharing.replicas!);
    layer.devicePlugin = { config: { create: true, name: DEVICE_PLUGIN_CONFIG_MAP, default: "default", data } };
  }
  const mig = operatorShared.filter((p) => p.sharing.mode === "mig");
  if (mig.length > 0) {
    layer.mig = { strategy: mig.find((p) => p.sharing.strategy !== undefined)?.sharing.strategy ?? "single" };
    layer.migManager = { enabled: true };
  }
  return layer;
}

/**
 * The chart values for a region: base, then each node-OS layer its pools need (which
 * must agree wherever they overlap), then the computed region layer, then the region's
 * YAML layer, then overrides.
 */
export function gpuOperatorValues(layers: GpuOperatorLayers, input: GpuOperatorRegionInput): HelmValues {
  const used: { profile: GpuOperatorProfile; pool: string }[] = [];
  for (const pool of input.pools) {
    const profile = gpuOperatorProfile(input.cloud, pool);
    if (!used.some((u) => u.profile === profile)) used.push({ profile, pool: pool.name });
  }
  let osLayer: HelmValues = {};
  used.forEach(({ profile, pool }, i) => {
    for (const [p, v] of leafPaths(layers.profiles[profile])) {
      const prior = get(osLayer, p);
      if (prior !== undefined && JSON.stringify(prior) !== JSON.stringify(v)) {
        const first = used.slice(0, i).find((u) => JSON.stringify(get(layers.profiles[u.profile], p)) === JSON.stringify(prior))!;
        throw new Error(
          `GPU pools ${first.pool} (${first.profile}) and ${pool} (${profile}) need different GPU Operator values at ${p.join(".")} ` +
            `(${JSON.stringify(prior)} vs ${JSON.stringify(v)}); one cluster runs one operator, so put them in separate regions`,
        );
      }
    }
    osLayer = mergeValues(osLayer, layers.profiles[profile]);
  });
  return [osLayer, regionLayer(input), layers.regions[input.regionName] ?? {}, input.overrides ?? {}].reduce(mergeValues, layers.base);
}

const layerCache = new Map<string, GpuOperatorLayers>();

/**
 * Reads the YAML layers from a folder laid out like `helm-values/gpu-operator/`, once per
 * folder and process: every region's platform stack asks for the same files. The layers
 * are frozen, since every caller shares them.
 */
export function readGpuOperatorLayers(dir: string): GpuOperatorLayers {
  const key = path.resolve(dir);
  let layers = layerCache.get(key);
  if (!layers) {
    layers = deepFreeze(loadGpuOperatorLayers(key));
    layerCache.set(key, layers);
  }
  return layers;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function loadGpuOperatorLayers(dir: string): GpuOperatorLayers {
  const read = (name: string): HelmValues => (parseYaml(fs.readFileSync(path.join(dir, `${name}.yaml`), "utf8")) as HelmValues | null) ?? {};
  const regionDir = path.join(dir, "regions");
  const regionFiles = fs.existsSync(regionDir) ? fs.readdirSync(regionDir).filter((f) => f.endsWith(".yaml")).sort() : [];
  return {
    base: read("base"),
    profiles: Object.fromEntries(GPU_OPERATOR_PROFILES.map((p) => [p, read(p)])) as Record<GpuOperatorProfile, HelmValues>,
    regions: Object.fromEntries(regionFiles.map((f) => [path.basename(f, ".yaml"), read(path.join("regions", path.basename(f, ".yaml")))])),
  };
}
