import { validatePlatform } from "../../config/validate";
import { generateTopology } from "../../tools/bench/topology";

// The benchmark must measure a valid topology, or it measures the error path.
describe("generateTopology", () => {
  test("30 generated regions pass validation", () => {
    const t = generateTopology(30);
    const config = validatePlatform({
      dir: "bench/",
      settings: { file: "bench/platform.json", data: t.settings },
      regions: t.regions.map((r) => ({ file: `bench/${r.name}.json`, data: r })),
    });
    expect(config.regions).toHaveLength(30);
    expect(config.regions.filter((r) => r.cloud === "gcp")).toHaveLength(10);
  });

  test("fails when asked for no region", () => {
    expect(() => generateTopology(0)).toThrow("generateTopology: 1..200 regions, got 0");
  });
});
