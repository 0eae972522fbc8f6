import { diffStacks, failingFindings } from "../../../tools/plan-diff/diff";
import { changedPair, costDelta, formatReport } from "../../../tools/plan-diff/report";
import { defaultConfig } from "../../helpers";
import { clusterStackView, editedRegion } from "../fixtures";

describe("plan-diff value rendering", () => {
  // A long value cut at a fixed length read the same before and after (issue 16).
  test("long values are cut around their first difference, so the two sides never read the same", () => {
    const head = "x".repeat(300);
    const line = changedPair(`${head}model: a\nrest`, `${head}model: b\nrest`);
    // 40 unchanged characters before the difference, the rest after it.
    const ctx = `${"x".repeat(33)}model: `;
    expect(line).toBe(`\`...${ctx}a\\nrest\` -> \`...${ctx}b\\nrest\``);
  });

  test("a multi-line value stays on one Markdown line", () => {
    expect(changedPair("a\nb", "a\nc")).toBe("`a\\nb` -> `a\\nc`");
    expect(changedPair("a`b", 1)).toBe("`a'b` -> `1`");
  });
});

describe("plan-diff Markdown report", () => {
  // GKE keeps GPU node pools in the cluster stack (EKS GPU pools are Karpenter's, in the platform stack).
  const base = [clusterStackView(editedRegion("asia-south1")), clusterStackView(editedRegion("eu-west-1"))];
  const head = [
    clusterStackView(editedRegion("asia-south1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, name: "l4main" } : p));
      r.models = r.models.map((m) => (m.pool === "l4" ? { ...m, pool: "l4main" } : m));
    })),
    clusterStackView(editedRegion("eu-west-1")),
  ];
  const diffs = diffStacks(base, head);
  const report = formatReport(diffs, { title: "base `abc` -> working tree", failing: failingFindings(diffs, ["destroy"]) });

  // The reviewer reads the top first: totals, the cost delta and the flags must be there.
  test("opens with the counts, the cost delta and what must not be missed", () => {
    const lines = report.split("\n");
    expect(lines[0]).toBe("## Plan diff: base `abc` -> working tree");
    expect(lines[2]).toBe("### Must not miss");
    // The capacity gap of the renamed pool is the first finding.
    expect(lines[4]).toMatch(/^- \*\*serving capacity gone during apply\*\* \(`capacity-gap`\) in `asia-south1-cluster`: capacity of pool `[^`]*l4` is gone: the GKE node pool is destroyed while `[^`]*l4main` is created/);
    const totals = lines.indexOf("### Totals");
    expect(lines[totals + 2]).toMatch(/^\*\*2 stack\(s\), 1 changed:\*\* \d+ to add, \d+ to change, 0 to replace, \d+ to destroy\.$/);
    expect(lines[totals + 3]).toMatch(/^\*\*Monthly cost \(estimate\):\*\* \$[\d,]+ - \$[\d,]+ -> \$[\d,]+ - \$[\d,]+ \(\+\$0 per month\); GPUs (\d+-\d+) -> \1\.$/);
    expect(report).toContain("- **stateful resource destroyed** (`destroy`) in `asia-south1-cluster`: GKE node pool `google_container_node_pool.Gke_GpuPools_l4_NodePool_0DB92313` is destroyed. Looks like a rename");
    expect(report).toContain("**Check failed:** 1 finding(s) of a kind listed in `--fail-on`.");
  });

  test("lists each changed stack's resources and names the unchanged ones", () => {
    expect(report).toContain("### `asia-south1-cluster`");
    expect(report).toContain("- `-` `google_container_node_pool.Gke_GpuPools_l4_NodePool_0DB92313`");
    expect(report).toMatch(/- `\+` `google_container_node_pool.Gke_GpuPools_l4main_NodePool_[0-9A-F]+`/);
    expect(report).toContain("Unchanged: `eu-west-1-cluster`.");
    expect(report).not.toContain("### `eu-west-1-cluster`");
  });

  // GitHub rejects comments over 65536 characters; a long report must still post, findings first.
  test("a report over the limit drops attribute details first, then is cut, keeping what must not be missed", () => {
    const renamed = diffStacks([clusterStackView(editedRegion("us-east-1"))], [clusterStackView(editedRegion("us-east-1"), { ...defaultConfig().settings, name: "llmq" })]);
    const full = formatReport(renamed, { title: "t" });
    const brief = formatReport(renamed, { title: "t", maxChars: full.length - 1 });
    expect(brief).toContain("_Changed attributes left out");
    expect(brief).not.toContain("`node_group_name`: `llmp-us-east-1-system` -> `llmq-us-east-1-system`");
    expect(full).toContain("`node_group_name`: `llmp-us-east-1-system` -> `llmq-us-east-1-system` **(forces replacement)**");
    expect(brief).toContain("### Must not miss");
    const cut = formatReport(renamed, { title: "t", maxChars: 1500 });
    expect(cut.length).toBeLessThanOrEqual(1500);
    expect(cut).toContain("### Must not miss");
    expect(cut).toMatch(/report cut here/);
  });

  test("cost delta shows one figure when both ends move alike and a range otherwise", () => {
    const t = (min: number, max: number) => ({ monthlyMin: min, monthlyMax: max, gpusMin: 0, gpusMax: 0 });
    expect(costDelta(t(100, 200), t(150, 250))).toBe("+$50 per month");
    expect(costDelta(t(100, 200), t(100, 120))).toBe("+$0 .. -$80 per month");
  });
});
