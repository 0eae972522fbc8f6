import { GPUS, type GpuName } from "./gpus";
import { DTYPE_BYTES, MODELS, type ModelId } from "./models";

/**
 * Per-replica decode throughput of a model on a GPU at a tensor-parallel size: what the
 * capacity-aware failover check (config/capacity-failover.ts) divides the expected load by.
 *
 * No published vLLM measurement was found for a catalog combination at the catalog's
 * precision (BF16) and a stated concurrency (L4, L40S, A10G with Llama 3.1 8B or Qwen 2.5
 * 32B above all). The published figures that exist use another engine (NVIDIA NIM
 * benchmarking, Llama 3.1 8B/70B on H100), FP8 weights (MLPerf Inference v5.1 with vLLM on
 * L40S and H100) or one stream (a vLLM sweep on A100 40GB): they are kept as cross-checks
 * ({@link PUBLISHED_CROSS_CHECKS}), and every figure used is an ESTIMATE from a stated
 * formula on the GPU vendor's published memory bandwidth, and says so. Decoding is memory-bound: each step reads every weight once, and
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

/**
 * Published measurements that match no catalog combination exactly (another precision,
 * concurrency or engine), kept as cross-checks: each is a setup at least as favourable
 * as the estimate's (FP8 halves the bytes per step; MLPerf's Server scenario runs at far
 * more than 16 concurrent), so an estimate above one would be wrong.
 */
export const PUBLISHED_CROSS_CHECKS: readonly {
  readonly model: ModelId;
  readonly gpu: GpuName;
  readonly tensorParallelSize: number;
  /** Concurrent requests of the measurement; undefined: as many as the benchmark's latency bounds allowed. */
  readonly concurrency?: number;
  readonly outputTokensPerSecond: number;
  readonly source: string;
  readonly date: string;
}[] = [
  {
    model: "meta-llama/Llama-3.1-8B-Instruct", gpu: "L40S", tensorParallelSize: 1, outputTokensPerSecond: 1207, date: "2026-11",
    source: "Red Hat, 'Efficient and reproducible LLM inference: Red Hat MLPerf Inference v5.1 results': vLLM 0.10.0, FP8 Llama 3.1 8B, one L40S, Server scenario",
  },
  {
    model: "meta-llama/Llama-3.1-8B-Instruct", gpu: "H100-80GB", tensorParallelSize: 1, outputTokensPerSecond: 5103, date: "2026-11",
    source: "the same: one H100, Server scenario",
  },
  {
    model: "meta-llama/Llama-3.1-8B-Instruct", gpu: "A100-40GB", tensorParallelSize: 1, concurrency: 1, outputTokensPerSecond: 75, date: "2026-11",
    source: "johnmusgrave.com, 'vLLM throughput-latency sweep on NVIDIA A100': vLLM 0.23.0, BF16, 1024 in / 128 out, single stream",
  },
];

/** Published measurements by `<model>|<gpu>|<tp>`; empty: none matched a catalog combination (see above). */
export const MEASURED_THROUGHPUT: Readonly<Record<string, ThroughputFigure>> = {};

/**
 * The figure for one model on one GPU at one tensor-parallel size: a measurement when the
 * catalog has one, else the bandwidth estimate (at `concurrency`, for the cross-checks).
 */
export function replicaThroughput(model: ModelId, gpu: GpuName, tensorParallelSize: number, concurrency = PLANNING_CONCURRENCY): ThroughputFigure {
  const measured = MEASURED_THROUGHPUT[`${model}|${gpu}|${tensorParallelSize}`];
  if (measured && concurrency === PLANNING_CONCURRENCY) return measured;
  const m = MODELS[model];
  const weightGB = (m.parametersBillion * 1e9 * DTYPE_BYTES[m.dtype]) / 1e9;
  const bandwidth = GPU_MEMORY_BANDWIDTH_GBPS[gpu];
  const stepSeconds = weightGB / (tensorParallelSize * bandwidth * DECODE_BANDWIDTH_EFFICIENCY);
  const tokens = Math.floor(concurrency / stepSeconds);
  return {
    outputTokensPerSecond: tokens,
    kind: "estimate",
    source: `${concurrency} concurrent / (${round(weightGB)} GB ${m.dtype} weights / (${tensorParallelSize} x ${bandwidth} GB/s ${gpu} x ${DECODE_BANDWIDTH_EFFICIENCY}))`,
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
