import { modelAcceleratorType, rayServiceManifest, resolveServedModel, type ServedModelSpec } from "../constructs/llm-serving";
import { servedModelSpec } from "../stacks/serving-props";
import type { GpuName } from "../catalog/gpus";
import { rayAcceleratorNames, rayAcceleratorResource } from "../catalog/ray-accelerators";
import { show, type ConfigError } from "./errors";
import { regionRule } from "./rule";

/**
 * Scale from zero, proven at synth. When a model's worker group has no workers, the
 * KubeRay autoscaler only knows the group's Ray resources from its spec, and it adds a
 * worker only if that worker could hold the replica's placement group. This module
 * derives both sides exactly as the pinned components do and compares them:
 * - the group's resources: ray-project/ray `autoscaling_config.py`
 *   (`_get_ray_resources_from_group_spec`, vendored as reference/ray/), non-TPU path;
 * - the replica's bundles: Ray Serve LLM's default `placement_bundles` for vLLM: one
 *   `{GPU: 1, accelerator_type:<name>: 0.001}` bundle per device (tensor x pipeline
 *   parallel), with the replica actor's CPU (Serve's default `num_cpus` 1) merged into
 *   the first.
 * The platform requires the whole placement group to fit one worker: tensor-parallel
 * ranks across nodes would talk over the network, and each worker holds exactly
 * `tensorParallelSize` GPUs.
 */

/** A worker group as KubeRay's autoscaler reads it (the fields it uses). */
export interface AutoscalerGroupSpec {
  readonly groupName: string;
  readonly resources?: Readonly<Record<string, string>>;
  readonly rayStartParams?: Readonly<Record<string, string>>;
  readonly template: { readonly spec: { readonly containers: readonly { readonly resources?: { readonly limits?: Readonly<Record<string, string>>; readonly requests?: Readonly<Record<string, string>> } }[] } };
}

