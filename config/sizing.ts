import { GPUS, type GpuName } from "../catalog/gpus";
import { machineType } from "../catalog/machine-types";
import { DTYPE_BYTES, MODELS, type ModelId } from "../catalog/models";
import { show, type ConfigError } from "./errors";
import { regionRule } from "./rule";
import type { GpuPoolConfig, ModelConfig, RegionConfig } from "./schema";

/**
 * ML-aware sizing at synth: does a model fit the GPUs of the pool it names? Pure
 * arithmetic over the committed catalogs; no I/O.
 *
 * The memory model is deliberately simple and stated: per GPU, vLLM may use
 * `gpuMemoryUtilization` of the GPU's memory (or of the MIG slice, or of the GPU's
 * share under time-slicing). Into that must fit the weights shard
 * (parameters x bytes per parameter / tensor parallel size), a fixed runtime overhead
 * (CUDA context, NCCL buffers, activations of the largest batch) and a minimum KV cache.
 * Anything less and vLLM refuses to start or serves a handful of tokens at a time.
 */

/** GiB per GPU reserved for the CUDA context, NCCL buffers and activations. */
export const RUNTIME_OVERHEAD_GIB = 1.5;
/** GiB per GPU that must remain for the KV cache, so the engine can batch at all. */
export const MIN_KV_CACHE_GIB = 2;

const GIB = 1024 ** 3;

/** The numbers behind a sizing decision, shown in messages so the fix is obvious. */
export interface ModelFit {
  /** Weights held by each GPU (or slice), GiB. */
  readonly weightsPerGpuGiB: number;
  /** Weights plus runtime overhead plus minimum KV cache, GiB. */
  readonly requiredPerGpuGiB: number;
  /** Memory vLLM may use on each GPU (or slice), GiB. */
  readonly usablePerGpuGiB: number;
  /** The memory of one GPU, MIG slice or time-slice share, GiB. */
  readonly deviceMemoryGiB: number;
  /** What the device is, for messages: `L4 (24 GiB)`, `MIG 1g.10gb of H100-80GB (10 GiB)`. */
  readonly device: string;
  readonly fits: boolean;
}

/** GPUs per node of a pool's instance or machine type, or undefined when not in the catalog. */
export function gpusPerNode(cloud: RegionConfig["cloud"], instanceType: string): number | undefined {
  return machineType(cloud, instanceType)?.gpuCount;
}

/** The memory a model sees on one device of a pool: a whole GPU, a MIG slice, or a time-slice share. */
export function deviceMemory(pool: Pick<GpuPoolConfig, "gpu" | "sharing">): { memoryGiB: number; device: string } {
  const gpu = GPUS[pool.gpu as GpuName];
  const { sharing } = pool;
  if (sharing.mode === "mig" && sharing.profile !== undefined) {
    const slice = (gpu.migProfiles as Record<string, number>)[sharing.profile];
    if (slice !== undefined) return { memoryGiB: slice, device: `MIG ${sharing.profile} of ${pool.gpu} (${slice} GiB)` };
  }
  if (sharing.mode === "time-slicing" && sharing.replicas !== undefined) {
    const share = gpu.memoryGiB / sharing.replicas;
    return { memoryGiB: share, device: `1/${sharing.replicas} time-slice of ${pool.gpu} (${round(share)} GiB)` };
  }
  return { memoryGiB: gpu.memoryGiB, device: `${pool.gpu} (${gpu.memoryGiB} GiB)` };
}

/** Memory arithmetic for one model on one pool (the model must be in the catalog). */
export function modelFit(
  model: Pick<ModelConfig, "model" | "tensorParallelSize" | "gpuMemoryUtilization">,
  pool: Pick<GpuPoolConfig, "gpu" | "sharing">,
): ModelFit {
  const facts = MODELS[model.model as ModelId];
  const weightsGiB = (facts.parametersBillion * 1e9 * DTYPE_BYTES[facts.dtype]) / GIB;
  const weightsPerGpuGiB = weightsGiB / model.tensorParallelSize;
  const requiredPerGpuGiB = weightsPerGpuGiB + RUNTIME_OVERHEAD_GIB + MIN_KV_CACHE_GIB;
  const { memoryGiB, device } = deviceMemory(pool);
  const usablePerGpuGiB = memoryGiB * model.gpuMemoryUtilization;
  return { weightsPerGpuGiB, requiredPerGpuGiB, usablePerGpuGiB, deviceMemoryGiB: memoryGiB, device, fits: requiredPerGpuGiB <= usablePerGpuGiB };
}

