import { deployOrder, regionStacks } from "../../../tools/stacks/order";

describe("stack apply order", () => {
  const manifest = {
    stacks: {
      global: { dependencies: [] },
      "us-east-1-platform": { dependencies: [] },
      "eu-west-1-cluster": { dependencies: [] },
      "us-east-1-cluster": { dependencies: [] },
      "eu-west-1-platform": { dependencies: ["eu-west-1-cluster"] },
    },
  };

  // A platform stack needs its cluster; DNS needs every region's endpoint.
  test("clusters come first, then platforms, then global", () => {
    expect(deployOrder(manifest)).toEqual(["eu-west-1-cluster", "us-east-1-cluster", "eu-west-1-platform", "us-east-1-platform", "global"]);
  });

  test("a declared dependency goes before its dependant whatever its layer", () => {
    const order = deployOrder({ stacks: { "a-cluster": { dependencies: ["global"] }, global: {} } });
    expect(order).toEqual(["global", "a-cluster"]);
  });

  test("a region's stacks are its cluster then its platform", () => {
    expect(regionStacks(manifest, "us-east-1")).toEqual(["us-east-1-cluster", "us-east-1-platform"]);
    expect(regionStacks(manifest, "global")).toEqual(["global"]);
  });

  test("fails when stacks depend on each other in a cycle", () => {
    expect(() => deployOrder({ stacks: { a: { dependencies: ["b"] }, b: { dependencies: ["a"] } } })).toThrow(
      "cdktf manifest: stacks depend on each other in a cycle through a",
    );
  });
});