const SUFFIX: Readonly<Record<string, number>> = {
  "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity rounded up to an integer, as `_round_up_k8s_quantity` does. */
export function roundUpQuantity(quantity: string): number {
  const m = /^([0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(quantity.trim());
  if (!m) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(quantity)}`);
  return Math.ceil(Number(m[1]) * SUFFIX[m[2] ?? ""] - 1e-9);
}

/** `rayStartParams.resources` as `_get_custom_resources` reads it: drop the outer quotes and every backslash, then JSON. */
export function parseRayStartResources(value: string): Record<string, number> {
  const parsed = JSON.parse(value.slice(1, -1).replaceAll("\\", "")) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("rayStartParams.resources is not a JSON object");
  for (const [k, v] of Object.entries(parsed)) {
    if (!Number.isInteger(v)) throw new Error(`rayStartParams.resources: ${k} must be an integer, got ${JSON.stringify(v)}`);
  }
  return parsed as Record<string, number>;
}

/**
 * The Ray resources the KubeRay autoscaler assigns one worker of a group:
 * `_get_ray_resources_from_group_spec` without the TPU branch (the platform has no TPUs).
 * Priority per resource: the group's `resources` field, then `rayStartParams`, then the
 * first container's limits, then its requests.
 */
export function autoscalerGroupResources(group: AutoscalerGroupSpec): Record<string, number> {
  const groupResources = group.resources ?? {};
  const params = group.rayStartParams ?? {};
  const k8s = group.template.spec.containers[0]?.resources ?? {};
  const limits = k8s.limits ?? {};
  const requests = k8s.requests ?? {};
  const out: Record<string, number> = {};

  if ("CPU" in groupResources) out.CPU = roundUpQuantity(groupResources.CPU);
  else if ("num-cpus" in params) out.CPU = Number.parseInt(params["num-cpus"], 10);
  else if ("cpu" in limits) out.CPU = roundUpQuantity(limits.cpu);
  else if ("cpu" in requests) out.CPU = roundUpQuantity(requests.cpu);
  else throw new Error(`Autoscaler failed to detect CPU resources for group ${group.groupName}`);

  let gpus: number | undefined;
  if ("GPU" in groupResources) gpus = roundUpQuantity(groupResources.GPU);
  else if ("num-gpus" in params) gpus = Number.parseInt(params["num-gpus"], 10);
  else {
    for (const [key, q] of [...Object.entries(limits), ...Object.entries(requests)]) {
      if (key.endsWith("gpu") && roundUpQuantity(q) > 0) {
        gpus = roundUpQuantity(q);
        break;
      }
    }
  }
  if (gpus !== undefined) out.GPU = gpus;

  let memory: number | undefined;
  if ("memory" in groupResources) memory = roundUpQuantity(groupResources.memory);
  else if ("memory" in params) memory = Number.parseInt(params.memory, 10);
  else if ("memory" in limits) memory = roundUpQuantity(limits.memory);
  else if ("memory" in requests) memory = roundUpQuantity(requests.memory);
  if (memory !== undefined) out.memory = memory;

  // The top-level `resources` field, when set, is the only source of custom resources.
  const standard = new Set(["CPU", "GPU", "TPU", "memory"]);
  const custom = Object.keys(groupResources).length > 0
    ? Object.fromEntries(Object.entries(groupResources).filter(([k]) => !standard.has(k)).map(([k, v]) => [k, roundUpQuantity(v)]))
    : params.resources !== undefined ? parseRayStartResources(params.resources) : {};
  return { ...out, ...custom };
}

/** The placement group one replica of a model asks for (Ray Serve LLM's default bundles for vLLM). */
export function replicaPlacementBundles(model: ServedModelSpec): Record<string, number>[] {
  const accelerator = modelAcceleratorType(model);
  return Array.from({ length: resolveServedModel(model).tensorParallelSize }, (_, i) => ({
    ...(i === 0 ? { CPU: 1 } : {}),
    GPU: 1,
    ...(accelerator !== undefined ? { [rayAcceleratorResource(accelerator)]: 0.001 } : {}),
  }));
}

/** One resource a placement group needs more of than a worker of the group offers. */
export interface MissingResource {
  readonly resource: string;
  readonly needed: number;
  readonly offered: number;
}

/** What the placement group needs beyond what one worker offers; empty when it fits. */
export function missingForBundles(bundles: readonly Readonly<Record<string, number>>[], offered: Readonly<Record<string, number>>): MissingResource[] {
  const needed: Record<string, number> = {};
  for (const b of bundles) for (const [k, v] of Object.entries(b)) needed[k] = (needed[k] ?? 0) + v;
  return Object.entries(needed)
    .filter(([k, v]) => v > (offered[k] ?? 0) + 1e-9)
    .map(([resource, v]) => ({ resource, needed: Math.round(v * 1000) / 1000, offered: offered[resource] ?? 0 }));
}

/**
 * The zero-worker rule: for every model, one worker of its RayService's worker group (as
 * the autoscaler sees it with zero workers) holds a replica's whole placement group.
 * Models whose pool or catalog entry is unknown are left to `checkRegion`.
 */
export const checkScaleFromZero = regionRule([], ["cloud", "models", "gpuPools"], (_settings, { file, region }) => {
  const errors: ConfigError[] = [];
  region.models.forEach((model, i) => {
    const pool = region.gpuPools.find((p) => p.name === model.pool);
    if (!pool) return;
    // The model exactly as the platform stack hands it to LlmServing.
    const spec = servedModelSpec(region.cloud, model, pool);
    const manifest = rayServiceManifest({
      model: spec, namespace: "llm-serving", modelReaderServiceAccount: "model-reader", modelStoreUri: "s3://bucket", hfTokenSecret: "hf-token",
    });
    const groups = (manifest.spec as { rayClusterConfig: { workerGroupSpecs: AutoscalerGroupSpec[] } }).rayClusterConfig.workerGroupSpecs;
    const offered = autoscalerGroupResources(groups[0]);
    for (const m of missingForBundles(replicaPlacementBundles(spec), offered)) {
      errors.push({
        file,
        path: `models[${i}]`,
        message: `model ${show(model.name)} cannot scale from zero on pool ${show(pool.name)}: a replica's placement group needs ${m.resource} ${m.needed}, ` +
          `one worker of group ${show(groups[0].groupName)} offers ${m.offered} (it offers ${Object.keys(offered).join(", ")}); ` +
          (m.resource.startsWith("accelerator_type:")
            ? `set acceleratorType to a name the pool's ${pool.gpu} carries (${rayAcceleratorNames(pool.gpu as GpuName).join(", ")}) or use a pool with that GPU, got acceleratorType ${show(model.acceleratorType)}`
            : `give the worker group more ${m.resource}, got tensorParallelSize ${model.tensorParallelSize}`),
      });
    }
  });
  return errors;
});
