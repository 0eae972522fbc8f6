import type { Cloud } from "./cloud";

/**
 * Figures behind the cold-start budget (config/cold-start-budget.ts), each with where it
 * comes from and when it was read. `measured` figures are published measurements;
 * `estimate` figures are planning values no published source gave for this exact setup:
 * replace them with your own measurement (NodeClaim and Pod timestamps, vLLM's startup log).
 */

/** One figure and its provenance. */
export interface SourcedFigure {
  readonly value: number;
  readonly unit: string;
  readonly kind: "measured" | "estimate";
  readonly source: string;
  /** When the source was read. */
  readonly date: string;
}

/**
 * Seconds from a pending pod to a GPU node whose `nvidia.com/gpu` is allocatable: launch,
 * boot, kubelet join, then the NVIDIA device plugin (and on GKE/COS the driver installer)
 * advertising the GPUs. Per cloud, with per-family overrides.
 */
export const NODE_PROVISIONING: Readonly<Record<Cloud, { readonly default: SourcedFigure; readonly families: Readonly<Record<string, SourcedFigure>> }>> = {
  aws: {
    default: {
      value: 240, unit: "s", kind: "estimate", date: "2025-11",
      source: "planning estimate for Karpenter launch + EKS NVIDIA AMI boot + join + device plugin; no published measurement for these instance types was found",
    },
    families: {
      // p-family instances are larger (EFA, more GPUs to initialise) and slower to boot.
      p4d: { value: 420, unit: "s", kind: "estimate", date: "2025-11", source: "planning estimate, p4d/p4de/p5 boot and GPU init; measure and replace" },
      p4de: { value: 420, unit: "s", kind: "estimate", date: "2025-11", source: "planning estimate, p4d/p4de/p5 boot and GPU init; measure and replace" },
      p5: { value: 420, unit: "s", kind: "estimate", date: "2025-11", source: "planning estimate, p4d/p4de/p5 boot and GPU init; measure and replace" },
    },
  },
  gcp: {
    default: {
      value: 360, unit: "s", kind: "estimate", date: "2025-11",
      source: "planning estimate for GKE node pool scale-up + COS driver install + device plugin; no published measurement was found",
    },
    families: {},
  },
  azure: {
    default: {
      value: 420, unit: "s", kind: "estimate", date: "2026-11-30",
      source: "planning estimate for the AKS cluster autoscaler adding a VMSS node (scan interval + VM create + Ubuntu GPU image boot + join) plus the GPU Operator's driver container or AKS's preinstalled driver and the device plugin; no published measurement for these VM sizes was found",
    },
    families: {
      // ND H100 v5: 8 GPUs and InfiniBand to initialise.
      standardNDSH100v5Family: { value: 600, unit: "s", kind: "estimate", date: "2026-11-30", source: "planning estimate, ND H100 v5 boot, InfiniBand and 8-GPU init; measure and replace" },
    },
  },
};

/** The serving image (rayproject/ray-llm:2.52.0-py311-cu128), compressed size to pull. */
export const SERVING_IMAGE_GB: SourcedFigure = {
  value: 12, unit: "GB", kind: "estimate", date: "2025-11",
  source: "planning estimate of the compressed size of rayproject/ray-llm:2.52.0-py311-cu128 (CUDA 12.8 + vLLM + Ray); check with `crane manifest` or the registry",
};

/** Image pull and unpack throughput from Docker Hub onto a fresh node's gp3/pd-balanced disk. */
export const IMAGE_PULL_GBPS: SourcedFigure = {
  value: 0.05, unit: "GB/s", kind: "estimate", date: "2025-11",
  source: "planning estimate (about 4 minutes for the image): containerd pulls then unpacks layers sequentially (ai-on-eks 'Accelerating pull process', read 2025-11); no figure for this image was found",
};

/**
 * vLLM's default (safetensors) loader reading from the node's gp3 volume: Llama-3-8B
 * (16.06 GB in bf16) in 47.99 s on g5.12xlarge, i.e. 0.335 GB/s. The same benchmark loads it in
 * 14.34 s with the Run:ai Model Streamer, which the budget does not count on: see
 * {@link RUNAI_STREAMER_IN_IMAGE}.
 */
export const LOCAL_WEIGHT_LOAD_GBPS: SourcedFigure = {
  value: 0.335, unit: "GB/s", kind: "measured", date: "2025-11",
  source: "Run:ai Model Streamer performance benchmarks (run.ai blog, 2024-10-29): Safetensors loader, GP3, g5.12xlarge, Llama-3-8B, 47.99 s",
};

/** Copying weights from the region's bucket (S3 gateway endpoint / GCS private access) to the node's disk. */
export const BUCKET_DOWNLOAD_GBPS: SourcedFigure = {
  value: 0.25, unit: "GB/s", kind: "estimate", date: "2025-11",
  source: "planning estimate, bounded by gp3's default 125 MiB/s write throughput ... 0.25 GB/s with parallel streams; no published figure for Ray Serve LLM's downloader was found",
};

/**
 * vLLM engine start after weights are in GPU memory: torch.compile, CUDA graph capture and
 * engine init on a fresh node (no compile cache): 10 + 42 + 54 + 94 s for Llama-3.1-8B on L40S.
 */
export const ENGINE_START: SourcedFigure = {
  value: 200, unit: "s", kind: "measured", date: "2025-11",
  source: "Tensorfuse, 'Reducing GPU cold start' (tensorfuse.io blog): Llama-3.1-8B-Instruct on L40S, uncached dynamo 10 s + graph compilation 42 s + graph capture 54 s + engine init 94 s",
};

/**
 * Whether the pinned serving image (rayproject/ray-llm:2.52.0-py311-cu128, vLLM 0.11.0) can
 * load weights with vLLM's Run:ai Model Streamer (`load_format: runai_streamer`). It cannot be
 * counted on: vLLM ships the streamer only as the optional extra `runai`
 * (`extras_require={"runai": ["runai-model-streamer[s3,gcs] >= 0.15.3"]}` in vllm-project/vllm
 * setup.py of the 0.11 series), and Ray's LLM install set does not ask for it
 * (python/requirements/llm/llm-requirements.txt: `vllm>=0.7.2`, `asyncache`, `jsonref`, `boto3`;
 * docker/ray-llm/Dockerfile installs the `rayllm_*` lock file and vLLM's EP-kernel and DeepGEMM
 * scripts, nothing else). Both were read from the code index at versions near, not at, the
 * ray-2.52.0 tag (the ray repository is too large to fetch), and the image's `pip freeze`
 * (/home/ray/pip-freeze.txt) was not read. So the serve config leaves vLLM's load format at
 * its default and the budget uses {@link LOCAL_WEIGHT_LOAD_GBPS}; to use the streamer, build
 * an image with `vllm[runai]` and set `load_format: runai_streamer` in the engine arguments.
 */
export const RUNAI_STREAMER_IN_IMAGE = {
  image: "rayproject/ray-llm:2.52.0-py311-cu128",
  available: false,
  checked: "vllm setup.py extras (0.11 series), ray python/requirements/llm/llm-requirements.txt and docker/ray-llm/Dockerfile (indexed versions near 2.52)",
  date: "2026-11-30",
} as const;
