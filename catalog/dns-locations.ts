/**
 * Where each catalog region is, in the terms the other cloud's DNS routing understands:
 * Route53 latency records name an AWS region, Cloud DNS geo policies a GCP region. A
 * region of the other cloud is routed as if it were in the nearest region of this one.
 *
 * Source: AWS "Regions and Availability Zones" and Google Cloud "Cloud locations" pages
 * (metro areas of each region). Compiled: 2025-09.
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

/** The AWS region Route53 latency routing uses for a region of either cloud. */
export function awsLatencyRegion(cloud: "aws" | "gcp", region: string): string | undefined {
  return cloud === "aws" ? region : AWS_LATENCY_REGION_OF_GCP[region];
}

/** The GCP region Cloud DNS geo routing uses for a region of either cloud. */
export function gcpGeoRegion(cloud: "aws" | "gcp", region: string): string | undefined {
  return cloud === "gcp" ? region : GCP_GEO_REGION_OF_AWS[region];
}
