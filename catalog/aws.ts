import type { GpuName } from "./gpus";
import { EKS_VERSION_SUPPORT, type EksVersion } from "./kubernetes-versions";

/**
 * AWS facts used at synth: instance types, which regions and zones offer them, and
 * EKS versions. Synth never calls an AWS API; refresh this file instead.
 *
 * Source: EC2 accelerated-computing instance pages and
 * `aws ec2 describe-instance-type-offerings --location-type availability-zone`;
 * EKS Kubernetes version calendar. Compiled: 2025-09.
 */
export const AWS_CATALOG_SOURCE = {
  source: "EC2 instance type pages, describe-instance-type-offerings, EKS version calendar",
  compiled: "2025-09",
} as const;

/** An EC2 instance type: its GPUs (none for system types) and size. */
export interface AwsInstanceType {
  readonly gpu?: GpuName;
  readonly gpuCount: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** False where EC2 sells the type only on demand or through capacity blocks, never as spot. */
  readonly spot?: false;
}

/** Instance types the platform accepts for system and GPU pools. */
export const AWS_INSTANCE_TYPES = {
  "m7i.large": { gpuCount: 0, vcpus: 2, memoryGiB: 8 },
  "m7i.xlarge": { gpuCount: 0, vcpus: 4, memoryGiB: 16 },
  "m7i.2xlarge": { gpuCount: 0, vcpus: 8, memoryGiB: 32 },
  "m6i.xlarge": { gpuCount: 0, vcpus: 4, memoryGiB: 16 },
  "g4dn.xlarge": { gpu: "T4", gpuCount: 1, vcpus: 4, memoryGiB: 16 },
  "g4dn.12xlarge": { gpu: "T4", gpuCount: 4, vcpus: 48, memoryGiB: 192 },
  "g5.xlarge": { gpu: "A10G", gpuCount: 1, vcpus: 4, memoryGiB: 16 },
  "g5.2xlarge": { gpu: "A10G", gpuCount: 1, vcpus: 8, memoryGiB: 32 },
  "g5.12xlarge": { gpu: "A10G", gpuCount: 4, vcpus: 48, memoryGiB: 192 },
  "g5.48xlarge": { gpu: "A10G", gpuCount: 8, vcpus: 192, memoryGiB: 768 },
  "g6.xlarge": { gpu: "L4", gpuCount: 1, vcpus: 4, memoryGiB: 16 },
  "g6.2xlarge": { gpu: "L4", gpuCount: 1, vcpus: 8, memoryGiB: 32 },
  "g6.12xlarge": { gpu: "L4", gpuCount: 4, vcpus: 48, memoryGiB: 192 },
  "g6.24xlarge": { gpu: "L4", gpuCount: 4, vcpus: 96, memoryGiB: 384 },
  "g6.48xlarge": { gpu: "L4", gpuCount: 8, vcpus: 192, memoryGiB: 768 },
  "g6e.xlarge": { gpu: "L40S", gpuCount: 1, vcpus: 4, memoryGiB: 32 },
  "g6e.12xlarge": { gpu: "L40S", gpuCount: 4, vcpus: 48, memoryGiB: 384 },
  "p4d.24xlarge": { gpu: "A100-40GB", gpuCount: 8, vcpus: 96, memoryGiB: 1152 },
  "p4de.24xlarge": { gpu: "A100-80GB", gpuCount: 8, vcpus: 96, memoryGiB: 1152, spot: false },
  "p5.48xlarge": { gpu: "H100-80GB", gpuCount: 8, vcpus: 192, memoryGiB: 2048 },
} as const satisfies Record<string, AwsInstanceType>;

/** An instance type name from the catalog. */
export type AwsInstanceTypeName = keyof typeof AWS_INSTANCE_TYPES;

/** A region: its zones and the GPU instance families offered there (system types are everywhere). */
export interface AwsRegionOffer {
  readonly zones: readonly string[];
  readonly gpuFamilies: readonly string[];
}

/** Regions the platform accepts, with zones and GPU families offered. */
export const AWS_REGIONS: Readonly<Record<string, AwsRegionOffer>> = {
  "us-east-1": {
    zones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"],
    gpuFamilies: ["g4dn", "g5", "g6", "g6e", "p4d", "p4de", "p5"],
  },
  "us-east-2": {
    zones: ["us-east-2a", "us-east-2b", "us-east-2c"],
    gpuFamilies: ["g4dn", "g5", "g6", "g6e", "p4d", "p5"],
  },
  "us-west-2": {
    zones: ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"],
    gpuFamilies: ["g4dn", "g5", "g6", "g6e", "p4d", "p5"],
  },
  "eu-west-1": {
    zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    gpuFamilies: ["g4dn", "g5", "g6", "p4d"],
  },
  "eu-central-1": {
    zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
    gpuFamilies: ["g4dn", "g5", "g6", "p4d", "p5"],
  },
  "ap-northeast-1": {
    zones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
    gpuFamilies: ["g4dn", "g5", "g6", "p4d", "p5"],
  },
  "ap-south-1": {
    zones: ["ap-south-1a", "ap-south-1b", "ap-south-1c"],
    gpuFamilies: ["g4dn", "g5", "g6"],
  },
};

/** The instance family of a type name (`g6.12xlarge` -> `g6`). */
export function awsInstanceFamily(instanceType: string): string {
  return instanceType.split(".")[0];
}

/** EKS Kubernetes versions in the catalog (support dates: `kubernetes-versions.ts`). */
export const EKS_VERSIONS = Object.keys(EKS_VERSION_SUPPORT) as readonly EksVersion[];
