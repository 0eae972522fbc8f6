import { parsePlanDiffArgs } from "../../../tools/plan-diff/args";

describe("plan-diff arguments", () => {
  test("no arguments compare the merge base with the working tree", () => {
    expect(parsePlanDiffArgs([])).toEqual({ mode: "git", base: undefined, failOn: [], out: undefined });
  });

  test("--base, --fail-on and --out are read", () => {
    expect(parsePlanDiffArgs(["--base", "origin/main", "--fail-on", "destroy,replace", "--out", "r.md"])).toEqual({
      mode: "git", base: "origin/main", failOn: ["destroy", "replace"], out: "r.md",
    });
  });

  test("plan files take their stack name from the file or from name=", () => {
    expect(parsePlanDiffArgs(["--plan", "plans/us-east-1-cluster.plan.json", "--plan", "global=x.json"])).toMatchObject({
      mode: "plans",
      plans: [{ stack: "us-east-1-cluster", file: "plans/us-east-1-cluster.plan.json" }, { stack: "global", file: "x.json" }],
    });
  });

  test("fails when --fail-on names an unknown kind", () => {
    expect(() => parsePlanDiffArgs(["--fail-on", "destroy,delete"])).toThrow(
      '--fail-on: must be a comma-separated list of capacity-gap, destroy, replace, gpu-down, gpu-up, node-drift, failover-budget, model, cold-start-budget, dns, version, got "delete"',
    );
  });

  test("fails when --base-dir comes without --head-dir", () => {
    expect(() => parsePlanDiffArgs(["--base-dir", "a"])).toThrow("--base-dir and --head-dir: must be given together, got only --base-dir");
  });

  test("fails when two modes are mixed", () => {
    expect(() => parsePlanDiffArgs(["--base", "main", "--plan", "p.json"])).toThrow("--base, --base-dir/--head-dir and --plan: must use one of them, got 2");
  });

  test("fails when a flag has no value", () => {
    expect(() => parsePlanDiffArgs(["--base"])).toThrow("--base: needs a value, got nothing");
  });
});
