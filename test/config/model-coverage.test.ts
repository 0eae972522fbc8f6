import { checkModelCoverage, servingRegions } from "../../config/model-coverage";
import type { SourcedRegion } from "../../config/rules";
import { defaultConfig } from "../helpers";

const FILE = "regions/platform.ts";
const region = (name: string, models: string[]): SourcedRegion => ({
  file: `regions/${name}.ts`,
  region: { name, models: models.map((m) => ({ name: m })) } as unknown as SourcedRegion["region"],
});
const settings = (singleRegionModels: string[]) => {
  const s = defaultConfig().settings;
  return { ...s, traffic: { ...s.traffic, singleRegionModels } };
};
const regions = [region("a", ["small", "big"]), region("b", ["small"])];

test("servingRegions lists every region serving each model", () => {
  expect(Object.fromEntries(servingRegions(regions))).toEqual({ small: ["a", "b"], big: ["a"] });
});

test("fails when a region's failure leaves a model with no serving region, naming both ways out", () => {
  expect(checkModelCoverage(settings([]), FILE, regions)).toEqual([{
    file: "regions/a.ts",
    path: "models[1].name",
    message: '"big" is served only in a: if a fails, no region serves it and every router answers 503 for it; ' +
      "serve it in a second region, or accept the outage by adding it to traffic.singleRegionModels in regions/platform.ts",
  }]);
});

test("a model listed in traffic.singleRegionModels is an accepted outage", () => {
  expect(checkModelCoverage(settings(["big"]), FILE, regions)).toEqual([]);
});

test("fails when traffic.singleRegionModels names a model served in two regions, so the list does not go stale", () => {
  expect(checkModelCoverage(settings(["big", "small", "gone"]), FILE, regions).map((e) => `${e.path}: ${e.message}`)).toEqual([
    'traffic.singleRegionModels[1]: "small" is served in 2 regions (a, b); remove it from the list',
  ]);
});

test("the default topology declares qwen-32b (us-east-1 only) as its accepted single-region model", () => {
  const { settings: s, regions: rs } = defaultConfig();
  expect(s.traffic.singleRegionModels).toEqual(["qwen-32b"]);
  expect(checkModelCoverage(s, FILE, rs.map((r) => ({ file: `regions/${r.name}.ts`, region: r })))).toEqual([]);
});

test("a one-region platform has nothing to fail over to, so its models need no listing", () => {
  expect(checkModelCoverage(settings([]), FILE, [region("a", ["big"])])).toEqual([]);
});
