/**
 * GPU models the platform knows, with the facts that validation and sizing need.
 *
 * Source: NVIDIA data sheets and the MIG user guide
 * (https://docs.nvidia.com/datacenter/tesla/mig-user-guide/, "Supported MIG Profiles").
 * Compiled: 2025-09. Memory is the usable frame-buffer size NVIDIA lists, in GiB as marketed.
 */
export const GPU_CATALOG_SOURCE = {
  source: "NVIDIA data sheets; MIG user guide, Supported MIG Profiles",
  compiled: "2025-09",
} as const;

/** One GPU model: memory and the MIG profiles it supports (empty when it has no MIG). */
export interface GpuModel {
  /** Frame-buffer memory per GPU, GiB. */
  readonly memoryGiB: number;
  /** MIG profiles with the memory each slice gets, GiB; empty when the GPU has no MIG. */
  readonly migProfiles: Readonly<Record<string, number>>;
  /** The GCE accelerator type name, where GCP offers this GPU. */
  readonly gcpAcceleratorType?: string;
}

/** GPU models by the short name used in region files (`gpu: "L4"`). */
export const GPUS = {
  T4: { memoryGiB: 16, migProfiles: {}, gcpAcceleratorType: "nvidia-tesla-t4" },
  A10G: { memoryGiB: 24, migProfiles: {} },
  L4: { memoryGiB: 24, migProfiles: {}, gcpAcceleratorType: "nvidia-l4" },
  L40S: { memoryGiB: 48, migProfiles: {} },
  "A100-40GB": {
    memoryGiB: 40,
    migProfiles: { "1g.5gb": 5, "2g.10gb": 10, "3g.20gb": 20, "4g.20gb": 20, "7g.40gb": 40 },
    gcpAcceleratorType: "nvidia-tesla-a100",
  },
  "A100-80GB": {
    memoryGiB: 80,
    migProfiles: { "1g.10gb": 10, "2g.20gb": 20, "3g.40gb": 40, "4g.40gb": 40, "7g.80gb": 80 },
    gcpAcceleratorType: "nvidia-a100-80gb",
  },
  "H100-80GB": {
    memoryGiB: 80,
    migProfiles: { "1g.10gb": 10, "1g.20gb": 20, "2g.20gb": 20, "3g.40gb": 40, "4g.40gb": 40, "7g.80gb": 80 },
    gcpAcceleratorType: "nvidia-h100-80gb",
  },
} as const satisfies Record<string, GpuModel>;

/** A GPU model name from the catalog. */
export type GpuName = keyof typeof GPUS;

/** Every GPU name, for messages and enums. */
export const GPU_NAMES = Object.keys(GPUS) as GpuName[];
