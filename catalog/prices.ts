import type { Cloud } from "./cloud";
import type { AwsInstanceTypeName } from "./aws";
import type { AzureVmSizeName } from "./azure";
import type { GcpMachineTypeName } from "./gcp";

/**
 * List prices the cost report and the plan-diff cost delta use. These are ESTIMATES:
 * public on-demand list prices of one reference region, scaled per region by a rough
 * factor, with spot as a typical fraction of on-demand. They leave out data transfer,
 * NAT data processing, storage, load balancers, taxes, discounts and commitments.
 * Refresh this file (and its date) instead of calling a pricing API at synth.
 *
 * Sources: AWS "Amazon EC2 On-Demand Pricing" (Linux, us-east-1), "Amazon EKS pricing",
 * "Amazon VPC pricing" (NAT gateway); Google Cloud "VM instance pricing" and "GPU
 * pricing" (us-central1), "GKE pricing" (cluster management fee), "Cloud NAT pricing".
 * Spot fractions: typical discounts shown on the EC2 Spot and GCE Spot VM pages.
 */
export const PRICE_CATALOG_SOURCE = {
  source:
    "AWS EC2 On-Demand, EKS and VPC pricing pages (us-east-1); Google Cloud VM instance, GPU, GKE and Cloud NAT pricing pages (us-central1)",
  compiled: "2025-09",
  currency: "USD",
  note: "estimate: list prices of a reference region scaled by a regional factor; excludes data transfer, storage, load balancers, taxes and discounts",
} as const;

/** Hours in a month as cloud price sheets count them (24 * 365 / 12). */
export const HOURS_PER_MONTH = 730;

/** On-demand USD per hour of each catalog instance type in us-east-1. */
export const AWS_ON_DEMAND_HOURLY: Readonly<Record<AwsInstanceTypeName, number>> = {
  "m7i.large": 0.1008,
  "m7i.xlarge": 0.2016,
  "m7i.2xlarge": 0.4032,
  "m6i.xlarge": 0.192,
  "g4dn.xlarge": 0.526,
  "g4dn.12xlarge": 3.912,
  "g5.xlarge": 1.006,
  "g5.2xlarge": 1.212,
  "g5.12xlarge": 5.672,
  "g5.48xlarge": 16.288,
  "g6.xlarge": 0.8048,
  "g6.2xlarge": 0.9776,
  "g6.12xlarge": 4.6016,
  "g6.24xlarge": 6.6758,
  "g6.48xlarge": 13.3504,
  "g6e.xlarge": 1.861,
  "g6e.12xlarge": 10.493,
  "p4d.24xlarge": 21.9576,
  "p4de.24xlarge": 27.4470,
  "p5.48xlarge": 55.04,
};

/** On-demand USD per hour of each catalog machine type in us-central1, GPUs included. */
export const GCP_ON_DEMAND_HOURLY: Readonly<Record<GcpMachineTypeName, number>> = {
  "e2-standard-4": 0.134,
  "n2-standard-4": 0.1942,
  "n2-standard-8": 0.3885,
  "g2-standard-8": 0.8536,
  "g2-standard-24": 2.0002,
  "g2-standard-48": 4.0003,
  "g2-standard-96": 8.0007,
  "a2-highgpu-1g": 3.6733,
  "a2-highgpu-8g": 29.3867,
  "a2-ultragpu-1g": 5.0688,
  "a2-ultragpu-8g": 40.5504,
  "a3-highgpu-8g": 88.49,
};

/**
 * On-demand (pay-as-you-go, Linux) USD per hour of each catalog VM size in eastus, GPUs
 * included. ESTIMATE: Azure "Linux Virtual Machines Pricing" as remembered for these sizes,
 * not read from the page on the compile date (the price page was not reachable here);
 * check with the Azure Retail Prices API (`prices.azure.com/api/retail/prices`). Compiled: 2026-11-30.
 */
export const AZURE_ON_DEMAND_HOURLY: Readonly<Record<AzureVmSizeName, number>> = {
  Standard_D4ds_v5: 0.226,
  Standard_D8ds_v5: 0.452,
  Standard_NC4as_T4_v3: 0.526,
  Standard_NC8as_T4_v3: 0.752,
  Standard_NC16as_T4_v3: 1.204,
  Standard_NC64as_T4_v3: 4.352,
  Standard_NC24ads_A100_v4: 3.673,
  Standard_NC48ads_A100_v4: 7.346,
  Standard_NC96ads_A100_v4: 14.692,
  Standard_ND96isr_H100_v5: 98.32,
};

/** Each cloud's on-demand hourly table (reference region: us-east-1, us-central1, eastus). */
export const ON_DEMAND_HOURLY: Readonly<Record<Cloud, Readonly<Record<string, number>>>> = {
  aws: AWS_ON_DEMAND_HOURLY,
  gcp: GCP_ON_DEMAND_HOURLY,
  azure: AZURE_ON_DEMAND_HOURLY,
};

/** Typical spot price as a fraction of on-demand (spot prices move; this is a planning figure). */
export const SPOT_FRACTION: Readonly<Record<Cloud, number>> = { aws: 0.4, gcp: 0.35, azure: 0.35 };

/**
 * Rough price of a region relative to the reference region (us-east-1, us-central1),
 * for compute. A region missing here is priced at 1.0 and the report says so.
 */
export const REGION_PRICE_FACTOR: Readonly<Record<string, number>> = {
  "us-east-1": 1.0,
  "us-east-2": 1.0,
  "us-west-2": 1.0,
  "eu-west-1": 1.12,
  "eu-central-1": 1.2,
  "ap-northeast-1": 1.25,
  "ap-south-1": 1.1,
  "us-central1": 1.0,
  "europe-west4": 1.1,
  "asia-south1": 1.2,
  "asia-southeast1": 1.23,
  eastus: 1.0,
  eastus2: 1.0,
  westeurope: 1.12,
  swedencentral: 1.08,
};

/** Control-plane fee per cluster per hour (EKS standard support; GKE management fee; AKS Standard tier, which the platform uses for its uptime SLA). */
export const CLUSTER_HOURLY: Readonly<Record<Cloud, number>> = { aws: 0.1, gcp: 0.1, azure: 0.1 };

/**
 * NAT per hour: AWS per NAT gateway; GCP Cloud NAT per VM using it, capped per gateway.
 * Data processing is per GB and left out.
 */
export const NAT_HOURLY = { awsPerGateway: 0.045, gcpPerVm: 0.0014, gcpMaxPerGateway: 0.044, azurePerGateway: 0.045 } as const;
