import { usd, usdRange, type CostTotals } from "../cost/estimate";
import type { ChangeAction, Finding, ResourceChange, StackDiff } from "./diff";
import { FINDING_KINDS, type FindingKind } from "./rules";

/** Markdown rendering of plan diffs, ready to post on a pull request. Pure. */

const ACTION_SYMBOL: Readonly<Record<ChangeAction, string>> = { create: "+", delete: "-", update: "~", replace: "-/+" };

const FINDING_TITLE: Readonly<Record<FindingKind, string>> = {
  "capacity-gap": "serving capacity gone during apply",
  "failover-budget": "failover budget",
  "cold-start-budget": "cold-start budget",
  "node-drift": "nodes drift to a new instance type",
  model: "model swap",
  destroy: "stateful resource destroyed",
  replace: "replacement",
  "gpu-down": "GPU capacity down",
  "gpu-up": "GPU capacity limit raised",
  dns: "DNS routing / health check",
  version: "version bump",
};

/** Counts of resource actions. */
export function countActions(changes: readonly ResourceChange[]): Record<ChangeAction, number> {
  const n: Record<ChangeAction, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) n[c.action]++;
  return n;
}

function signed(n: number): string {
  return n < 0 ? `-${usd(-n)}` : `+${usd(n)}`;
}

/** `+$120 .. +$480 per month` (min nodes .. max nodes). */
export function costDelta(before: CostTotals, after: CostTotals): string {
  const dMin = after.monthlyMin - before.monthlyMin;
  const dMax = after.monthlyMax - before.monthlyMax;
  return Math.round(dMin) === Math.round(dMax) ? `${signed(dMin)} per month` : `${signed(dMin)} .. ${signed(dMax)} per month`;
}

/** Longest text shown of one side of a changed value, around where the two sides differ. */
const MAX_SHOWN = 160;
/** Unchanged characters shown on each side of the difference. */
const CONTEXT = 40;

function text(v: unknown): string {
  return v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v);
}

/** One line of inline code: newlines shown as `\n` so a value never breaks the Markdown list. */
function inline(s: string): string {
  return `\`${s.replace(/\r?\n/g, "\\n").replace(/`/g, "'")}\``;
}

function code(v: unknown): string {
  const s = text(v);
  return inline(s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 3)}...` : s);
}

/**
 * Before and after of a changed value. Long values are cut around the first difference
 * (common prefix and suffix elided), so the two sides never read the same.
 */
export function changedPair(before: unknown, after: unknown): string {
  const b = text(before);
  const a = text(after);
  if (b.length <= MAX_SHOWN && a.length <= MAX_SHOWN) return `${inline(b)} -> ${inline(a)}`;
  let pre = 0;
  while (pre < b.length && pre < a.length && b[pre] === a[pre]) pre++;
  let suf = 0;
  while (suf < b.length - pre && suf < a.length - pre && b[b.length - 1 - suf] === a[a.length - 1 - suf]) suf++;
  const start = Math.max(0, pre - CONTEXT);
  const window = (s: string) => {
    const end = Math.min(s.length, s.length - suf + CONTEXT);
    let mid = s.slice(start, end);
    if (mid.length > MAX_SHOWN) mid = `${mid.slice(0, MAX_SHOWN)}...`;
    return `${start > 0 ? "..." : ""}${mid}${end < s.length && !mid.endsWith("...") ? "..." : ""}`;
  };
  return `${inline(window(b))} -> ${inline(window(a))}`;
}

function summaryLine(n: Record<ChangeAction, number>): string {
  return `${n.create} to add, ${n.update} to change, ${n.replace} to replace, ${n.delete} to destroy`;
}

function findingLine(f: Finding): string {
  return `- **${FINDING_TITLE[f.kind]}** (\`${f.kind}\`) in \`${f.stack}\`: ${f.message}`;
}

