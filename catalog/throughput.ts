import { GPUS, type GpuName } from "./gpus";
import { DTYPE_BYTES, MODELS, type ModelId } from "./models";

/**
 * Per-replica decode throughput of a model on a GPU at a tensor-parallel size: what the
 * capacity-aware failover check (config/capacity-failover.ts) divides the expected load by.
 *
 * No published vLLM measurement was found for the combinations this platform serves (L4,
 * L40S, A10G with Llama 3.1 8B or Qwen 2.5 32B). The published figures that exist (NVIDIA
 * NIM benchmarking, "Performance", Llama-3.1-8B on H100 with NIM's own engine; a vLLM
 * sweep of Llama-3.1-8B on A100 40GB) use other engines, precisions or GPUs, so every
 * figure here is an ESTIMATE from a stated formula on the GPU vendor's published memory
 * bandwidth, and says so. Decoding is memory-bound: each step reads every weight once, and
 * a step yields one token for each sequence in the batch.
 *
 *   step seconds        = weight bytes / (TP x memory bandwidth x efficiency)
 *   output tokens/s     = concurrency / step seconds
 *
 * Left out (each makes the estimate high): KV-cache reads, which grow with batch and
 * context; prefill of the prompt; interconnect time between tensor-parallel GPUs (PCIe on
 * L4/L40S/A10G instances). Replace an estimate with your own `vllm bench serve` figure at
 * your token means (`measured`, with its source and date) as soon as you have one.
 */

/** Where a throughput figure comes from. */
export interface ThroughputFigure {
  /** Output tokens per second one replica sustains at {@link PLANNING_CONCURRENCY} concurrent requests. */
  readonly outputTokensPerSecond: number;
  readonly kind: "measured" | "estimate";
  /** The source, or the formula with its inputs. */
  readonly source: string;
  /** When the source was read. */
  readonly date: string;
}

/**
 * Memory bandwidth per GPU, GB/s (10^9 bytes), from NVIDIA's data sheets: T4 320, A10
 * (AWS's A10G is its variant; NVIDIA publishes no A10G sheet) 600, L4 300, L40S 864,
 * A100 40GB SXM 1555, A100 80GB SXM 2039, H100 SXM 3350. The catalog's A100/H100
 * instances (p4d, p4de, p5, a2, a3) carry the SXM parts.
 */
export const GPU_MEMORY_BANDWIDTH_GBPS: Readonly<Record<GpuName, number>> = {
  T4: 320,
  A10G: 600,
  L4: 300,
  L40S: 864,
  "A100-40GB": 1555,
  "A100-80GB": 2039,
  "H100-80GB": 3350,
};

/** Where {@link GPU_MEMORY_BANDWIDTH_GBPS} comes from. */
export const GPU_BANDWIDTH_SOURCE = {
  source: "NVIDIA data sheets: T4, A10, L4, L40S, A100 (SXM 40GB/80GB), H100 (SXM) 'GPU memory bandwidth'",
  date: "2026-11",
} as const;

/**
 * Share of the bandwidth ceiling a decode step reaches. A published vLLM sweep of
 * Llama-3.1-8B-Instruct (BF16) on one A100 40GB measured single-stream decode at about 77%
 * of the bandwidth ceiling (johnmusgrave.com, "vLLM throughput-latency sweep on NVIDIA
 * A100", vLLM 0.23.0); 0.6 leaves room for the KV-cache reads a batch of 16 adds. An estimate.
 */
export const DECODE_BANDWIDTH_EFFICIENCY = 0.6;

/**
 * The concurrent requests per replica the figures assume: the default
 * `models[].targetOngoingRequests` (16), which Ray Serve's autoscaler holds each replica at.
 */
export const PLANNING_CONCURRENCY = 16;

/** Published measurements by `<model>|<gpu>|<tp>`; empty: none matched a catalog combination (see above). */
export const MEASURED_THROUGHPUT: Readonly<Record<string, ThroughputFigure>> = {};

/**
 * The figure for one model on one GPU at one tensor-parallel size: a measurement when the
 * catalog has one, else the bandwidth estimate.
 */
export function replicaThroughput(model: ModelId, gpu: GpuName, tensorParallelSize: number): ThroughputFigure {
  const measured = MEASURED_THROUGHPUT[`${model}|${gpu}|${tensorParallelSize}`];
  if (measured) return measured;
  const m = MODELS[model];
  const weightGB = (m.parametersBillion * 1e9 * DTYPE_BYTES[m.dtype]) / 1e9;
  const bandwidth = GPU_MEMORY_BANDWIDTH_GBPS[gpu];
  const stepSeconds = weightGB / (tensorParallelSize * bandwidth * DECODE_BANDWIDTH_EFFICIENCY);
  const tokens = Math.floor(PLANNING_CONCURRENCY / stepSeconds);
  return {
    outputTokensPerSecond: tokens,
    kind: "estimate",
    source: `${PLANNING_CONCURRENCY} concurrent / (${round(weightGB)} GB ${m.dtype} weights / (${tensorParallelSize} x ${bandwidth} GB/s ${gpu} x ${DECODE_BANDWIDTH_EFFICIENCY}))`,
    date: GPU_BANDWIDTH_SOURCE.date,
  };
}

/** True when `gpu` is a catalog GPU; each has a bandwidth figure (one added to catalog/gpus.ts without it fails typecheck). */
export function isCatalogGpu(gpu: string): gpu is GpuName {
  return Object.prototype.hasOwnProperty.call(GPUS, gpu);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
