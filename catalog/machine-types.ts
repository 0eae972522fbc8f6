import { AWS_INSTANCE_TYPES, type AwsInstanceType } from "./aws";
import { GCP_MACHINE_TYPES, type GcpMachineType } from "./gcp";

/** An EC2 instance type or a GCE machine type: GPUs (none for system types) and size. */
export type MachineType = AwsInstanceType | GcpMachineType;

/**
 * The one accessor for machine-type facts: the catalog entry of `name` on `cloud`, or
 * undefined when the catalog does not list it. Validation, sizing, node pools, serving
 * and cost all read GPUs per node through it.
 */
export function machineType(cloud: "aws" | "gcp", name: string): MachineType | undefined {
  const table: Readonly<Record<string, MachineType>> = cloud === "aws" ? AWS_INSTANCE_TYPES : GCP_MACHINE_TYPES;
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** The catalog's machine types on `cloud` that carry `gpu`, for messages that list what is allowed. */
export function machineTypesWithGpu(cloud: "aws" | "gcp", gpu: string): string[] {
  const table: Readonly<Record<string, MachineType>> = cloud === "aws" ? AWS_INSTANCE_TYPES : GCP_MACHINE_TYPES;
  return Object.entries(table).filter(([, t]) => t.gpu === gpu).map(([name]) => name);
}
