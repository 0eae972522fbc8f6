import { AWS_INSTANCE_TYPES, AWS_REGIONS, type AwsInstanceType } from "./aws";
import { AZURE_REGIONS, AZURE_VM_SIZES, type AzureVmSize } from "./azure";
import type { Cloud } from "./cloud";
import { GCP_MACHINE_TYPES, GCP_REGIONS, type GcpMachineType } from "./gcp";

/** An EC2 instance type, a GCE machine type or an Azure VM size: GPUs (none for system types) and size. */
export type MachineType = AwsInstanceType | GcpMachineType | AzureVmSize;

/** Each cloud's machine-type table. */
const MACHINE_TYPE_TABLES: Readonly<Record<Cloud, Readonly<Record<string, MachineType>>>> = {
  aws: AWS_INSTANCE_TYPES,
  gcp: GCP_MACHINE_TYPES,
  azure: AZURE_VM_SIZES,
};

/**
 * The one accessor for machine-type facts: the catalog entry of `name` on `cloud`, or
 * undefined when the catalog does not list it. Validation, sizing, node pools, serving
 * and cost all read GPUs per node through it.
 */
export function machineType(cloud: Cloud, name: string): MachineType | undefined {
  const table = MACHINE_TYPE_TABLES[cloud];
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** The catalog's machine types on `cloud` that carry `gpu`, for messages that list what is allowed. */
export function machineTypesWithGpu(cloud: Cloud, gpu: string): string[] {
  return Object.entries(MACHINE_TYPE_TABLES[cloud]).filter(([, t]) => t.gpu === gpu).map(([name]) => name);
}

/** False when the catalog says the type is never sold as spot on its cloud. */
export function soldAsSpot(cloud: Cloud, name: string): boolean {
  return (machineType(cloud, name) as { spot?: false } | undefined)?.spot !== false;
}

/** Each cloud's zone list of a catalog region. */
const REGION_ZONES: Readonly<Record<Cloud, (region: string) => readonly string[] | undefined>> = {
  aws: (r) => AWS_REGIONS[r]?.zones,
  gcp: (r) => GCP_REGIONS[r] && Object.keys(GCP_REGIONS[r].zones),
  azure: (r) => AZURE_REGIONS[r]?.zones,
};

/** The zones of a catalog region, or undefined when the catalog does not list the region. */
export function regionZones(cloud: Cloud, region: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(REGION_ZONES, cloud) ? REGION_ZONES[cloud](region) : undefined;
}

/** The regions the catalog lists for a cloud. */
export function catalogRegions(cloud: Cloud): string[] {
  return Object.keys({ aws: AWS_REGIONS, gcp: GCP_REGIONS, azure: AZURE_REGIONS }[cloud]);
}
