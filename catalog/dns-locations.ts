import type { Cloud } from "./cloud";

/**
 * Where each catalog region is, in the terms the other cloud's DNS routing understands:
 * Route53 latency records name an AWS region, Cloud DNS geo policies a GCP region. A
 * region of the other cloud is routed as if it were in the nearest region of this one.
 *
 * Source: AWS "Regions and Availability Zones" and Google Cloud "Cloud locations" pages
 * (metro areas of each region). Compiled: 2025-09. Azure rows: Azure "Azure geographies"
 * (region locations: eastus/eastus2 Virginia, westeurope Netherlands, swedencentral Gävle),
 * added 2026-11-30.
 */
export const DNS_LOCATIONS_SOURCE = {
  source: "AWS Regions and Availability Zones; Google Cloud locations",
  compiled: "2025-09",
} as const;

/** The AWS region nearest to each GCP catalog region, for Route53 latency records. */
export const AWS_LATENCY_REGION_OF_GCP: Readonly<Record<string, string>> = {
  "us-central1": "us-east-2", // Iowa -> Ohio
  "europe-west4": "eu-central-1", // Netherlands -> Frankfurt
  "asia-south1": "ap-south-1", // Mumbai -> Mumbai
  "asia-southeast1": "ap-southeast-1", // Singapore -> Singapore
};

/** The GCP region nearest to each AWS catalog region, for Cloud DNS geo items. */
export const GCP_GEO_REGION_OF_AWS: Readonly<Record<string, string>> = {
  "us-east-1": "us-east4", // N. Virginia -> N. Virginia
  "us-east-2": "us-east5", // Ohio -> Columbus
  "us-west-2": "us-west1", // Oregon -> Oregon
  "eu-west-1": "europe-west2", // Ireland -> London
  "eu-central-1": "europe-west3", // Frankfurt -> Frankfurt
  "ap-northeast-1": "asia-northeast1", // Tokyo -> Tokyo
  "ap-south-1": "asia-south1", // Mumbai -> Mumbai
};

/** The AWS region nearest to each Azure catalog region, for Route53 latency records. */
export const AWS_LATENCY_REGION_OF_AZURE: Readonly<Record<string, string>> = {
  eastus: "us-east-1", // Virginia -> N. Virginia
  eastus2: "us-east-1", // Virginia -> N. Virginia
  westeurope: "eu-central-1", // Netherlands -> Frankfurt
  swedencentral: "eu-north-1", // Gävle -> Stockholm
};

/** The GCP region nearest to each Azure catalog region, for Cloud DNS geo items. */
export const GCP_GEO_REGION_OF_AZURE: Readonly<Record<string, string>> = {
  eastus: "us-east4", // Virginia -> N. Virginia
  eastus2: "us-east4", // Virginia -> N. Virginia
  westeurope: "europe-west4", // Netherlands -> Netherlands
  swedencentral: "europe-north1", // Gävle -> Hamina
};

/** Per cloud of the region: the table that names its Route53 latency region (undefined: the region itself). */
const AWS_LATENCY_TABLES: Readonly<Record<Cloud, Readonly<Record<string, string>> | undefined>> = {
  aws: undefined,
  gcp: AWS_LATENCY_REGION_OF_GCP,
  azure: AWS_LATENCY_REGION_OF_AZURE,
};

/** Per cloud of the region: the table that names its Cloud DNS geo region (undefined: the region itself). */
const GCP_GEO_TABLES: Readonly<Record<Cloud, Readonly<Record<string, string>> | undefined>> = {
  aws: GCP_GEO_REGION_OF_AWS,
  gcp: undefined,
  azure: GCP_GEO_REGION_OF_AZURE,
};

/** For messages: the name of the table that maps a cloud's regions for Route53 (`route53`) or Cloud DNS (`cloud-dns`), and its regions. */
export function dnsLocationTable(authority: "route53" | "cloud-dns", cloud: Cloud): { readonly name: string; readonly regions: readonly string[] } | undefined {
  const tables = authority === "route53" ? AWS_LATENCY_TABLES : GCP_GEO_TABLES;
  const table = tables[cloud];
  if (!table) return undefined;
  const names: Readonly<Record<string, string>> = {
    "route53:gcp": "AWS_LATENCY_REGION_OF_GCP", "route53:azure": "AWS_LATENCY_REGION_OF_AZURE",
    "cloud-dns:aws": "GCP_GEO_REGION_OF_AWS", "cloud-dns:azure": "GCP_GEO_REGION_OF_AZURE",
  };
  return { name: names[`${authority}:${cloud}`], regions: Object.keys(table) };
}

/** The AWS region Route53 latency routing uses for a region of any cloud. */
export function awsLatencyRegion(cloud: Cloud, region: string): string | undefined {
  const table = AWS_LATENCY_TABLES[cloud];
  return table ? table[region] : region;
}

/** The GCP region Cloud DNS geo routing uses for a region of any cloud. */
export function gcpGeoRegion(cloud: Cloud, region: string): string | undefined {
  const table = GCP_GEO_TABLES[cloud];
  return table ? table[region] : region;
}
