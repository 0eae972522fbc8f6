import { AWS_REGIONS } from "../../catalog/aws";
import { AZURE_REGIONS } from "../../catalog/azure";
import { AWS_LATENCY_REGION_OF_AZURE, AWS_LATENCY_REGION_OF_GCP, awsLatencyRegion, GCP_GEO_REGION_OF_AWS, GCP_GEO_REGION_OF_AZURE, gcpGeoRegion } from "../../catalog/dns-locations";
import { GCP_REGIONS } from "../../catalog/gcp";

// Latency routing on Route53 and geo routing on Cloud DNS need a location for every
// region a region file may use; a region added to a catalog without one fails here.
test("every GCP catalog region has an AWS latency region", () => {
  expect(Object.keys(AWS_LATENCY_REGION_OF_GCP).sort()).toEqual(Object.keys(GCP_REGIONS).sort());
});

test("every AWS catalog region has a GCP geo location", () => {
  expect(Object.keys(GCP_GEO_REGION_OF_AWS).sort()).toEqual(Object.keys(AWS_REGIONS).sort());
});

test("a region routes as itself on its own cloud's DNS", () => {
  expect(awsLatencyRegion("aws", "eu-west-1")).toBe("eu-west-1");
  expect(gcpGeoRegion("gcp", "asia-south1")).toBe("asia-south1");
  expect(gcpGeoRegion("aws", "ap-south-1")).toBe("asia-south1");
});

test("every Azure catalog region has an AWS latency region and a GCP geo location", () => {
  expect(Object.keys(AWS_LATENCY_REGION_OF_AZURE).sort()).toEqual(Object.keys(AZURE_REGIONS).sort());
  expect(Object.keys(GCP_GEO_REGION_OF_AZURE).sort()).toEqual(Object.keys(AZURE_REGIONS).sort());
  expect(awsLatencyRegion("azure", "westeurope")).toBe("eu-central-1");
  expect(gcpGeoRegion("azure", "westeurope")).toBe("europe-west4");
});
