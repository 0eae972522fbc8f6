import type { CapacityBudgetEntry, CapacityBudgetRecord } from "../../../config/capacity-failover";
import { capacityBudgetFindings, withCapacityBudget } from "../../../tools/plan-diff/capacity-budget";
import type { StackDiff } from "../../../tools/plan-diff/diff";

const row = (patch: Partial<CapacityBudgetEntry> = {}): CapacityBudgetEntry => ({
  failed: "us-east-1", model: "llama-8b", to: "eu-west-1", movedRequestsPerSecond: 2, neededReplicas: 3, warmReplicas: 3, maxReplicas: 4, fullAfterSeconds: 0, ...patch,
});
const record = (entries: CapacityBudgetEntry[], maxDegradedSeconds = 900): CapacityBudgetRecord => ({ routing: "failover", maxDegradedSeconds, entries });

test("no finding when the budget is the same", () => {
  expect(capacityBudgetFindings(record([row()]), record([row()]))).toEqual([]);
});

test("fewer warm replicas: the window before and after, marked worse, with the SLO it breaks", () => {
  expect(capacityBudgetFindings(record([row()]), record([row({ warmReplicas: 1, fullAfterSeconds: 859 })], 600))).toEqual([{
    kind: "capacity-budget",
    stack: "global",
    message: "capacity after a region failure gets WORSE: if us-east-1 fails, llama-8b: 2 req/s -> eu-west-1, needs 3, 3 warm, carried by warm replicas -> " +
      "2 req/s -> eu-west-1, needs 3, 1 warm, full after 859 s (over the 600 s SLO).",
  }]);
});

test("a model that becomes lost, and one whose load stops moving", () => {
  const [f] = capacityBudgetFindings(record([row(), row({ model: "qwen-32b", to: "eu-west-1" })]), record([row({ to: "lost" })]));
  expect(f.message).toBe("capacity after a region failure gets WORSE: if us-east-1 fails, llama-8b: 2 req/s -> eu-west-1, needs 3, 3 warm, carried by warm replicas -> LOST (2 req/s); " +
    "if us-east-1 fails, qwen-32b: 2 req/s -> eu-west-1, needs 3, 3 warm, carried by warm replicas -> no load moves.");
});

test("better is reported too, without the alarm", () => {
  expect(capacityBudgetFindings(record([row({ warmReplicas: 1, fullAfterSeconds: 859 })]), record([row()]))[0].message).toMatch(/^capacity after a region failure changes: /);
});

test("a base synthesized before the record existed is said once; a head without one gives nothing", () => {
  expect(capacityBudgetFindings(undefined, record([row()]))[0].message).toBe(
    "capacity after a region failure: the base recorded no capacity budget; now 1 failure x model row(s), see synth's table.",
  );
  expect(capacityBudgetFindings(record([row()]), undefined)).toEqual([]);
});

test("the finding joins the global stack's findings", () => {
  const zero = { monthlyMin: 0, monthlyMax: 0, gpusMin: 0, gpusMax: 0 };
  const diffs: StackDiff[] = [
    { stack: "eu-west-1-platform", status: "changed", changes: [], providers: [], costBefore: zero, costAfter: zero, findings: [] },
    { stack: "global", status: "unchanged", changes: [], providers: [], costBefore: zero, costAfter: zero, findings: [] },
  ];
  const out = withCapacityBudget(diffs, record([row()]), record([row({ warmReplicas: 1, fullAfterSeconds: 859 })]));
  expect(out.map((d) => [d.stack, d.findings.map((f) => f.kind)])).toEqual([["eu-west-1-platform", []], ["global", ["capacity-budget"]]]);
});
