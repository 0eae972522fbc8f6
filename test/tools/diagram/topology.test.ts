import * as fs from "fs";
import * as path from "path";
import { readmeBlock, replaceReadmeBlock, toDot, toMermaid, topologyOf } from "../../../tools/diagram/topology";
import { defaultConfig, liveConfig, ROOT } from "../../helpers";

describe("topology diagram", () => {
  const config = defaultConfig();
  const topology = topologyOf(config);

  // The README must show the diagram of the default topology as generated, never a hand-drawn copy.
  test("the README block is the generated diagram of regions/", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(readmeBlock(toMermaid(topologyOf(liveConfig()))));
  });

  test("regions follow the failover order and the first is labelled primary", () => {
    expect(topology.regions.map((r) => [r.name, r.routeLabel])).toEqual([
      ["us-east-1", "priority 1 (primary)"],
      ["eu-west-1", "priority 2"],
      ["asia-south1", "priority 3"],
    ]);
  });

  test("weighted routing labels edges with weights", () => {
    const weighted = topologyOf({ ...config, settings: { ...config.settings, traffic: { ...config.settings.traffic, routing: "weighted" } } });
    expect(toMermaid(weighted)).toContain('dns -- "weight 2" --> us_east_1_serve');
  });

  test("every region, pool and model appears, and every non-hub region federates to the hub", () => {
    const mermaid = toMermaid(topology);
    for (const r of config.regions) {
      expect(mermaid).toContain(`subgraph r_${r.name.replace(/-/g, "_")}[`);
      for (const p of r.gpuPools) expect(mermaid).toContain(`GPU pool ${p.name}<br/>${p.minNodes}-${p.maxNodes} x ${p.instanceType}`);
      for (const m of r.models) expect(mermaid).toContain(m.model);
    }
    expect(mermaid.match(/-\. federation \.->/g)).toHaveLength(config.regions.length - 1);
    expect(mermaid).toContain("eu_west_1_prom -. federation .-> us_east_1_prom");
  });

  test("DOT has one cluster per region and the same edges", () => {
    const dot = toDot(topology);
    expect(dot.match(/subgraph cluster_/g)).toHaveLength(config.regions.length);
    expect(dot).toContain('dns -> us_east_1_serve [label="priority 1 (primary)"];');
    expect(dot).toContain('asia_south1_prom -> us_east_1_prom [style=dashed, label="federation"];');
  });

  test("quotes in labels are escaped for each format", () => {
    const odd = { ...topology, fqdn: 'a"b.example.com' };
    expect(toMermaid(odd)).toContain("a#quot;b.example.com");
    expect(toDot(odd)).toContain('a\\"b.example.com');
  });

  test("the README block is replaced between the markers and the rest is kept", () => {
    const before = "# x\n\n<!-- topology:begin -->\nold\n<!-- topology:end -->\ntail\n";
    expect(replaceReadmeBlock(before, "flowchart LR\n")).toBe(`# x\n\n${readmeBlock("flowchart LR\n")}\ntail\n`);
  });

  test("fails when the README has no end marker", () => {
    expect(() => replaceReadmeBlock("<!-- topology:begin -->", "x")).toThrow(
      "README.md: must contain <!-- topology:begin --> followed by <!-- topology:end -->, got no end marker",
    );
  });
});
