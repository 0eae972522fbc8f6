import * as fs from "fs";
import * as path from "path";
import { applySuppressions, formatFinding, formatSuppression, POLICY_RULES, PolicyViolationError } from "../../policies/engine";
import type { Finding } from "../../policies/types";

const finding = (ruleId: string, path: string): Finding => ({
  ruleId, stack: "s", path, address: `t.${path}`, problem: "is wrong", fix: "fix it",
});

describe("applySuppressions", () => {
  test("accepts a finding only for the named resource and rule", () => {
    const s = { resource: "s/A", rule: "CKV_AWS_7", reason: "accepted for a reason" };
    const out = applySuppressions([finding("CKV_AWS_7", "s/A"), finding("CKV_AWS_7", "s/B"), finding("LLMP_STATE_1", "s/A")], [s]);
    expect(out.suppressed.map((x) => x.finding.path)).toEqual(["s/A"]);
    expect(out.violations.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["CKV_AWS_7 s/B", "LLMP_STATE_1 s/A"]);
    expect(out.unused).toEqual([]);
  });

  // Suppressions copied from a checkov baseline use checkov's id for the same concern.
  test("accepts a scanner alias of the rule id", () => {
    const out = applySuppressions([finding("CKV_GCP_25", "s/Gke")], [{ resource: "s/Gke", rule: "CKV_GCP_64", reason: "alias of the same check" }]);
    expect(out.violations).toEqual([]);
  });

  test("reports a suppression that matches nothing as unused", () => {
    const s = { resource: "s/Typo", rule: "CKV_AWS_7", reason: "accepted for a reason" };
    const used = { resource: "s/A", rule: "CKV_AWS_7", reason: "accepted for a reason" };
    expect(applySuppressions([finding("CKV_AWS_7", "s/A")], [used, s]).unused).toEqual([{ index: 1, suppression: s }]);
  });
});

describe("messages", () => {
  test("a finding names rule, path, address, problem and fix in one line", () => {
    expect(formatFinding(finding("CKV_AWS_7", "s/A"))).toBe("CKV_AWS_7 s/A (t.s/A): is wrong; fix: fix it");
    expect(formatSuppression({ resource: "s/A", rule: "CKV_AWS_7", reason: "why" })).toBe("CKV_AWS_7 s/A: why");
  });

  test("the error counts and lists violations and stale suppressions", () => {
    const e = new PolicyViolationError([finding("CKV_AWS_7", "s/A")], [{ index: 2, suppression: { resource: "s/B", rule: "LLMP_HELM_2", reason: "old" } }]);
    expect(e.message).toBe(
      "policy check failed (2 problems):\n" +
      "  CKV_AWS_7 s/A (t.s/A): is wrong; fix: fix it\n" +
      "  settings: suppressions[2]: must match a finding; remove it or fix its resource path or rule id, got LLMP_HELM_2 s/B",
    );
    expect(PolicyViolationError.describe([], e.unused, "regions/platform.ts")).toContain("  regions/platform.ts: suppressions[2]: must match a finding");
  });
});

describe("docs/policy.md", () => {
  // The rule table is what reviewers read; a rule missing from it is a rule nobody knows of.
  test("lists every rule id with its scanner aliases", () => {
    const rows = fs.readFileSync(path.join(__dirname, "../../docs/policy.md"), "utf8").split("\n");
    const missing = POLICY_RULES.filter((r) => {
      const row = rows.find((l) => l.startsWith(`| \`${r.id}\``));
      return !row || !(r.alsoKnownAs ?? []).every((a) => row.includes(`\`${a}\``));
    }).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});
