import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizePlatform } from "../../../stacks/synthesize";
import { deployPlan, parseDeployArgs } from "../../../tools/deploy/plan";
import type { CdktfManifest } from "../../../tools/stacks/order";
import { defaultConfig } from "../../helpers";

/**
 * `npm run deploy` on the manifest a real synth of the default fixture topology writes:
 * every stack list it hands to `cdktf deploy` includes every dependency (cdktf refuses
 * the list otherwise) and is in apply order.
 */
function manifest(): CdktfManifest {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-test-"));
  try {
    synthesizePlatform(defaultConfig(), path.join(out, "cdktf.out"));
    return JSON.parse(fs.readFileSync(path.join(out, "cdktf.out", "manifest.json"), "utf8")) as CdktfManifest;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe("npm run deploy", () => {
  const m = manifest();
  const closedAndOrdered = (stacks: readonly string[]) => {
    stacks.forEach((s, i) => {
      for (const d of m.stacks[s].dependencies ?? []) {
        expect(stacks).toContain(d); // cdktf: "dependencies are not included in the stacks to run"
        expect(stacks.indexOf(d)).toBeLessThan(i);
      }
    });
  };

  test("--all deploys every stack, clusters first and global last", () => {
    const p = deployPlan(m, { kind: "all" });
    expect([...p.stacks].sort()).toEqual(Object.keys(m.stacks).sort());
    expect(p.stacks[p.stacks.length - 1]).toBe("global");
    closedAndOrdered(p.stacks);
    expect(p.command.slice(0, 3)).toEqual(["npx", "cdktf", "deploy"]);
  });

  // A region that is not an observability hub reads the hub clusters' state.
  test("a region brings the stacks it depends on, named as dependencies", () => {
    const p = deployPlan(m, { kind: "region", region: "eu-west-1" });
    // Both observability hubs (us-east-1, asia-south1) are read by every platform stack.
    expect(p.stacks).toEqual(["asia-south1-cluster", "eu-west-1-cluster", "us-east-1-cluster", "eu-west-1-platform"]);
    expect(p.dependencies).toEqual(["asia-south1-cluster", "us-east-1-cluster"]);
    closedAndOrdered(p.stacks);
    // us-east-1's router also admits the NAT addresses of eu-west-1, which spills llama-8b into it.
    expect(deployPlan(m, { kind: "region", region: "us-east-1" }, { autoApprove: true }).command).toEqual(["npx", "cdktf", "deploy", "--auto-approve", "asia-south1-cluster", "eu-west-1-cluster", "us-east-1-cluster", "us-east-1-platform"]);
  });

  test("global needs every region's stacks in the list", () => {
    const p = deployPlan(m, { kind: "global" });
    closedAndOrdered(p.stacks);
    expect(p.stacks.length).toBe(Object.keys(m.stacks).length);
  });

  test("fails when the region has no stack, listing what exists", () => {
    expect(() => deployPlan(m, { kind: "region", region: "mars" })).toThrow('deploy: no stack for "mars"; must be one of asia-south1, eu-west-1, us-east-1, global, --all');
  });

  test("fails when no target or two targets or an unknown flag are given", () => {
    expect(() => parseDeployArgs([])).toThrow('deploy: must name exactly one region, global or --all, got ""');
    expect(() => parseDeployArgs(["us-east-1", "--all"])).toThrow("must name exactly one region, global or --all");
    expect(() => parseDeployArgs(["--force", "us-east-1"])).toThrow("unknown flag(s) --force: allowed are --all, --dry-run, --auto-approve");
    expect(parseDeployArgs(["--dry-run", "global"])).toEqual({ target: { kind: "global" }, dryRun: true, autoApprove: false });
  });
});
