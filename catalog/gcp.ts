import type { GpuName } from "./gpus";
import { GKE_VERSION_SUPPORT } from "./kubernetes-versions";

/**
 * GCP facts used at synth: machine types with attached GPUs, and which zones offer
 * which accelerators. Synth never calls a GCP API; refresh this file instead.
 *
 * Source: Compute Engine "GPU regions and zones" and "Accelerator-optimized machine
 * family" pages; `gcloud compute accelerator-types list`. Compiled: 2025-09.
 */
export const GCP_CATALOG_SOURCE = {
  source: "Compute Engine GPU regions and zones; accelerator-optimized machine family",
  compiled: "2025-09",
} as const;

/** A machine type: its GPUs (none for system types) and size. */
export interface GcpMachineType {
  readonly gpu?: GpuName;
  readonly gpuCount: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
}

/** Machine types the platform accepts for system and GPU pools. */
export const GCP_MACHINE_TYPES = {
  "e2-standard-4": { gpuCount: 0, vcpus: 4, memoryGiB: 16 },
  "n2-standard-4": { gpuCount: 0, vcpus: 4, memoryGiB: 16 },
  "n2-standard-8": { gpuCount: 0, vcpus: 8, memoryGiB: 32 },
  "g2-standard-8": { gpu: "L4", gpuCount: 1, vcpus: 8, memoryGiB: 32 },
  "g2-standard-24": { gpu: "L4", gpuCount: 2, vcpus: 24, memoryGiB: 96 },
  "g2-standard-48": { gpu: "L4", gpuCount: 4, vcpus: 48, memoryGiB: 192 },
  "g2-standard-96": { gpu: "L4", gpuCount: 8, vcpus: 96, memoryGiB: 384 },
  "a2-highgpu-1g": { gpu: "A100-40GB", gpuCount: 1, vcpus: 12, memoryGiB: 85 },
  "a2-highgpu-8g": { gpu: "A100-40GB", gpuCount: 8, vcpus: 96, memoryGiB: 680 },
  "a2-ultragpu-1g": { gpu: "A100-80GB", gpuCount: 1, vcpus: 12, memoryGiB: 170 },
  "a2-ultragpu-8g": { gpu: "A100-80GB", gpuCount: 8, vcpus: 96, memoryGiB: 1360 },
  "a3-highgpu-8g": { gpu: "H100-80GB", gpuCount: 8, vcpus: 208, memoryGiB: 1872 },
} as const satisfies Record<string, GcpMachineType>;

/** A machine type name from the catalog. */
export type GcpMachineTypeName = keyof typeof GCP_MACHINE_TYPES;

/** A region: its zones and, per zone, the GPU models offered there. */
export interface GcpRegionOffer {
  readonly zones: Readonly<Record<string, readonly GpuName[]>>;
}

/** Regions the platform accepts, with the GPUs each zone offers. */
export const GCP_REGIONS: Readonly<Record<string, GcpRegionOffer>> = {
  "us-central1": {
    zones: {
      "us-central1-a": ["T4", "L4", "A100-40GB", "A100-80GB", "H100-80GB"],
      "us-central1-b": ["T4", "L4", "A100-40GB", "H100-80GB"],
      "us-central1-c": ["T4", "L4", "A100-40GB", "A100-80GB", "H100-80GB"],
      "us-central1-f": ["T4", "A100-40GB"],
    },
  },
  "europe-west4": {
    zones: {
      "europe-west4-a": ["T4", "L4", "A100-40GB", "A100-80GB", "H100-80GB"],
      "europe-west4-b": ["T4", "L4", "A100-40GB", "H100-80GB"],
      "europe-west4-c": ["T4", "L4", "H100-80GB"],
    },
  },
  "asia-south1": {
    zones: {
      "asia-south1-a": ["T4", "L4"],
      "asia-south1-b": ["T4", "L4"],
      "asia-south1-c": ["L4"],
    },
  },
  "asia-southeast1": {
    zones: {
      "asia-southeast1-a": ["T4", "L4"],
      "asia-southeast1-b": ["T4", "L4", "A100-40GB", "H100-80GB"],
      "asia-southeast1-c": ["T4", "L4", "A100-40GB", "A100-80GB", "H100-80GB"],
    },
  },
};

/** GKE versions in the catalog (support dates: `kubernetes-versions.ts`). */
export const GKE_VERSIONS = Object.keys(GKE_VERSION_SUPPORT) as readonly (keyof typeof GKE_VERSION_SUPPORT)[];
