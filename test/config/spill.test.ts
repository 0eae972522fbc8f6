import { modelCatalog, modelRoutes, regionServingHost, spillSources } from "../../config/spill";

const region = (name: string, priority: number, models: [string, number][]) => ({
  name,
  traffic: { priority, weight: 1 },
  models: models.map(([m, minReplicas]) => ({ name: m, minReplicas })),
}) as unknown as Parameters<typeof modelRoutes>[0][number];

const regions = [
  region("b-west", 2, [["small", 1]]),
  region("a-east", 1, [["small", 1], ["big", 0]]),
  region("c-south", 3, [["small", 2], ["mid", 1]]),
];
const fqdn = "api.example.com";

describe("modelRoutes", () => {
  test("every region routes the whole catalog, sorted", () => {
    expect(modelCatalog(regions)).toEqual(["big", "mid", "small"]);
    for (const r of regions) expect(modelRoutes(regions, r.name, fqdn).map((x) => x.model)).toEqual(["big", "mid", "small"]);
  });

  test("the peer is the highest-priority other region serving the model, reached at its own name", () => {
    const routes = modelRoutes(regions, "b-west", fqdn);
    expect(routes.find((r) => r.model === "small")).toEqual({
      model: "small", servedHere: true, requiredForHealth: true, spillTo: { region: "a-east", host: "a-east.api.example.com" },
    });
    expect(routes.find((r) => r.model === "mid")?.spillTo?.region).toBe("c-south");
    expect(modelRoutes(regions, "a-east", fqdn).find((r) => r.model === "small")?.spillTo?.region).toBe("b-west");
  });

  test("a model that scales from zero does not make its region unhealthy; one served nowhere else has no peer", () => {
    const big = modelRoutes(regions, "a-east", fqdn).find((r) => r.model === "big")!;
    expect(big).toEqual({ model: "big", servedHere: true, requiredForHealth: false });
  });

  test("a model not served here is never required and always has a peer", () => {
    expect(modelRoutes(regions, "b-west", fqdn).find((r) => r.model === "big")).toEqual({
      model: "big", servedHere: false, requiredForHealth: false, spillTo: { region: "a-east", host: regionServingHost("a-east", fqdn) },
    });
  });

  test("spillSources lists the regions whose routers send traffic here", () => {
    expect(spillSources(regions, "a-east", fqdn)).toEqual(["b-west", "c-south"]);
    expect(spillSources(regions, "c-south", fqdn)).toEqual(["b-west", "a-east"]);
  });

  test("fails when the region is unknown", () => {
    expect(() => modelRoutes(regions, "nowhere", fqdn)).toThrow("modelRoutes: no region nowhere");
  });
});
