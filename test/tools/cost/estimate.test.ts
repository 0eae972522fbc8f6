import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KARPENTER_RELEASE } from "../../../catalog/karpenter";
import { Karpenter } from "../../../constructs/karpenter";
import { karpenterPoolProps } from "../../../stacks/karpenter-pools";
import { AWS_INSTANCE_TYPES } from "../../../catalog/aws";
import { GCP_MACHINE_TYPES } from "../../../catalog/gcp";
import { AWS_ON_DEMAND_HOURLY, GCP_ON_DEMAND_HOURLY, PRICE_CATALOG_SOURCE } from "../../../catalog/prices";
import { costItemsFromConfig, costItemsFromStack, formatCostReport, karpenterPoolItem, priceItems, totals, type CostItem } from "../../../tools/cost/estimate";
import { defaultConfig } from "../../helpers";
import { clusterStackView, smallStackView } from "../fixtures";

const pool = (over: Partial<CostItem>): CostItem => ({
  stack: "s", cloud: "aws", cloudRegion: "us-east-1", kind: "gpu-pool", name: "p", instanceType: "g6.12xlarge", capacity: "on-demand", min: 1, max: 4, ...over,
});

describe("cost estimate", () => {
  test("a pool costs its hourly price x 730 h at min and at max nodes, with its GPUs", () => {
    const [line] = priceItems([pool({})]);
    expect(line).toMatchObject({ monthlyMin: 3359.17, monthlyMax: 13436.67, gpusMin: 4, gpusMax: 16 });
    expect(line.other).toEqual({ capacity: "spot", monthlyMin: 1343.67, monthlyMax: 5374.67 });
  });

  test("spot and the regional factor scale the price", () => {
    const [line] = priceItems([pool({ capacity: "spot", cloudRegion: "eu-west-1" })]);
    expect(line.monthlyMax).toBeCloseTo(4.6016 * 1.12 * 0.4 * 4 * 730, 1);
  });

  // Cloud NAT is billed per VM using it up to a cap, so it follows the region's node count.
  test("GCP Cloud NAT is priced by the stack's nodes, capped per gateway", () => {
    const items: CostItem[] = [
      pool({ cloud: "gcp", cloudRegion: "us-central1", instanceType: "g2-standard-24", min: 2, max: 100 }),
      { stack: "s", cloud: "gcp", cloudRegion: "us-central1", kind: "nat", name: "Cloud NAT", capacity: "on-demand", min: 1, max: 1 },
    ];
    const nat = priceItems(items)[1];
    expect(nat.monthlyMin).toBeCloseTo(2 * 0.0014 * 730, 2);
    expect(nat.monthlyMax).toBeCloseTo(0.044 * 730, 2);
  });

  test("an unpriced type or region is counted and says so instead of failing silently", () => {
    const [unknownType, unknownRegion] = priceItems([pool({ instanceType: "x1.huge" }), pool({ cloudRegion: "mars-1" })]);
    expect(unknownType).toMatchObject({ monthlyMax: 0, caveat: "no price for x1.huge in catalog/prices.ts; counted as 0" });
    expect(unknownRegion.caveat).toBe("no price factor for region mars-1; priced as the reference region");
    expect(unknownRegion.monthlyMax).toBe(13436.67);
  });

  // A GKE pool may give per-zone bounds; they apply in each of its node locations.
  test("GKE per-zone autoscaling bounds count once per node location", () => {
    const view = { name: "s", cloudRegion: "us-central1", providerVersions: {}, resources: [{
      address: "google_container_node_pool.p", type: "google_container_node_pool",
      values: { name: "p", node_locations: ["a", "b", "c"], autoscaling: [{ min_node_count: 1, max_node_count: 2 }], node_config: [{ machine_type: "g2-standard-8", spot: true }] },
    }] };
    expect(costItemsFromStack(view)).toEqual([{
      stack: "s", cloud: "gcp", cloudRegion: "us-central1", kind: "gpu-pool", name: "p", instanceType: "g2-standard-8", capacity: "spot", min: 3, max: 6,
    }]);
  });

  test("every catalog instance and machine type has a positive price", () => {
    for (const t of Object.keys(AWS_INSTANCE_TYPES)) expect(AWS_ON_DEMAND_HOURLY[t as keyof typeof AWS_ON_DEMAND_HOURLY]).toBeGreaterThan(0);
    for (const t of Object.keys(GCP_MACHINE_TYPES)) expect(GCP_ON_DEMAND_HOURLY[t as keyof typeof GCP_ON_DEMAND_HOURLY]).toBeGreaterThan(0);
  });

  // `npm run cost` reads the config and plan-diff reads synthesized stacks: both must
  // price the same things, or the cost delta of a PR would not match the cost report.
  test("the config and the synthesized default stacks yield the same cost items", () => {
    const config = defaultConfig();
    const sort = (items: CostItem[]) => [...items].sort((a, b) => `${a.stack}/${a.kind}/${a.name}`.localeCompare(`${b.stack}/${b.kind}/${b.name}`));
    // EKS GPU pools are Karpenter NodePools in the platform stack: read them from the same release the platform stack synthesizes.
    const karpenterView = (r: (typeof config.regions)[number]) => smallStackView(`${r.name}-platform`, (stack) => {
      new AwsProvider(stack, "aws", { region: r.region });
      new Karpenter(stack, "Karpenter", {
        chart: KARPENTER_RELEASE, clusterName: "c", controllerRoleArn: "arn", interruptionQueueName: "q", systemNodeLabels: {},
        pools: karpenterPoolProps(config.settings, r, "key"),
      });
    });
    const fromStacks = config.regions.flatMap((r) => [
      ...costItemsFromStack(clusterStackView(r)),
      ...(r.cloud === "aws" ? costItemsFromStack(karpenterView(r)) : []),
    ]);
    expect(sort(fromStacks)).toEqual(sort(costItemsFromConfig(config)));
  });

  test("a GKE pool with fallback steps: config and cluster stack price the same node pools", () => {
    const config = defaultConfig();
    const region = config.regions.find((r) => r.name === "asia-south1")!;
    const withFallback = { ...region, gpuPools: region.gpuPools.map((p) => ({ ...p, fallbackInstanceTypes: ["g2-standard-48"], capacityType: undefined, capacityTypes: ["spot", "on-demand"] as ("spot" | "on-demand")[] })) };
    const sort = (items: CostItem[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
    const fromConfig = costItemsFromConfig({ ...config, regions: [withFallback] }).filter((i) => i.kind === "gpu-pool");
    expect(sort(fromConfig).map((i) => [i.name, i.instanceType, i.capacity, i.min, i.max])).toEqual([
      ["llmp-asia-south1-l4", "g2-standard-24", "spot", 1, 4],
      ["llmp-asia-south1-l4-p2", "g2-standard-24", "on-demand", 0, 4],
      ["llmp-asia-south1-l4-p3", "g2-standard-48", "spot", 0, 4],
      ["llmp-asia-south1-l4-p4", "g2-standard-48", "on-demand", 0, 4],
    ]);
    expect(sort(costItemsFromStack(clusterStackView(withFallback)).filter((i) => i.kind === "gpu-pool"))).toEqual(sort(fromConfig));
  });

  test("the report says it is an estimate, with the price date and source, per region and in total", () => {
    const lines = priceItems(costItemsFromConfig(defaultConfig()));
    const report = formatCostReport(lines);
    const t = totals(lines);
    expect(report).toContain(`Estimate only, in USD per month (730 h), from list prices compiled ${PRICE_CATALOG_SOURCE.compiled} (${PRICE_CATALOG_SOURCE.source})`);
    for (const r of defaultConfig().regions) expect(report).toContain(`| **${r.name}-cluster** | **subtotal**`);
    expect(report).toContain(`**Total: $${Math.round(t.monthlyMin).toLocaleString("en-US")} - $${Math.round(t.monthlyMax).toLocaleString("en-US")} per month** with ${t.gpusMin}-${t.gpusMax} GPUs`);
  });

  test("spot with on-demand fallback is priced from spot (low end) to on-demand (high end)", () => {
    const item = { stack: "s", cloud: "aws", cloudRegion: "us-east-1", kind: "gpu-pool", name: "p", instanceType: "g6.12xlarge", min: 1, max: 2 } as const;
    const [fallback] = priceItems([{ ...item, capacity: "spot-then-on-demand" }]);
    const [spot] = priceItems([{ ...item, capacity: "spot" }]);
    const [onDemand] = priceItems([{ ...item, capacity: "on-demand" }]);
    expect(fallback.monthlyMin).toBe(spot.monthlyMin);
    expect(fallback.monthlyMax).toBe(onDemand.monthlyMax);
    expect(fallback.caveat).toContain("spot with on-demand fallback");
  });

  test("a Karpenter pool with fallback types is one item bounded by its GPU limit, priced as its costliest fill", () => {
    // 16 GPUs: 4 x g6.12xlarge ($4.6016/h each) or 2 x g6.48xlarge ($13.3504/h each); the limit
    // covers both together, so the high end is the dearer of the two fills, not their sum.
    const item = karpenterPoolItem("us-east-1-platform", "us-east-1", "gpu-l4", ["g6.12xlarge", "g6.48xlarge"], "on-demand", 16);
    expect(item).toMatchObject({ instanceType: "g6.48xlarge", min: 0, max: 2, name: "NodePool gpu-l4 (priced as g6.48xlarge, the costliest fill of its 2 types)" });
    const [line] = priceItems([item]);
    expect(line.monthlyMax).toBeCloseTo(2 * AWS_ON_DEMAND_HOURLY["g6.48xlarge"] * 730, 1);
    expect(line.gpusMax).toBe(16);
  });
});