function round(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/**
 * The sizing rule: every model of a region fits the pool it names. Models whose id or
 * pool is unknown are reported by `checkRegion` and skipped here, so one mistake gives
 * one message.
 */
export const checkSizing = regionRule([], ["cloud", "models", "gpuPools"], (_settings, { file, region }) => {
  const errors: ConfigError[] = [];
  region.models.forEach((m, i) => {
    const at = `models[${i}]`;
    const pool = region.gpuPools.find((p) => p.name === m.pool);
    if (!pool || !Object.prototype.hasOwnProperty.call(MODELS, m.model) || !Object.prototype.hasOwnProperty.call(GPUS, pool.gpu)) return;
    const perNode = gpusPerNode(region.cloud, pool.instanceType);
    const tp = m.tensorParallelSize;
    const context = MODELS[m.model as ModelId].maxContextTokens;
    if (m.maxModelLen > context) {
      errors.push({
        file,
        path: `${at}.maxModelLen`,
        message: `must be <= the context length of ${m.model} (${context} tokens, catalog/models.ts); vLLM refuses a longer max_model_len, got ${m.maxModelLen}`,
      });
    }
    if (pool.sharing.mode !== "none" && tp > 1) {
      errors.push({
        file,
        path: `${at}.tensorParallelSize`,
        message: `must be 1 on pool ${show(pool.name)}, whose GPUs are shared (${pool.sharing.mode}); tensor parallelism needs whole GPUs, got ${tp}`,
      });
    } else if (perNode !== undefined && perNode > 0 && (tp > perNode || perNode % tp !== 0)) {
      const divisors = Array.from({ length: perNode }, (_, k) => k + 1).filter((d) => perNode % d === 0);
      errors.push({
        file,
        path: `${at}.tensorParallelSize`,
        message: `must divide the ${perNode} GPU(s) per node of ${pool.instanceType} in pool ${show(pool.name)} (${divisors.join(", ")}), got ${tp}`,
      });
    }
    const fit = modelFit(m, pool);
    if (!fit.fits) {
      const facts = MODELS[m.model as ModelId];
      const what = pool.sharing.mode === "mig"
        ? `MIG profile ${show(pool.sharing.profile)} is too small for the model`
        : `does not fit ${fit.device}`;
      errors.push({
        file,
        path: `${at}.model`,
        message:
          `${what}: ${m.model} (${facts.parametersBillion}B params, ${facts.dtype} = ${DTYPE_BYTES[facts.dtype]} B/param) needs ` +
          `${round(fit.weightsPerGpuGiB)} GiB of weights per GPU at tensorParallelSize ${tp} + ${RUNTIME_OVERHEAD_GIB} GiB runtime + ` +
          `${MIN_KV_CACHE_GIB} GiB KV cache = ${round(fit.requiredPerGpuGiB)} GiB, but ${fit.device} x gpuMemoryUtilization ` +
          `${m.gpuMemoryUtilization} allows ${round(fit.usablePerGpuGiB)} GiB; raise tensorParallelSize or use a larger GPU, ` +
          `got ${show(m.model)} on pool ${show(pool.name)}`,
      });
    }
  });
  return [...errors, ...checkPoolCapacity(file, region)];
});

/**
 * The most model replicas of tensor parallel size `tp` a pool can hold at `maxNodes`: each
 * replica's worker takes `tp` devices on one node. Devices per GPU: 1, the time-slicing
 * replicas, or for MIG at most 7 slices (the most any MIG profile gives, NVIDIA MIG user
 * guide), an upper bound so the rule never refuses what could fit. Undefined when the
 * instance type is not in the catalog (reported elsewhere).
 */
export function poolReplicaCapacity(
  cloud: RegionConfig["cloud"],
  pool: Pick<GpuPoolConfig, "instanceType" | "maxNodes" | "sharing">,
  tp: number,
): number | undefined {
  const perNode = gpusPerNode(cloud, pool.instanceType);
  if (perNode === undefined || perNode === 0) return undefined;
  const perGpu = pool.sharing.mode === "time-slicing" ? (pool.sharing.replicas ?? 1) : pool.sharing.mode === "mig" ? MAX_MIG_SLICES_PER_GPU : 1;
  return pool.maxNodes * Math.floor((perNode * perGpu) / tp);
}

/** The most MIG instances one GPU can be split into (1g profiles on A100 and H100). */
export const MAX_MIG_SLICES_PER_GPU = 7;

/**
 * Replicas that can never be scheduled: a model whose maxReplicas x tensorParallelSize
 * GPUs exceed its pool at maxNodes never reaches its maximum, and models whose
 * minReplicas together exceed it never all start (Ray Serve keeps the app unhealthy).
 */
function checkPoolCapacity(file: string, region: Pick<RegionConfig, "cloud" | "models" | "gpuPools">): ConfigError[] {
  const errors: ConfigError[] = [];
  region.gpuPools.forEach((pool, p) => {
    const models = region.models.map((m, i) => ({ m, i })).filter(({ m }) => m.pool === pool.name && Object.prototype.hasOwnProperty.call(MODELS, m.model));
    // Capacity is counted in devices (GPUs, slices or shares) at maxNodes.
    const devices = poolReplicaCapacity(region.cloud, pool, 1);
    if (devices === undefined || models.length === 0) return;
    const what = `pool ${show(pool.name)} holds at most ${devices} ${pool.sharing.mode === "none" ? "GPU(s)" : "GPU device(s)"} at maxNodes ${pool.maxNodes}`;
    const perNode = gpusPerNode(region.cloud, pool.instanceType) ?? 0;
    for (const { m, i } of models) {
      // A tensor parallel size that fits no node is reported by checkSizing already.
      if (m.tensorParallelSize > perNode || perNode % m.tensorParallelSize !== 0 || (pool.sharing.mode !== "none" && m.tensorParallelSize > 1)) continue;
      const fit = poolReplicaCapacity(region.cloud, pool, m.tensorParallelSize) ?? 0;
      if (m.maxReplicas > fit) {
        errors.push({
          file,
          path: `models[${i}].maxReplicas`,
          message: `must be <= ${fit}: ${what}, and each replica takes tensorParallelSize ${m.tensorParallelSize} on one node; raise gpuPools[${p}].maxNodes or lower maxReplicas, got ${m.maxReplicas}`,
        });
      }
    }
    const needed = models.reduce((sum, { m }) => sum + m.minReplicas * m.tensorParallelSize, 0);
    if (needed > devices && models.length > 1) {
      errors.push({
        file,
        path: `gpuPools[${p}].maxNodes`,
        message: `is too small for the minReplicas of its models: ${models.map(({ m }) => `${m.name} ${m.minReplicas} x ${m.tensorParallelSize}`).join(" + ")} = ${needed} device(s), but ${what}; raise maxNodes, got ${pool.maxNodes}`,
      });
    }
  });
  return errors;
}
