import { checkDnsRouting, checkGlobal } from "../../config/global-rules";
import type { SourcedRegion } from "../../config/rules";
import type { PlatformSettings, RegionConfig } from "../../config/schema";
import { defaultConfig, defaultRegion } from "../helpers";

const FILE = "regions/platform.ts";
const sourced = (regions: readonly RegionConfig[]): SourcedRegion[] => regions.map((region) => ({ file: `regions/${region.name}.ts`, region }));

function settingsWith(dns: Partial<PlatformSettings["dns"]>, routing: PlatformSettings["traffic"]["routing"] = "failover"): PlatformSettings {
  const s = defaultConfig().settings;
  return { ...s, dns: { ...s.dns, ...dns }, traffic: { ...s.traffic, routing } };
}

/** An AWS region in Mumbai: Cloud DNS routes it as asia-south1, like the GCP region there. */
const apSouth1: RegionConfig = {
  ...defaultRegion("eu-west-1"),
  name: "ap-south-1",
  region: "ap-south-1",
  network: { cidr: "10.50.0.0/16", zones: ["ap-south-1a", "ap-south-1b"], natGateways: "per-zone" },
  traffic: { priority: 4, weight: 1 },
};

test("the default topology passes every global rule", () => {
  expect(checkGlobal(defaultConfig().settings, FILE, sourced(defaultConfig().regions))).toEqual([]);
});

test("fails when a Route53 zoneId is not a hosted zone id", () => {
  expect(checkDnsRouting(settingsWith({ zoneId: "llm.example.com" }), FILE, sourced(defaultConfig().regions))).toEqual([{
    file: FILE,
    path: "dns.zoneId",
    message: 'must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ, got "llm.example.com"',
  }]);
});

test("fails when a Cloud DNS zoneId is not a managed zone name", () => {
  const errors = checkDnsRouting(settingsWith({ authority: "cloud-dns", zoneId: "Z0123" }), FILE, sourced(defaultConfig().regions));
  expect(errors[0].message).toBe(`must be a Cloud DNS managed zone name (a-z, 0-9, '-', at most 63), got "Z0123"`);
});

test("fails when Cloud DNS failover has no backup region", () => {
  const errors = checkDnsRouting(settingsWith({ authority: "cloud-dns" }), FILE, sourced([defaultRegion("us-east-1")]));
  expect(errors).toEqual([{
    file: FILE,
    path: "traffic.routing",
    message: "failover on Cloud DNS needs a primary and at least one backup region; add a region or use weighted, got 1 region(s)",
  }]);
});

// Route 53 API Reference, ResourceRecordSet, Region: "You can only create one latency
// resource record set for each Amazon EC2 Region."
test("fails when two regions route by Route53 latency from the same AWS region, naming the later one's file", () => {
  const errors = checkDnsRouting(settingsWith({}, "latency"), FILE, sourced([...defaultConfig().regions, apSouth1]));
  expect(errors).toEqual([{
    file: "regions/ap-south-1.ts",
    path: "region",
    message: 'routes as Route53 latency region ap-south-1, as regions/asia-south1.ts does; Route53 holds one latency record per AWS region, so use failover or weighted routing or drop one region, got "ap-south-1"',
  }]);
  // Failover and weighted records carry no region.
  expect(checkDnsRouting(settingsWith({}, "failover"), FILE, sourced([...defaultConfig().regions, apSouth1]))).toEqual([]);
  expect(checkDnsRouting(settingsWith({}, "weighted"), FILE, sourced([...defaultConfig().regions, apSouth1]))).toEqual([]);
});

test("fails when two regions route as the same Cloud DNS geo location, naming the second region's file", () => {
  const errors = checkDnsRouting(settingsWith({ authority: "cloud-dns" }, "latency"), FILE, sourced([...defaultConfig().regions, apSouth1]));
  expect(errors).toEqual([{
    file: "regions/ap-south-1.ts",
    path: "region",
    message: 'routes as Cloud DNS location asia-south1, as regions/asia-south1.ts does; latency routing on Cloud DNS needs one region per location, got "ap-south-1"',
  }]);
  // Weighted routing has no locations.
  expect(checkDnsRouting(settingsWith({ authority: "cloud-dns" }, "weighted"), FILE, sourced([...defaultConfig().regions, apSouth1]))).toEqual([]);
});