function resourceLines(c: ResourceChange, withAttributes: boolean): string[] {
  const lines = [`- \`${ACTION_SYMBOL[c.action]}\` \`${c.address}\``];
  for (const a of withAttributes ? c.attributes : []) {
    lines.push(`  - \`${a.path}\`: ${changedPair(a.before, a.after)}${a.forcesReplacement ? " **(forces replacement)**" : a.replacementCondition ? ` **(forces replacement when the provider's \`${a.replacementCondition}\` holds)**` : ""}`);
  }
  return lines;
}

/** Options of {@link formatReport}. */
export interface ReportOptions {
  /** What the diff compares, for the heading (`base 1a2b3c4 -> working tree`). */
  readonly title: string;
  /** Findings that make the check fail (from `--fail-on`). */
  readonly failing?: readonly Finding[];
  /**
   * Longest report, in characters: past it the changed attributes are left out, then the
   * text is cut. @default 60000 - under GitHub's 65536-character comment limit
   */
  readonly maxChars?: number;
}

/** The Markdown report, kept under `maxChars`: see {@link ReportOptions.maxChars}. */
export function formatReport(diffs: readonly StackDiff[], opts: ReportOptions): string {
  const max = opts.maxChars ?? 60000;
  const full = render(diffs, opts, true);
  if (full.length <= max) return full;
  const brief = render(diffs, opts, false);
  const note = "\n_Changed attributes left out: the full report is longer than a pull-request comment allows; run plan-diff locally for it._\n";
  if (brief.length + note.length <= max) return brief + note;
  const cut = "\n\n_... report cut here: too long for a pull-request comment; run plan-diff locally for all of it._\n";
  return brief.slice(0, max - cut.length) + cut;
}

/** The report: overall summary, what must not be missed, then each changed stack. */
function render(diffs: readonly StackDiff[], opts: ReportOptions, withAttributes: boolean): string {
  const all = diffs.flatMap((d) => d.changes);
  const changed = diffs.filter((d) => d.status !== "unchanged");
  const before = sumTotals(diffs.map((d) => d.costBefore));
  const after = sumTotals(diffs.map((d) => d.costAfter));
  // The riskiest finding is the first thing a reviewer reads: findings come before the
  // totals, in FINDING_KINDS order (capacity gaps, destroys, replacements, ...).
  const findings = diffs.flatMap((d) => d.findings).map((f, i) => ({ f, i }))
    .sort((x, y) => FINDING_KINDS.indexOf(x.f.kind) - FINDING_KINDS.indexOf(y.f.kind) || x.i - y.i).map((x) => x.f);
  const out = [`## Plan diff: ${opts.title}`, "", "### Must not miss", ""];
  out.push(...(findings.length > 0 ? findings.map(findingLine) : ["Nothing: no capacity gap, no stateful destroy or replacement, no GPU capacity change or node drift, no failover or cold-start budget change, no model swap, no DNS change, no version bump."]));
  if (opts.failing && opts.failing.length > 0) {
    out.push("", `**Check failed:** ${opts.failing.length} finding(s) of a kind listed in \`--fail-on\`.`);
  }
  out.push("", "### Totals", "");
  out.push(`**${diffs.length} stack(s), ${changed.length} changed:** ${summaryLine(countActions(all))}.`);
  out.push(`**Monthly cost (estimate):** ${usdRange(before.monthlyMin, before.monthlyMax)} -> ${usdRange(after.monthlyMin, after.monthlyMax)} (${costDelta(before, after)}); GPUs ${before.gpusMin}-${before.gpusMax} -> ${after.gpusMin}-${after.gpusMax}.`);
  for (const d of changed) {
    const n = countActions(d.changes);
    out.push("", `### \`${d.stack}\`${d.status === "added" ? " (new stack)" : d.status === "removed" ? " (stack removed)" : ""}`, "");
    const costs = d.costBefore.monthlyMax > 0 || d.costAfter.monthlyMax > 0;
    const cost = costs ? ` Monthly cost ${usdRange(d.costBefore.monthlyMin, d.costBefore.monthlyMax)} -> ${usdRange(d.costAfter.monthlyMin, d.costAfter.monthlyMax)} (${costDelta(d.costBefore, d.costAfter)}).` : "";
    out.push(`${summaryLine(n)}.${cost}`);
    for (const p of d.providers) out.push(`- provider \`${p.provider}\`: ${code(p.before)} -> ${code(p.after)}`);
    if (d.changes.length > 0) {
      out.push("", "<details><summary>resource changes</summary>", "");
      for (const c of d.changes) out.push(...resourceLines(c, withAttributes));
      out.push("", "</details>");
    }
  }
  const unchanged = diffs.filter((d) => d.status === "unchanged").map((d) => `\`${d.stack}\``);
  if (unchanged.length > 0) out.push("", `Unchanged: ${unchanged.join(", ")}.`);
  out.push("", "_Cost figures are estimates from `catalog/prices.ts`; secrets are masked._");
  return out.join("\n") + "\n";
}

function sumTotals(ts: readonly CostTotals[]): CostTotals {
  const sum = (k: keyof CostTotals) => ts.reduce((s, t) => s + t[k], 0);
  return { monthlyMin: sum("monthlyMin"), monthlyMax: sum("monthlyMax"), gpusMin: sum("gpusMin"), gpusMax: sum("gpusMax") };
}
