import { formatResults, measure, missedTargets, type Targets } from "../../../tools/drill/measure";
import type { Sample } from "../../../tools/drill/load";

const s = (startMs: number, endMs: number, ok: boolean, servedBy?: string): Sample => ({ startMs, endMs, ok, servedBy, status: ok ? 200 : 502, stream: false });
const targets: Targets = { maxSpillMs: 2000, maxFailedRatio: 0.01, health: "down", maxHealthDownMs: 2000, maxFailbackMs: 15000 };

// Fault at 1000 ms, recovery at 3000 ms.
const samples = [
  s(0, 10, true, "a"),
  s(900, 1100, false), // in flight on the dying upstream at the fault
  s(1000, 1300, false), // failed during the fault
  s(1100, 1150, true, "b"),
  s(2000, 2050, true, "b"),
  s(3100, 3150, true, "b"), // still spilled after the recovery (hold)
  s(3500, 3550, true, "a"),
  s(3600, 3650, true, "a"),
];
const health = [{ atMs: 900, status: 200 }, { atMs: 1400, status: 503 }, { atMs: 3200, status: 503 }, { atMs: 3400, status: 200 }];

describe("drill measurements", () => {
  const r = measure("x", samples, health, "a", 1000, 3000);

  test("spill is the end of the first good request started at or after the fault", () => {
    expect(r.spillMs).toBe(150);
  });

  test("failed counts requests started during the fault; requests in flight at the fault are counted apart", () => {
    expect([r.windowFailed, r.windowRequests, r.lostInFlight, r.servedByPeer]).toEqual([1, 3, 1, 2]);
  });

  test("failback is the start of the first request after which every request was served locally", () => {
    expect(r.failbackMs).toBe(500);
  });

  test("health: first 503 after the fault, first 200 after the recovery", () => {
    expect([r.healthDownMs, r.healthUpMs, r.healthWentDown]).toEqual([400, 400, true]);
  });

  test("a scenario over 1% failed requests misses its target, with the figures in the message", () => {
    expect(missedTargets(r, targets)).toEqual(["x: 1 of 3 requests failed during the fault (33.3%), target <= 1.0%"]);
  });

  test("fails when the health path stays up although a model died, or goes down under saturation", () => {
    const quiet = measure("q", samples, [{ atMs: 1200, status: 200 }, { atMs: 3200, status: 200 }], "a", 1000, 3000);
    expect(missedTargets(quiet, targets)).toContain("q: the health path never went unhealthy");
    expect(missedTargets(r, { ...targets, health: "up" })).toContain("x: the health path went unhealthy, but the models were alive");
  });

  test("fails when traffic never comes home", () => {
    const stuck = measure("s", samples.map((x) => (x.startMs > 3000 ? { ...x, servedBy: "b" } : x)), health, "a", 1000, 3000);
    expect(missedTargets(stuck, targets)).toContain("s: traffic never failed back to the local region");
  });

  test("the table has one row per scenario", () => {
    expect(formatResults([r]).split("\n")).toHaveLength(3);
  });
});
