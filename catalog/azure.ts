import type { GpuName } from "./gpus";
import { AKS_VERSION_SUPPORT } from "./kubernetes-versions";

/**
 * Azure facts used at synth: VM sizes with GPUs, their quota family, which regions and
 * zones offer them, and AKS versions. Synth never calls an Azure API; refresh this file.
 *
 * Sizes: Microsoft Learn size-series pages (NCads A100 v4, NCasT4_v3, ND H100 v5, Ddsv5),
 * as mirrored by the .NET Aspire AKS VM-size table (microsoft/aspire
 * src/Aspire.Hosting.Azure.Kubernetes/AksNodeVmSizes.cs at 5bd693ae18, read 2026-11-30).
 * Quota families: the `name.value` that `az vm list-usage --location <region>` reports
 * (standardNCADSA100v4Family, standardNCASv3_T4Family, standardNDSH100v5Family); spot
 * capacity counts against the one regional `lowPriorityCores` quota instead.
 * Region and zone offers: APPROXIMATE, from Azure "Products available by region"; no
 * per-zone table was reachable when this was compiled. Check with
 * `az vm list-skus --location <region> --size <size> --zone` before relying on a zone.
 * Compiled: 2026-11-30.
 */
export const AZURE_CATALOG_SOURCE = {
  source: "Microsoft Learn GPU size-series pages (via microsoft/aspire AksNodeVmSizes.cs@5bd693ae18); az vm list-usage quota names; Products available by region (approximate)",
  compiled: "2026-11-30",
} as const;

/** A VM size: its GPUs (none for system sizes), size, and the vCPU quota family it counts against. */
export interface AzureVmSize {
  readonly gpu?: GpuName;
  readonly gpuCount: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** The regional vCPU quota family (`az vm list-usage` name) regular-priority nodes count against. */
  readonly quotaFamily: string;
  /** False where Azure does not sell the size as Spot. */
  readonly spot?: false;
}

/** VM sizes the platform accepts for system and GPU pools. */
export const AZURE_VM_SIZES = {
  Standard_D4ds_v5: { gpuCount: 0, vcpus: 4, memoryGiB: 16, quotaFamily: "standardDDSv5Family" },
  Standard_D8ds_v5: { gpuCount: 0, vcpus: 8, memoryGiB: 32, quotaFamily: "standardDDSv5Family" },
  Standard_NC4as_T4_v3: { gpu: "T4", gpuCount: 1, vcpus: 4, memoryGiB: 28, quotaFamily: "standardNCASv3_T4Family" },
  Standard_NC8as_T4_v3: { gpu: "T4", gpuCount: 1, vcpus: 8, memoryGiB: 56, quotaFamily: "standardNCASv3_T4Family" },
  Standard_NC16as_T4_v3: { gpu: "T4", gpuCount: 1, vcpus: 16, memoryGiB: 110, quotaFamily: "standardNCASv3_T4Family" },
  Standard_NC64as_T4_v3: { gpu: "T4", gpuCount: 4, vcpus: 64, memoryGiB: 440, quotaFamily: "standardNCASv3_T4Family" },
  // NC A100 v4 carries A100 80GB PCIe GPUs.
  Standard_NC24ads_A100_v4: { gpu: "A100-80GB", gpuCount: 1, vcpus: 24, memoryGiB: 220, quotaFamily: "standardNCADSA100v4Family" },
  Standard_NC48ads_A100_v4: { gpu: "A100-80GB", gpuCount: 2, vcpus: 48, memoryGiB: 440, quotaFamily: "standardNCADSA100v4Family" },
  Standard_NC96ads_A100_v4: { gpu: "A100-80GB", gpuCount: 4, vcpus: 96, memoryGiB: 880, quotaFamily: "standardNCADSA100v4Family" },
  // ND H100 v5: 8x H100 80GB SXM with InfiniBand; Azure does not sell it as Spot.
  Standard_ND96isr_H100_v5: { gpu: "H100-80GB", gpuCount: 8, vcpus: 96, memoryGiB: 1900, quotaFamily: "standardNDSH100v5Family", spot: false },
} as const satisfies Record<string, AzureVmSize>;

/** A VM size name from the catalog. */
export type AzureVmSizeName = keyof typeof AZURE_VM_SIZES;

/** The regional quota spot (low-priority) nodes of every family count against. */
export const AZURE_SPOT_QUOTA = "lowPriorityCores";

/** A region: its zones and, per GPU quota family, the zones that offer it. */
export interface AzureRegionOffer {
  readonly zones: readonly string[];
  readonly gpuFamilies: Readonly<Record<string, readonly string[]>>;
}

/** Regions the platform accepts, with zones and GPU families offered (APPROXIMATE, see above). */
export const AZURE_REGIONS: Readonly<Record<string, AzureRegionOffer>> = {
  eastus: {
    zones: ["1", "2", "3"],
    gpuFamilies: { standardNCASv3_T4Family: ["1", "2", "3"], standardNCADSA100v4Family: ["1", "2", "3"], standardNDSH100v5Family: ["1", "2", "3"] },
  },
  eastus2: {
    zones: ["1", "2", "3"],
    gpuFamilies: { standardNCASv3_T4Family: ["1", "2", "3"], standardNCADSA100v4Family: ["1", "2", "3"] },
  },
  westeurope: {
    zones: ["1", "2", "3"],
    gpuFamilies: { standardNCASv3_T4Family: ["1", "2", "3"], standardNCADSA100v4Family: ["1", "2", "3"] },
  },
  swedencentral: {
    zones: ["1", "2", "3"],
    gpuFamilies: { standardNCASv3_T4Family: ["1", "2", "3"], standardNCADSA100v4Family: ["1", "2", "3"], standardNDSH100v5Family: ["1", "2", "3"] },
  },
};

/** AKS versions in the catalog (support dates: `kubernetes-versions.ts`). */
export const AKS_VERSIONS = Object.keys(AKS_VERSION_SUPPORT) as readonly (keyof typeof AKS_VERSION_SUPPORT)[];
