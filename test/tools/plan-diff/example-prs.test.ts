import { diffStack, diffStacks } from "../../../tools/plan-diff/diff";
import { formatReport } from "../../../tools/plan-diff/report";
import { defaultConfig } from "../../helpers";
import { clusterStackView, editedRegion, globalStackView, platformStackView } from "../fixtures";

/**
 * The three pull requests of issue 16, synthesized as `cdktf synth` writes them: for each,
 * the first finding of the report (the first thing a reviewer reads under the title) is
 * the risky change.
 */

/** The first finding line of a report: the line after "### Must not miss". */
function firstFinding(report: string): string {
  const lines = report.split("\n");
  return lines[lines.indexOf("### Must not miss") + 2];
}

describe("plan-diff on the three example pull requests", () => {
  // PR 1: the weights behind the client-facing name `llama-8b` change. The whole change is
  // inside the RayService's serveConfigV2 YAML string: the report shows the changed path.
  test("a model swap shows the changed model path inside serveConfigV2, first", () => {
    const swap = editedRegion("us-east-1", (r) => {
      r.models = r.models.map((m) => (m.name === "llama-8b" ? { ...m, model: "meta-llama/Llama-3.2-3B-Instruct" } : m));
    });
    const d = diffStack("us-east-1-platform", platformStackView(editedRegion("us-east-1")), platformStackView(swap));
    const report = formatReport([d], { title: "model swap" });
    expect(firstFinding(report)).toMatch(/^- \*\*model swap\*\* \(`model`\) in `us-east-1-platform`: the model served changes: .*serveConfigV2\.applications\[name="llama-8b"\]\.args\.llm_configs\[0\]\.model_loading_config\.model_source\.bucket_uri`: ".*\/meta-llama\/Llama-3\.1-8B-Instruct" -> ".*\/meta-llama\/Llama-3\.2-3B-Instruct"\.$/);
    // The changed line, not the blob: before and after read differently, on one line each.
    const line = report.split("\n").find((l) => l.includes("model_source.bucket_uri`:") && l.startsWith("  - "))!;
    expect(line).toMatch(/Llama-3\.1-8B-Instruct` -> `.*Llama-3\.2-3B-Instruct`$/);
    expect(report).not.toMatch(/proxy_location: EveryNode/);
  });

  // PR 2: the l4 pool moves to g6e.12xlarge (L40S) and is renamed l40main. The construct id
  // is the pool name: Terraform destroys the old node group and creates the new one.
  test("a pool instance-type change with a rename leads with the capacity gap", () => {
    const renamed = editedRegion("us-east-1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, name: "l40main", gpu: "L40S", instanceType: "g6e.12xlarge" } : p));
      r.models = r.models.map((m) => (m.pool === "l4" ? { ...m, pool: "l40main" } : m));
    });
    const d = diffStack("us-east-1-cluster", clusterStackView(editedRegion("us-east-1")), clusterStackView(renamed));
    const report = formatReport([d], { title: "pool change" });
    expect(firstFinding(report)).toMatch(/^- \*\*serving capacity gone during apply\*\* \(`capacity-gap`\) in `us-east-1-cluster`: capacity of pool `llmp-us-east-1-l4` is gone: the EKS node group is destroyed while `llmp-us-east-1-l40main` is created/);
  });

  // The same instance-type change without a rename replaces the node group in place:
  // fixed name, no create_before_destroy, so the pool's capacity is gone for the whole replacement.
  test("an instance-type change alone is a replacement whose capacity gap is named", () => {
    const changed = editedRegion("us-east-1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, gpu: "L40S", instanceType: "g6e.12xlarge" } : p));
    });
    const d = diffStack("us-east-1-cluster", clusterStackView(editedRegion("us-east-1")), clusterStackView(changed));
    const report = formatReport([d], { title: "instance type" });
    expect(firstFinding(report)).toContain("capacity of pool `llmp-us-east-1-l4` is gone for the whole replacement: the EKS node group is destroyed before its replacement is created (fixed name, no create_before_destroy), because of `instance_types[0]`");
    expect(report).toContain("`instance_types[0]`: `g6.12xlarge` -> `g6e.12xlarge` **(forces replacement)**");
  });

  // PR 3: health checks probe less often and tolerate more failures: failover gets slower.
  test("a health-check settings change leads with the failover budget before and after", () => {
    const base = defaultConfig();
    const slower = { ...base, settings: { ...base.settings, traffic: { ...base.settings.traffic, healthCheck: { ...base.settings.traffic.healthCheck, requestIntervalSeconds: 30 as const, failureThreshold: 3 } } } };
    const d = diffStack("global", globalStackView(base), globalStackView(slower));
    const report = formatReport([d], { title: "health checks" });
    expect(firstFinding(report)).toBe(
      "- **failover budget** (`failover-budget`) in `global`: worst-case failover gets LONGER: 36 s (detection 26 s = 2 x 10 s + 6 s probe timeout; TTL 10 s) -> 106 s (detection 96 s = 3 x 30 s + 6 s probe timeout; TTL 10 s).",
    );
    // request_interval is ForceNew in the AWS provider: the health checks are replaced.
    expect(d.changes.filter((c) => c.type === "aws_route53_health_check").every((c) => c.action === "replace")).toBe(true);
  });

  // Adding a region adds federation jobs to the hub's Prometheus values: matched by
  // job_name, only the new region's job shows, not every later job renamed.
  test("adding a region shows only the added federation job", () => {
    const base = defaultConfig();
    const without = { ...base, regions: base.regions.filter((r) => r.name !== "eu-west-1") };
    const hub = base.regions.find((r) => r.name === base.settings.observability.hubs?.primary)!;
    const [d] = diffStacks([platformStackView(hub, without)], [platformStackView(hub, base)]);
    const paths = d.changes.flatMap((c) => c.attributes.map((a) => a.path));
    const jobPaths = paths.filter((p) => p.includes("job_name="));
    expect(jobPaths.length).toBeGreaterThan(0);
    expect(jobPaths.every((p) => /job_name="[^"]*eu-west-1[^"]*"/.test(p))).toBe(true);
  });
});
