import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { COLD_START_BUDGET_FILE, coldStartBudgetRecord, coldStartBudgets } from "../../../config/cold-start-budget";
import type { PlatformConfig } from "../../../config/schema";
import { coldStartBudgetFindings, readColdStartBudget, withColdStartBudget } from "../../../tools/plan-diff/cold-start-budget";
import { diffStack } from "../../../tools/plan-diff/diff";
import { formatReport } from "../../../tools/plan-diff/report";
import { defaultConfig } from "../../helpers";
import { platformStackView } from "../fixtures";

/**
 * The cold-start budget before and after a change, each side computed from its own config
 * by config/cold-start-budget.ts (as synth records it), compared by plan-diff.
 */

function edited(edit: (c: PlatformConfig) => PlatformConfig): PlatformConfig {
  return edit(structuredClone(defaultConfig()));
}

const record = (c: PlatformConfig) => coldStartBudgetRecord(c.settings, c.regions);

/** us-east-1's qwen-32b (l40s, g6e.12xlarge) swapped for Llama 3.1 70B: the weights more than double. */
const swap = (c: PlatformConfig): PlatformConfig => ({
  ...c,
  regions: c.regions.map((r) => (r.name !== "us-east-1" ? r : { ...r, models: r.models.map((m) => (m.name === "qwen-32b" ? { ...m, model: "meta-llama/Llama-3.1-70B-Instruct" } : m)) })),
});

describe("plan-diff's cold-start budget before and after", () => {
  test("the record holds every model's budget as the pure function computes it, with its inputs and the cap", () => {
    const c = defaultConfig();
    const r = record(c);
    expect(r.maxSeconds).toBe(c.settings.coldStart.maxSeconds);
    expect(r.entries.map((e) => e.totalSeconds)).toEqual(coldStartBudgets(c.regions).map((b) => b.totalSeconds));
    expect(r.entries.find((e) => e.region === "us-east-1" && e.model === "qwen-32b")).toMatchObject({ modelId: "Qwen/Qwen2.5-32B-Instruct", pool: "l40s", instanceType: "g6e.12xlarge" });
  });

  test("a model swap shows the model's cold start before and after, with its terms and the cap", () => {
    const before = record(defaultConfig());
    const after = record(edited(swap));
    const b = before.entries.find((e) => e.model === "qwen-32b")!;
    const a = after.entries.find((e) => e.model === "qwen-32b")!;
    expect(a.weightLoadSeconds).toBeGreaterThan(b.weightLoadSeconds);
    const findings = coldStartBudgetFindings(before, after);
    expect(findings).toHaveLength(1);
    expect(findings[0].stack).toBe("us-east-1-platform");
    expect(findings[0].message).toBe(
      `cold start of \`qwen-32b\` in us-east-1 gets LONGER: ${b.totalSeconds} s (node ${b.nodeProvisioningSeconds} + image ${b.imagePullSeconds} + weights ${b.weightLoadSeconds} + engine ${b.engineStartSeconds}; ` +
        `Qwen/Qwen2.5-32B-Instruct on l40s (g6e.12xlarge); ${before.maxSeconds - b.totalSeconds} s under the ${before.maxSeconds} s cap) -> ` +
        `${a.totalSeconds} s (node ${a.nodeProvisioningSeconds} + image ${a.imagePullSeconds} + weights ${a.weightLoadSeconds} + engine ${a.engineStartSeconds}; ` +
        `meta-llama/Llama-3.1-70B-Instruct on l40s (g6e.12xlarge); ${after.maxSeconds - a.totalSeconds} s under the ${after.maxSeconds} s cap).`,
    );
  });

  test("a change that takes a model over coldStart.maxSeconds says it crosses", () => {
    const capped = (c: PlatformConfig) => ({ ...c, settings: { ...c.settings, coldStart: { ...c.settings.coldStart, maxSeconds: 1500 } } });
    const before = record(edited(capped));
    const after = record(edited((c) => swap(capped(c))));
    const [f] = coldStartBudgetFindings(before, after);
    expect(f.message).toMatch(/-> \d+ s \(.*OVER the 1500 s cap by \d+ s\)\. It now CROSSES coldStart\.maxSeconds\.$/);
  });

  test("a pool instance-type change with the same node family keeps the time and still shows the new inputs", () => {
    const bigger = edited((c) => ({
      ...c,
      regions: c.regions.map((r) => (r.name !== "asia-south1" ? r : { ...r, gpuPools: r.gpuPools.map((p) => ({ ...p, instanceType: "g2-standard-48" })) })),
    }));
    const [f] = coldStartBudgetFindings(record(defaultConfig()), record(bigger));
    expect(f.stack).toBe("asia-south1-platform");
    expect(f.message).toMatch(/^cold start of `llama-8b` in asia-south1 is unchanged: .*\(g2-standard-24\).* -> .*\(g2-standard-48\)/);
  });

  test("nothing when nothing changes, and nothing without a base record", () => {
    expect(coldStartBudgetFindings(record(defaultConfig()), record(defaultConfig()))).toEqual([]);
    expect(coldStartBudgetFindings(undefined, record(defaultConfig()))).toEqual([]);
  });

  test("the finding lands on the region's platform stack, listed by risk with the other findings", () => {
    const before = record(defaultConfig());
    const after = record(edited(swap));
    const empty = { name: "us-east-1-platform", resources: [], providerVersions: {} };
    const diffs = withColdStartBudget([diffStack("us-east-1-platform", empty, empty)], before, after);
    const report = formatReport(diffs, { title: "swap" });
    expect(report.split("\n")[4]).toMatch(/^- \*\*cold-start budget\*\* \(`cold-start-budget`\) in `us-east-1-platform`: cold start of `qwen-32b` in us-east-1 gets LONGER/);
  });

  // PR 1 of issue 16 (a model swap) with its cold-start record: the swap stays first.
  test("in a model-swap pull request the model finding leads and the cold start follows", () => {
    const base = defaultConfig();
    const head = edited(swap);
    const region = (c: PlatformConfig) => c.regions.find((r) => r.name === "us-east-1")!;
    const d = diffStack("us-east-1-platform", platformStackView(region(base), base), platformStackView(region(head), head));
    const report = formatReport(withColdStartBudget([d], record(base), record(head)), { title: "model swap" });
    const findings = report.split("\n").filter((l) => l.startsWith("- **"));
    expect(findings[0]).toMatch(/^- \*\*model swap\*\* \(`model`\).*Qwen2\.5-32B-Instruct.*Llama-3\.1-70B-Instruct/);
    expect(findings.findIndex((l) => l.includes("(`cold-start-budget`)"))).toBeGreaterThan(0);
  });

  test("reads the record synth writes beside the stacks, and none where there is none", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cold-start-"));
    try {
      expect(readColdStartBudget(dir)).toBeUndefined();
      fs.writeFileSync(path.join(dir, COLD_START_BUDGET_FILE), JSON.stringify(record(defaultConfig())));
      expect(readColdStartBudget(dir)).toEqual(record(defaultConfig()));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
