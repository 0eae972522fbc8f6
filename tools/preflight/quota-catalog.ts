import type { Cloud } from "../../catalog/cloud";
/**
 * The quotas a deployment of the platform consumes, as the clouds' quota consoles name them,
 * with their default values and the command that raises each. Facts, not calls: preflight
 * never asks a cloud; refresh this file.
 *
 * AWS: Service Quotas codes and names (service `ec2` and `vpc`); defaults are the "AWS default
 * quota value" column and the VPC user guide's quota table. GPU instance quotas start at 0 on
 * many new accounts (the default AWS applies varies per account; treat 0 as the safe
 * assumption). Spot quota codes cross-checked with CloudSnorkel/cloud-z's collector
 * (spotQuotas table) and public runbooks that request them.
 * GCP: Compute Engine quota metrics (the names the Quotas console filters on) and Cloud Quotas
 * ids for `gcloud beta quotas preferences create`; defaults for a new project. Regional GPU
 * quotas and GPUS_ALL_REGIONS start at 0.
 * Azure: Compute quota names as `az vm list-usage --location <region>` reports them (`cores`
 * for total regional vCPUs, one `standard<Series>Family` per VM family, `lowPriorityCores`
 * for every Spot vCPU of the region); raised with `az quota update` (azure-cli `quota`
 * extension). Defaults vary with the subscription offer: 0 is assumed for GPU families and
 * Spot (the safe assumption; most offers start there), 10 for total and D-series vCPUs.
 * Compiled: 2026-11-30.
 */
export const QUOTA_CATALOG_SOURCE = {
  aws: "Service Quotas console (ec2, vpc), Amazon VPC quotas page; CloudSnorkel/cloud-z spot quota table",
  gcp: "Compute Engine quotas page and Cloud Quotas quota ids (gcloud beta quotas info list --service=compute.googleapis.com)",
  azure: "az vm list-usage quota names; az quota update (Microsoft.Quota); defaults assumed per offer (see above)",
  compiled: "2026-11-30",
} as const;

/** One quota: where it applies and what it is by default. */
export interface QuotaFact {
  readonly cloud: Cloud;
  /** Service Quotas code (`L-0263D0A3`) or GCP quota metric (`NVIDIA_L4_GPUS`): what settings.quotas names. */
  readonly code: string;
  /** The name the quota console shows. */
  readonly name: string;
  /** `ec2` / `vpc` (AWS service code) or `compute.googleapis.com`. */
  readonly service: string;
  /** GCP: the Cloud Quotas id the raise command takes. */
  readonly quotaId?: string;
  /** What is counted. */
  readonly unit: "addresses" | "vCPUs" | "GPUs" | "VPCs" | "gateways" | "CPUs";
  /** Value on a new account or project. */
  readonly defaultValue: number;
  /** Regional (per region) or global (per account/project). */
  readonly scope: "region" | "global";
}

const aws = (code: string, name: string, service: string, unit: QuotaFact["unit"], defaultValue: number): QuotaFact =>
  ({ cloud: "aws", code, name, service, unit, defaultValue, scope: "region" });
const azure = (code: string, name: string, unit: QuotaFact["unit"], defaultValue: number, quotaId: "dedicated" | "lowPriority" = "dedicated"): QuotaFact =>
  ({ cloud: "azure", code, name, service: "Microsoft.Compute", quotaId, unit, defaultValue, scope: "region" });
const gcp = (code: string, name: string, quotaId: string, unit: QuotaFact["unit"], defaultValue: number, scope: QuotaFact["scope"] = "region"): QuotaFact =>
  ({ cloud: "gcp", code, name, service: "compute.googleapis.com", quotaId, unit, defaultValue, scope });

