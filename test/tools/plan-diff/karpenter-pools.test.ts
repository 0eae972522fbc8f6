import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { diffStack } from "../../../tools/plan-diff/diff";
import { karpenterObjects } from "../../../tools/plan-diff/karpenter-pools";
import { formatReport } from "../../../tools/plan-diff/report";
import { editedRegion, platformStackView, smallStackView } from "../fixtures";

/**
 * plan-diff sees EKS GPU pools, which are Karpenter NodePools in the platform stack, as
 * pools: a rename or an instance-type change deletes a NodePool (its nodes are drained and
 * terminated), and the NodePools' GPU limits are the stack's GPU ceiling.
 */

function firstFinding(report: string): string {
  const lines = report.split("\n");
  return lines[lines.indexOf("### Must not miss") + 2];
}

const base = editedRegion("us-east-1");

describe("plan-diff recognises Karpenter NodePools as pools", () => {
  test("finds every NodePool and EC2NodeClass of the platform stack, with instance types and GPU limits", () => {
    const k = karpenterObjects(platformStackView(base));
    expect(k.nodePools.length).toBeGreaterThanOrEqual(2);
    const l4 = k.nodePools.filter((p) => p.nodeClass === "gpu-l4");
    expect(l4.flatMap((p) => p.instanceTypes)).toContain("g6.12xlarge");
    expect(l4.every((p) => p.gpuLimit === 16)).toBe(true); // maxNodes 4 x 4 L4 per g6.12xlarge
    expect(k.nodeClasses.map((c) => c.name).sort()).toEqual(["gpu-l4", "gpu-l40s"]);
    expect(k.doNotDisrupt).toBe(true);
  });

  // The realistic PR: the l4 pool is renamed l4big and moves to g6.24xlarge.
  test("a pool rename with an instance-type change leads with the NodePool's capacity gap", () => {
    const renamed = editedRegion("us-east-1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, name: "l4big", instanceType: "g6.24xlarge" } : p));
      r.models = r.models.map((m) => (m.pool === "l4" ? { ...m, pool: "l4big" } : m));
    });
    const before = platformStackView(base);
    const after = platformStackView(renamed);
    // Names as the platform derives them (per pool or per instance type): read, not assumed.
    const [oldPool] = karpenterObjects(before).nodePools.filter((p) => p.nodeClass === "gpu-l4");
    const [newPool] = karpenterObjects(after).nodePools.filter((p) => p.nodeClass === "gpu-l4big");
    const d = diffStack("us-east-1-platform", before, after);
    const report = formatReport([d], { title: "rename l4" });
    expect(firstFinding(report)).toContain(
      `- **serving capacity gone during apply** (\`capacity-gap\`) in \`us-east-1-platform\`: capacity of Karpenter NodePool \`${oldPool.name}\` (g6.12xlarge) is gone: ` +
        `the NodePool is deleted while \`${newPool.name}\` (g6.24xlarge) is created.`,
    );
    expect(firstFinding(report)).toMatch(/cascading deletion.*do-not-disrupt/);
    // The rename shows as objects removed and added, keyed by kind and name.
    const paths = d.changes.flatMap((c) => c.attributes.map((a) => a.path));
    expect(paths.some((p) => p.includes(`[object="NodePool/${newPool.name}"]`))).toBe(true);
    // Same GPU ceiling (4 nodes x 4 L4): no GPU finding.
    expect(d.findings.filter((f) => f.kind === "gpu-up" || f.kind === "gpu-down")).toEqual([]);
  });

  // Whether the NodePool keeps its name decides it: a NodePool named for its instance type
  // is deleted (a gap); one named for its pool drifts its nodes.
  test("an instance-type change alone is a capacity gap or node drift, as the NodePool's name goes", () => {
    const moved = editedRegion("us-east-1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, instanceType: "g6.24xlarge" } : p));
    });
    const before = platformStackView(base);
    const after = platformStackView(moved);
    const names = (v: typeof before) => karpenterObjects(v).nodePools.filter((p) => p.nodeClass === "gpu-l4").map((p) => p.name);
    const kept = names(after).some((n) => names(before).includes(n));
    const report = formatReport([diffStack("us-east-1-platform", before, after)], { title: "g6.24xlarge" });
    expect(firstFinding(report)).toMatch(kept ? /\(`node-drift`\).*g6\.12xlarge -> g6\.24xlarge.*allows 0 drifted nodes/ : /\(`capacity-gap`\).*\(g6\.12xlarge\) is gone: the NodePool is deleted while .*\(g6\.24xlarge\) is created/);
  });

  test("a raised and a lowered pool maximum are gpu-up and gpu-down from the NodePool limits", () => {
    const bigger = editedRegion("us-east-1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, maxNodes: 6 } : p));
    });
    const up = diffStack("us-east-1-platform", platformStackView(base), platformStackView(bigger));
    const gpu = up.findings.filter((f) => f.kind === "gpu-up" || f.kind === "gpu-down");
    expect(gpu).toHaveLength(1);
    expect(gpu[0].kind).toBe("gpu-up");
    expect(gpu[0].message).toMatch(/added over all NodePools: (\d+) -> (\d+)/);
    const [, b, a] = /: (\d+) -> (\d+)/.exec(gpu[0].message)!;
    // Every NodePool of the pool carries the pool's limit: 8 more GPUs per l4 NodePool.
    const l4Pools = karpenterObjects(platformStackView(base)).nodePools.filter((p) => p.nodeClass === "gpu-l4").length;
    expect(Number(a) - Number(b)).toBe(8 * l4Pools);
    const down = diffStack("us-east-1-platform", platformStackView(bigger), platformStackView(base));
    expect(down.findings.filter((f) => f.kind === "gpu-down")).toHaveLength(1);
    expect(down.findings.some((f) => f.kind === "capacity-gap")).toBe(false);
  });

  // Recognised by kind, not by release: the same NodePool as a kubernetes_manifest.
  const nodePool = (name: string, gpus: string, instanceType = "g6.12xlarge", budgets?: unknown[]) => ({
    apiVersion: "karpenter.sh/v1",
    kind: "NodePool",
    metadata: { name },
    spec: {
      limits: { "nvidia.com/gpu": gpus },
      ...(budgets ? { disruption: { consolidationPolicy: "WhenEmpty", budgets } } : {}),
      template: { spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "gpu" }, requirements: [{ key: "node.kubernetes.io/instance-type", operator: "In", values: [instanceType] }] } },
    },
  });

  // One NodePool per pool (its name kept): an instance-type change is drift, not a deletion.
  test("a kept NodePool whose instance types change drifts its nodes, held by a Drifted budget of 0", () => {
    const view = (type: string, budgets?: unknown[]) => smallStackView("s", (stack) => new Manifest(stack, "Pool", { manifest: nodePool("l4", "16", type, budgets) }));
    const held = diffStack("s", view("g6.12xlarge", [{ nodes: "0", reasons: ["Drifted", "Underutilized"] }]), view("g6.24xlarge", [{ nodes: "0", reasons: ["Drifted", "Underutilized"] }]));
    expect(held.findings.map((f) => f.kind)).toEqual(["node-drift"]);
    expect(held.findings[0].message).toMatch(/`l4` changes instance types: g6\.12xlarge -> g6\.24xlarge\. Its nodes of g6\.12xlarge are drifted.*allows 0 drifted nodes/);
    const replaced = diffStack("s", view("g6.12xlarge"), view("g6.24xlarge"));
    expect(replaced.findings[0].message).toMatch(/Karpenter replaces them within the NodePool's disruption budget/);
  });

  test("a NodePool in a kubernetes_manifest is a pool too", () => {
    const view = (name: string, gpus: string) => smallStackView("s", (stack) => new Manifest(stack, "Pool", { manifest: nodePool(name, gpus) }));
    const renamed = diffStack("s", view("a", "8"), view("b", "4"));
    expect(renamed.findings.map((f) => f.kind)).toEqual(["capacity-gap", "gpu-down"]);
    expect(renamed.findings[0].message).toMatch(/NodePool `a` \(g6\.12xlarge\) is gone: the NodePool is deleted while `b` \(g6\.12xlarge\) is created/);
  });
});
