import * as fs from "fs";
import * as path from "path";
import { CAPACITY_BUDGET_FILE, type CapacityBudgetEntry, type CapacityBudgetRecord } from "../../config/capacity-failover";
import type { Finding, StackDiff } from "./diff";

/**
 * The capacity budget before and after a change (config/capacity-failover.ts): for every
 * single-region failure, where each model's load goes and how long until it is carried.
 * Synth records it in its output folder (`capacity-budget.json`); plan-diff compares the
 * base's with the head's and reports every row that changes. Terraform plans carry no
 * such record, so `--plan` mode has no capacity finding.
 */

/** The record in a synthesized output folder; undefined when that synth wrote none (before this file existed). */
export function readCapacityBudget(outdir: string): CapacityBudgetRecord | undefined {
  const file = path.join(outdir, CAPACITY_BUDGET_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as CapacityBudgetRecord) : undefined;
}

function describe(e: CapacityBudgetEntry | undefined, maxDegradedSeconds: number | undefined): string {
  if (!e) return "no load moves";
  if (e.to === "lost") return `LOST (${e.movedRequestsPerSecond} req/s)`;
  const when = e.fullAfterSeconds === null ? `NEVER carried (max ${e.maxReplicas})` : e.fullAfterSeconds === 0 ? "carried by warm replicas" : `full after ${e.fullAfterSeconds} s`;
  const over = e.fullAfterSeconds !== null && maxDegradedSeconds !== undefined && e.fullAfterSeconds > maxDegradedSeconds ? ` (over the ${maxDegradedSeconds} s SLO)` : "";
  return `${e.movedRequestsPerSecond} req/s -> ${e.to}, needs ${e.neededReplicas}, ${e.warmReplicas} warm, ${when}${over}`;
}

/** Worse after than before: lost, never carried, or a longer window. */
function worse(b: CapacityBudgetEntry | undefined, a: CapacityBudgetEntry | undefined): boolean {
  const rank = (e: CapacityBudgetEntry | undefined) => (!e ? 0 : e.to === "lost" ? Infinity : e.fullAfterSeconds === null ? Infinity : e.fullAfterSeconds);
  return rank(a) > rank(b);
}

/**
 * One finding listing each failure x model whose outcome changes, with the figures before
 * and after; none when nothing changes. A base without a record says so once.
 */
export function capacityBudgetFindings(before: CapacityBudgetRecord | undefined, after: CapacityBudgetRecord | undefined, stack = "global"): Finding[] {
  if (!after) return [];
  if (!before) {
    return [{ kind: "capacity-budget", stack, message: `capacity after a region failure: the base recorded no capacity budget; now ${after.entries.length} failure x model row(s), see synth's table.` }];
  }
  const key = (e: CapacityBudgetEntry) => `${e.failed}\u0000${e.model}\u0000${e.to}`;
  const group = (r: CapacityBudgetRecord) => new Map(r.entries.map((e) => [`${e.failed}\u0000${e.model}`, e]));
  const b = group(before);
  const a = group(after);
  const lines: string[] = [];
  let gotWorse = false;
  for (const k of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const [failed, model] = k.split("\u0000");
    const x = b.get(k);
    const y = a.get(k);
    if (x && y && key(x) === key(y) && JSON.stringify(x) === JSON.stringify(y) && before.maxDegradedSeconds === after.maxDegradedSeconds) continue;
    gotWorse ||= worse(x, y);
    lines.push(`if ${failed} fails, ${model}: ${describe(x, before.maxDegradedSeconds)} -> ${describe(y, after.maxDegradedSeconds)}`);
  }
  if (lines.length === 0) return [];
  return [{
    kind: "capacity-budget",
    stack,
    message: `capacity after a region failure ${gotWorse ? "gets WORSE" : "changes"}: ${lines.join("; ")}.`,
  }];
}

/** The diffs with the capacity finding attached to the global stack (the platform-wide one). */
export function withCapacityBudget(diffs: readonly StackDiff[], before: CapacityBudgetRecord | undefined, after: CapacityBudgetRecord | undefined): StackDiff[] {
  const findings = capacityBudgetFindings(before, after);
  if (findings.length === 0) return [...diffs];
  const i = diffs.findIndex((d) => d.stack === "global");
  if (i < 0) return [...diffs, { stack: "global", status: "unchanged", changes: [], providers: [], costBefore: ZERO, costAfter: ZERO, findings }];
  return diffs.map((d, j) => (j === i ? { ...d, findings: [...d.findings, ...findings] } : d));
}

const ZERO = { monthlyMin: 0, monthlyMax: 0, gpusMin: 0, gpusMax: 0 };
