import { AZURE_REGIONS, AZURE_VM_SIZES, type AzureVmSize } from "../../catalog/azure";
import { GPUS } from "../../catalog/gpus";
import { supportStatus } from "../../catalog/kubernetes-versions";
import { machineType, machineTypesWithGpu, regionZones, soldAsSpot } from "../../catalog/machine-types";
import { AZURE_ON_DEMAND_HOURLY } from "../../catalog/prices";

const sizes = Object.entries(AZURE_VM_SIZES) as [string, AzureVmSize][];

describe("Azure catalog", () => {
  test("every GPU size names a catalog GPU and a quota family some region offers", () => {
    const offered = new Set(Object.values(AZURE_REGIONS).flatMap((r) => Object.keys(r.gpuFamilies)));
    for (const [name, size] of sizes.filter(([, s]) => s.gpuCount > 0)) {
      expect([name, size.gpu && Object.prototype.hasOwnProperty.call(GPUS, size.gpu)]).toEqual([name, true]);
      expect([name, offered.has(size.quotaFamily)]).toEqual([name, true]);
    }
  });

  test("a region offers GPU families only in its own zones, and only families of catalog sizes", () => {
    const families = new Set(sizes.map(([, s]) => s.quotaFamily));
    for (const [region, offer] of Object.entries(AZURE_REGIONS)) {
      for (const [family, zones] of Object.entries(offer.gpuFamilies)) {
        expect([region, family, families.has(family)]).toEqual([region, family, true]);
        expect([region, family, zones.filter((z) => !offer.zones.includes(z))]).toEqual([region, family, []]);
      }
    }
  });

  // Sizes follow the series tables: vCPUs in the name, GPUs per the series (NC A100 v4: 1 per 24 vCPUs).
  test("the vCPU count is the number in the size name", () => {
    for (const [name, size] of sizes) expect([name, size.vcpus]).toEqual([name, Number(/^Standard_[A-Z]+(\d+)/.exec(name)![1])]);
    expect(machineTypesWithGpu("azure", "A100-80GB")).toEqual(["Standard_NC24ads_A100_v4", "Standard_NC48ads_A100_v4", "Standard_NC96ads_A100_v4"]);
    expect(machineType("azure", "Standard_NC96ads_A100_v4")?.gpuCount).toBe(4);
  });

  test("every size has a price, and the sizes Azure does not sell as Spot say so", () => {
    for (const [name] of sizes) expect([name, typeof AZURE_ON_DEMAND_HOURLY[name as keyof typeof AZURE_ON_DEMAND_HOURLY]]).toEqual([name, "number"]);
    expect(soldAsSpot("azure", "Standard_ND96isr_H100_v5")).toBe(false);
    expect(soldAsSpot("azure", "Standard_NC24ads_A100_v4")).toBe(true);
  });

  test("zones come from the Azure table for Azure and from each cloud's own table otherwise", () => {
    expect(regionZones("azure", "westeurope")).toEqual(["1", "2", "3"]);
    expect(regionZones("azure", "us-east-1")).toBeUndefined();
    expect(regionZones("aws", "us-east-1")).toContain("us-east-1a");
  });

  // AKS release calendar (ms.date 2026-08-05): 1.34 reaches end of life in Nov 2026, 1.35 in Mar 2027.
  test("AKS support follows the release calendar's end-of-life months", () => {
    const day = new Date("2026-11-30T12:00:00Z");
    expect(supportStatus("azure", "1.34", day).kind).toBe("ended");
    expect(supportStatus("azure", "1.34", new Date("2026-11-01T00:00:00Z"))).toEqual({ kind: "ending", endOfStandardSupport: "2026-11-30", daysLeft: 29 });
    expect(supportStatus("azure", "1.35", day)).toEqual({ kind: "supported", endOfStandardSupport: "2027-03-31" });
    expect(supportStatus("azure", "1.31", day).kind).toBe("unknown");
  });
});