/** Every quota preflight reports, by code. */
export const QUOTAS = {
  "L-0263D0A3": aws("L-0263D0A3", "EC2-VPC Elastic IPs", "ec2", "addresses", 5),
  "L-F678F1CE": aws("L-F678F1CE", "VPCs per Region", "vpc", "VPCs", 5),
  "L-FE5A380F": aws("L-FE5A380F", "NAT gateways per Availability Zone", "vpc", "gateways", 5),
  "L-1216C47A": aws("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", "ec2", "vCPUs", 5),
  "L-34B43A08": aws("L-34B43A08", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests", "ec2", "vCPUs", 5),
  "L-DB2E81BA": aws("L-DB2E81BA", "Running On-Demand G and VT instances", "ec2", "vCPUs", 0),
  "L-3819A6DF": aws("L-3819A6DF", "All G and VT Spot Instance Requests", "ec2", "vCPUs", 0),
  "L-417A185B": aws("L-417A185B", "Running On-Demand P instances", "ec2", "vCPUs", 0),
  "L-7212CCBC": aws("L-7212CCBC", "All P Spot Instance Requests", "ec2", "vCPUs", 0),
  STATIC_ADDRESSES: gcp("STATIC_ADDRESSES", "Static IP addresses", "STATIC-ADDRESSES-per-project-region", "addresses", 8),
  IN_USE_ADDRESSES: gcp("IN_USE_ADDRESSES", "In-use IP addresses", "IN-USE-ADDRESSES-per-project-region", "addresses", 8),
  CPUS: gcp("CPUS", "CPUs", "CPUS-per-project-region", "CPUs", 24),
  GPUS_ALL_REGIONS: gcp("GPUS_ALL_REGIONS", "GPUs (all regions)", "GPUS-ALL-REGIONS-per-project", "GPUs", 0, "global"),
  NVIDIA_T4_GPUS: gcp("NVIDIA_T4_GPUS", "NVIDIA T4 GPUs", "NVIDIA-T4-GPUS-per-project-region", "GPUs", 0),
  PREEMPTIBLE_NVIDIA_T4_GPUS: gcp("PREEMPTIBLE_NVIDIA_T4_GPUS", "Preemptible NVIDIA T4 GPUs", "PREEMPTIBLE-NVIDIA-T4-GPUS-per-project-region", "GPUs", 0),
  NVIDIA_L4_GPUS: gcp("NVIDIA_L4_GPUS", "NVIDIA L4 GPUs", "NVIDIA-L4-GPUS-per-project-region", "GPUs", 0),
  PREEMPTIBLE_NVIDIA_L4_GPUS: gcp("PREEMPTIBLE_NVIDIA_L4_GPUS", "Preemptible NVIDIA L4 GPUs", "PREEMPTIBLE-NVIDIA-L4-GPUS-per-project-region", "GPUs", 0),
  NVIDIA_A100_GPUS: gcp("NVIDIA_A100_GPUS", "NVIDIA A100 GPUs", "NVIDIA-A100-GPUS-per-project-region", "GPUs", 0),
  PREEMPTIBLE_NVIDIA_A100_GPUS: gcp("PREEMPTIBLE_NVIDIA_A100_GPUS", "Preemptible NVIDIA A100 GPUs", "PREEMPTIBLE-NVIDIA-A100-GPUS-per-project-region", "GPUs", 0),
  NVIDIA_A100_80GB_GPUS: gcp("NVIDIA_A100_80GB_GPUS", "NVIDIA A100 80GB GPUs", "NVIDIA-A100-80GB-GPUS-per-project-region", "GPUs", 0),
  PREEMPTIBLE_NVIDIA_A100_80GB_GPUS: gcp("PREEMPTIBLE_NVIDIA_A100_80GB_GPUS", "Preemptible NVIDIA A100 80GB GPUs", "PREEMPTIBLE-NVIDIA-A100-80GB-GPUS-per-project-region", "GPUs", 0),
  NVIDIA_H100_GPUS: gcp("NVIDIA_H100_GPUS", "NVIDIA H100 GPUs", "NVIDIA-H100-GPUS-per-project-region", "GPUs", 0),
  PREEMPTIBLE_NVIDIA_H100_GPUS: gcp("PREEMPTIBLE_NVIDIA_H100_GPUS", "Preemptible NVIDIA H100 GPUs", "PREEMPTIBLE-NVIDIA-H100-GPUS-per-project-region", "GPUs", 0),
  cores: azure("cores", "Total Regional vCPUs", "vCPUs", 10),
  lowPriorityCores: azure("lowPriorityCores", "Total Regional Low-priority (Spot) vCPUs", "vCPUs", 0, "lowPriority"),
  standardDDSv5Family: azure("standardDDSv5Family", "Standard DDSv5 Family vCPUs", "vCPUs", 10),
  standardNCASv3_T4Family: azure("standardNCASv3_T4Family", "Standard NCASv3_T4 Family vCPUs", "vCPUs", 0),
  standardNCADSA100v4Family: azure("standardNCADSA100v4Family", "Standard NCADS_A100_v4 Family vCPUs", "vCPUs", 0),
  standardNDSH100v5Family: azure("standardNDSH100v5Family", "Standard NDSH100v5 Family vCPUs", "vCPUs", 0),
} as const satisfies Record<string, QuotaFact>;

/** A quota code in the catalog. */
export type QuotaCode = keyof typeof QUOTAS;

/** GCP GPU quota metric per catalog GPU model (on-demand; spot adds the PREEMPTIBLE_ prefix). */
export const GCP_GPU_QUOTA: Readonly<Record<string, string>> = {
  T4: "NVIDIA_T4_GPUS",
  L4: "NVIDIA_L4_GPUS",
  "A100-40GB": "NVIDIA_A100_GPUS",
  "A100-80GB": "NVIDIA_A100_80GB_GPUS",
  "H100-80GB": "NVIDIA_H100_GPUS",
};

/** The EC2 vCPU quota an instance type draws on, by family letter and market. */
export function awsInstanceQuota(instanceType: string, spot: boolean): QuotaCode {
  const family = instanceType.split(".")[0];
  if (/^(g|vt)\d/.test(family)) return spot ? "L-3819A6DF" : "L-DB2E81BA";
  if (/^p\d/.test(family)) return spot ? "L-7212CCBC" : "L-417A185B";
  return spot ? "L-34B43A08" : "L-1216C47A";
}

/**
 * Per cloud, the command that raises quota `q` to `value` in `region`; `scope` is the GCP
 * project or the Azure subscription (a placeholder when settings name none), unused on AWS.
 * A new cloud fills its row with its quota tool's raise command.
 */
export const RAISE_COMMAND: Readonly<Record<Cloud, (q: QuotaFact, region: string, value: number, scope?: string) => string>> = {
  aws: (q, region, value) =>
    `aws service-quotas request-service-quota-increase --region ${region} --service-code ${q.service} --quota-code ${q.code} --desired-value ${value}`,
  gcp: (q, region, value, project) => {
    const dims = q.scope === "region" ? ` --dimensions=region=${region}` : "";
    return `gcloud beta quotas preferences create --project=${project ?? "<project>"} --service=${q.service} --quota-id=${q.quotaId} --preferred-value=${value}${dims}`;
  },
  azure: (q, region, value, subscription) =>
    `az quota update --resource-name ${q.code} --resource-type ${q.quotaId} --scope /subscriptions/${subscription ?? "<subscription>"}/providers/Microsoft.Compute/locations/${region} --limit-object value=${value}`,
};

/** The command that raises a quota to `value` in `region` (and `project` on GCP, the subscription on Azure). */
export function raiseCommand(q: QuotaFact, region: string, value: number, project?: string): string {
  return RAISE_COMMAND[q.cloud](q, region, value, project);
}
