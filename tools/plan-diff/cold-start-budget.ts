import * as fs from "fs";
import * as path from "path";
import { COLD_START_BUDGET_FILE, type ColdStartBudgetEntry, type ColdStartBudgetRecord } from "../../config/cold-start-budget";
import { stackNames } from "../../config/names";
import type { Finding, StackDiff } from "./diff";

/**
 * The cold-start budget before and after a change (config/cold-start-budget.ts): for
 * every model, node provisioning + image pull + weight load + engine start, against
 * `coldStart.maxSeconds`. Synth records it beside the stacks (`cold-start-budget.json`),
 * each side computed from its own config; plan-diff compares the base's record with the
 * head's. A Terraform plan carries no such record, so `--plan` mode has no cold-start
 * finding. The record is read here; the comparison is pure.
 */

/** The record in a synthesized output folder; undefined when that synth wrote none (a base from before the record existed). */
export function readColdStartBudget(outdir: string): ColdStartBudgetRecord | undefined {
  const file = path.join(outdir, COLD_START_BUDGET_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ColdStartBudgetRecord) : undefined;
}

const key = (e: Pick<ColdStartBudgetEntry, "region" | "model">) => `${e.region}\u0000${e.model}`;

function terms(e: ColdStartBudgetEntry): string {
  return `node ${e.nodeProvisioningSeconds} + image ${e.imagePullSeconds} + weights ${e.weightLoadSeconds} + engine ${e.engineStartSeconds}`;
}

function inputs(e: ColdStartBudgetEntry): string {
  return `${e.modelId} on ${e.pool} (${e.instanceType})`;
}

function versus(total: number, cap: number): string {
  return total > cap ? `OVER the ${cap} s cap by ${total - cap} s` : `${cap - total} s under the ${cap} s cap`;
}

/**
 * One finding per model whose cold start or its inputs (model, pool, instance type)
 * change, on the region's platform stack: the total and its terms before and after, and
 * where each side stands against `coldStart.maxSeconds`, calling out a model that crosses
 * it. A changed cap alone is one finding on `global`.
 */
export function coldStartBudgetFindings(before: ColdStartBudgetRecord | undefined, after: ColdStartBudgetRecord | undefined): Finding[] {
  if (!before || !after) return [];
  const b = new Map(before.entries.map((e) => [key(e), e]));
  const findings: Finding[] = [];
  for (const a of after.entries) {
    const x = b.get(key(a));
    if (!x) continue; // a new model: its stack's changes show it; there is no before
    const changed = x.totalSeconds !== a.totalSeconds || inputs(x) !== inputs(a);
    const crosses = (x.totalSeconds > before.maxSeconds) !== (a.totalSeconds > after.maxSeconds);
    if (!changed && !crosses) continue;
    const direction = a.totalSeconds > x.totalSeconds ? "gets LONGER" : a.totalSeconds < x.totalSeconds ? "gets shorter" : "is unchanged";
    const crossing = crosses ? (a.totalSeconds > after.maxSeconds ? " It now CROSSES coldStart.maxSeconds." : " It now fits under coldStart.maxSeconds.") : "";
    findings.push({
      kind: "cold-start-budget",
      stack: stackNames.platform(a.region),
      message:
        `cold start of \`${a.model}\` in ${a.region} ${direction}: ${x.totalSeconds} s (${terms(x)}; ${inputs(x)}; ${versus(x.totalSeconds, before.maxSeconds)}) -> ` +
        `${a.totalSeconds} s (${terms(a)}; ${inputs(a)}; ${versus(a.totalSeconds, after.maxSeconds)}).${crossing}`,
    });
  }
  if (before.maxSeconds !== after.maxSeconds) {
    const worst = after.entries.reduce<ColdStartBudgetEntry | undefined>((w, e) => (!w || e.totalSeconds > w.totalSeconds ? e : w), undefined);
    findings.push({
      kind: "cold-start-budget",
      stack: "global",
      message: `coldStart.maxSeconds ${before.maxSeconds} -> ${after.maxSeconds} s${worst ? `; the slowest model, \`${worst.model}\` in ${worst.region}, needs ${worst.totalSeconds} s` : ""}.`,
    });
  }
  return findings;
}

const ZERO = { monthlyMin: 0, monthlyMax: 0, gpusMin: 0, gpusMax: 0 };

/** The diffs with each cold-start finding attached to its stack (a stack with no other change is listed unchanged). */
export function withColdStartBudget(diffs: readonly StackDiff[], before: ColdStartBudgetRecord | undefined, after: ColdStartBudgetRecord | undefined): StackDiff[] {
  const out = [...diffs];
  for (const f of coldStartBudgetFindings(before, after)) {
    const i = out.findIndex((d) => d.stack === f.stack);
    if (i < 0) out.push({ stack: f.stack, status: "unchanged", changes: [], providers: [], costBefore: ZERO, costAfter: ZERO, findings: [f] });
    else out[i] = { ...out[i], findings: [...out[i].findings, f] };
  }
  return out;
}
