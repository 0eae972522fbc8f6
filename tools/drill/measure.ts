import type { Sample } from "./load";

/**
 * What the drill reports for one scenario, from the client's samples and the router's
 * health path as polled during it. Pure, so the definitions are unit-tested.
 *
 * - spill: from the fault to the end of the first successful request started at or
 *   after it (any region).
 * - failed: requests started between the fault and the recovery that did not succeed,
 *   over all requests started then. Requests already in flight on the dying upstream at
 *   the fault are counted apart (`lostInFlight`): no router can save them without
 *   resending a request the model may have started on.
 * - failback: from the recovery to the start of the first request served locally again
 *   after which every request was served locally.
 * - health: from the fault to the first 503 of the region's health path, and from the
 *   recovery to its first 200 again.
 */
export interface ScenarioResult {
  readonly name: string;
  readonly requests: number;
  readonly spillMs?: number;
  readonly windowRequests: number;
  readonly windowFailed: number;
  readonly lostInFlight: number;
  readonly servedByPeer: number;
  readonly failbackMs?: number;
  readonly healthDownMs?: number;
  readonly healthUpMs?: number;
  /** The health path answered 503 at some poll during the scenario. */
  readonly healthWentDown: boolean;
}

/** One poll of a router's health path. */
export interface HealthPoll {
  readonly atMs: number;
  readonly status: number;
}

/** The figures of one scenario; `faultMs` and `recoverMs` on the samples' clock. */
export function measure(
  name: string,
  samples: readonly Sample[],
  health: readonly HealthPoll[],
  local: string,
  faultMs: number,
  recoverMs: number,
): ScenarioResult {
  const sorted = [...samples].sort((a, b) => a.startMs - b.startMs);
  const window = sorted.filter((s) => s.startMs >= faultMs && s.startMs < recoverMs);
  const firstGood = sorted.find((s) => s.startMs >= faultMs && s.ok);
  const after = sorted.filter((s) => s.startMs >= recoverMs);
  // The first request from which on every request was served locally.
  let failbackAt: Sample | undefined;
  for (let i = after.length - 1; i >= 0 && after[i].ok && after[i].servedBy === local; i--) failbackAt = after[i];
  const downAt = health.find((h) => h.atMs >= faultMs && h.atMs < recoverMs && h.status !== 200);
  const upAt = health.find((h) => h.atMs >= recoverMs && h.status === 200);
  return {
    name,
    requests: samples.length,
    spillMs: firstGood ? firstGood.endMs - faultMs : undefined,
    windowRequests: window.length,
    windowFailed: window.filter((s) => !s.ok).length,
    lostInFlight: sorted.filter((s) => s.startMs < faultMs && s.endMs >= faultMs && !s.ok).length,
    servedByPeer: window.filter((s) => s.ok && s.servedBy !== undefined && s.servedBy !== local).length,
    failbackMs: failbackAt ? failbackAt.startMs - recoverMs : undefined,
    healthDownMs: downAt ? downAt.atMs - faultMs : undefined,
    healthUpMs: downAt ? (upAt ? upAt.atMs - recoverMs : undefined) : undefined,
    healthWentDown: health.some((h) => h.status !== 200),
  };
}

/** Targets one scenario must meet. */
export interface Targets {
  readonly maxSpillMs: number;
  readonly maxFailedRatio: number;
  /** The health path must go down (a model died) or stay up (saturation is not ill health). */
  readonly health: "down" | "up";
  readonly maxHealthDownMs: number;
  readonly maxFailbackMs: number;
}

/** Every missed target of a result, as one line each. */
export function missedTargets(r: ScenarioResult, t: Targets): string[] {
  const missed: string[] = [];
  if (r.spillMs === undefined) missed.push(`${r.name}: no request succeeded after the fault`);
  else if (r.spillMs > t.maxSpillMs) missed.push(`${r.name}: first good response ${r.spillMs} ms after the fault, target <= ${t.maxSpillMs} ms`);
  const ratio = r.windowRequests === 0 ? 1 : r.windowFailed / r.windowRequests;
  if (r.windowRequests === 0) missed.push(`${r.name}: no request was sent during the fault`);
  else if (ratio > t.maxFailedRatio) missed.push(`${r.name}: ${r.windowFailed} of ${r.windowRequests} requests failed during the fault (${pct(ratio)}), target <= ${pct(t.maxFailedRatio)}`);
  if (r.servedByPeer === 0) missed.push(`${r.name}: no request was served by a peer region during the fault`);
  if (t.health === "down") {
    if (r.healthDownMs === undefined) missed.push(`${r.name}: the health path never went unhealthy`);
    else if (r.healthDownMs > t.maxHealthDownMs) missed.push(`${r.name}: the health path went unhealthy ${r.healthDownMs} ms after the fault, target <= ${t.maxHealthDownMs} ms`);
    else if (r.healthUpMs === undefined) missed.push(`${r.name}: the health path never recovered`);
  } else if (r.healthWentDown) {
    missed.push(`${r.name}: the health path went unhealthy, but the models were alive`);
  }
  if (r.failbackMs === undefined) missed.push(`${r.name}: traffic never failed back to the local region`);
  else if (r.failbackMs > t.maxFailbackMs) missed.push(`${r.name}: failback took ${r.failbackMs} ms, target <= ${t.maxFailbackMs} ms`);
  return missed;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

const ms = (x: number | undefined) => (x === undefined ? "-" : `${(x / 1000).toFixed(2)} s`);

/** The results as a Markdown table. */
export function formatResults(results: readonly ScenarioResult[]): string {
  return [
    "| scenario | requests | first good response after fault | failed during fault | lost in flight at fault | served by peer | health 503 after | health 200 after recovery | failback |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map((r) => `| ${r.name} | ${r.requests} | ${ms(r.spillMs)} | ${r.windowFailed}/${r.windowRequests} | ${r.lostInFlight} | ${r.servedByPeer} | ${r.healthWentDown ? ms(r.healthDownMs) : "stayed 200"} | ${r.healthWentDown ? ms(r.healthUpMs) : "-"} | ${ms(r.failbackMs)} |`),
  ].join("\n");
}
