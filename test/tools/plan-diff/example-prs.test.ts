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

  // PR 2: the GKE l4 pool moves to a larger machine and is renamed l4big. The construct id
  // is the pool name: Terraform destroys the old node pool and creates the new one.
  // (EKS GPU pools are Karpenter NodePools in the platform stack; GKE keeps node pools.)
  test("a pool instance-type change with a rename leads with the capacity gap", () => {
    const renamed = editedRegion("asia-south1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, name: "l4big", instanceType: "g2-standard-48" } : p));
      r.models = r.models.map((m) => (m.pool === "l4" ? { ...m, pool: "l4big" } : m));
    });
    const d = diffStack("asia-south1-cluster", clusterStackView(editedRegion("asia-south1")), clusterStackView(renamed));
    const report = formatReport([d], { title: "pool change" });
    expect(firstFinding(report)).toMatch(/^- \*\*serving capacity gone during apply\*\* \(`capacity-gap`\) in `asia-south1-cluster`: capacity of pool `[^`]*l4` is gone: the GKE node pool is destroyed while `[^`]*l4big` is created/);
  });

  // A GKE machine-type change alone is an in-place node pool update in hashicorp/google
  // 6.50.0; one that changes the GPU count replaces the pool: both are tested against the
  // provider's own ForceNew list in google-force-new.test.ts.

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
