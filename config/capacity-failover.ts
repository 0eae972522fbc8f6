import { MODELS, type ModelId } from "../catalog/models";
import { isCatalogGpu, replicaThroughput, type ThroughputFigure } from "../catalog/throughput";
import { coldStartBudgets } from "./cold-start-budget";
import { show, type ConfigError } from "./errors";
import { failoverBudget } from "./failover-budget";
import { regionRule } from "./rule";
import { poolReplicaCapacity } from "./sizing";
import { spillPeer } from "./spill";
import type { ModelConfig, PlatformSettings, RegionConfig } from "./schema";

/**
 * Capacity-aware failover: for every single-region failure, where each model's peak load
 * goes, whether the regions that receive it have the replicas to carry it, and how long
 * until they do. Pure: no I/O, no constructs.
 *
 * Where the load goes. A failed region's clients are sent by DNS to the survivors
 * (`traffic.routing`): `failover` and `latency` to one region, the next by `traffic.priority`
 * (for `latency`, and for Cloud DNS `failover` with more than two regions, the authority
 * chooses by client location, which synth cannot know: priority stands in for it);
 * `weighted` to every survivor in proportion to its weight (all weights 0: equally, as
 * Route53 does). Each receiving router serves a model it runs, and spills one it does not run
 * to its one peer (config/spill.ts `spillPeer`); a peer that is the failed region means
 * the model is lost there.
 *
 * Whether it fits. Load and throughput meet in output tokens per second:
 *
 *   demand tokens/s  = sum of requestsPerSecond x meanOutputTokens (own load + moved load)
 *   replicas needed  = ceil(demand tokens/s / replica output tokens/s (catalog/throughput.ts))
 *   warm replicas    = replicas running before the failure: own load's replicas, at least
 *                      minReplicas, at most maxReplicas
 *
 * How long. 0 when the warm replicas carry it; else the failed region's client-visible DNS
 * failover (the load arrives) + Ray Serve's upscale delay + the model's cold start in the
 * receiving region (config/cold-start-budget.ts): the replicas start in parallel.
 */

/**
 * Ray Serve waits this long with demand above target before adding replicas
 * (`AutoscalingConfig.upscale_delay_s`, `Field(default=30.0)` in ray-project/ray
 * `python/ray/serve/config.py` at master f3b563a, the revision reference/ray/ holds); the
 * platform does not change it.
 */
export const SERVE_UPSCALE_DELAY_SECONDS = 30;

/** One model's moved load as it lands in one serving region. */
export interface CapacityRow {
  /** The region that fails. */
  readonly failed: string;
  readonly model: string;
  /** Requests per second that move out of the failed region to `to`. */
  readonly movedRequestsPerSecond: number;
  /** The region that serves the moved load; absent when the model is lost. */
  readonly to?: string;
  /** Regions whose routers the load reaches before being spilled to `to` (empty: DNS sends it straight there). */
  readonly via: readonly string[];
  /** The receiving region's own peak load of the model, req/s. */
  readonly ownRequestsPerSecond: number;
  /** Output tokens per second the receiving region must generate for the model. */
  readonly demandTokensPerSecond: number;
  readonly replicaTokensPerSecond: number;
  readonly neededReplicas: number;
  readonly warmReplicas: number;
  readonly maxReplicas: number;
  /** Seconds after the failure until the replicas are up; 0 when warm ones carry it; absent when maxReplicas never will. */
  readonly fullAfterSeconds?: number;
  /** The terms of `fullAfterSeconds`. */
  readonly window?: { readonly failoverSeconds: number; readonly upscaleDelaySeconds: number; readonly coldStartSeconds: number };
  readonly figure?: ThroughputFigure;
  /** Why the model is lost, when it is. */
  readonly lostReason?: string;
  /** The loss is accepted in `traffic.singleRegionModels`. */
  readonly accepted?: boolean;
}

/** The regions as the capacity check reads them. */
export type CapacityRegion = Pick<RegionConfig, "name" | "cloud" | "models" | "gpuPools" | "traffic">;
type Settings = Pick<PlatformSettings, "dns" | "traffic">;

/** Where DNS sends a failed region's clients: regions with their share of the load. */
export function dnsDestinations(settings: Settings, regions: readonly CapacityRegion[], failed: string): { region: string; share: number }[] {
  const survivors = regions.filter((r) => r.name !== failed).sort((a, b) => a.traffic.priority - b.traffic.priority);
  if (survivors.length === 0) return [];
  if (settings.traffic.routing !== "weighted") return [{ region: survivors[0].name, share: 1 }];
  const total = survivors.reduce((sum, r) => sum + r.traffic.weight, 0);
  return survivors
    .map((r) => ({ region: r.name, share: total === 0 ? 1 / survivors.length : r.traffic.weight / total }))
    .filter((d) => d.share > 0);
}

/** The replica throughput of a model entry on its pool's GPU, when the catalog knows both. */
export function modelThroughput(region: Pick<RegionConfig, "gpuPools">, m: ModelConfig): ThroughputFigure | undefined {
  const pool = region.gpuPools.find((p) => p.name === m.pool);
  if (!pool || !isCatalogGpu(pool.gpu) || !Object.prototype.hasOwnProperty.call(MODELS, m.model)) return undefined;
  return replicaThroughput(m.model as ModelId, pool.gpu, m.tensorParallelSize);
}

/** Every row of the capacity table: each region's failure, each model with load in it. */
export function capacityRows(settings: Settings, regions: readonly CapacityRegion[]): CapacityRow[] {
  if (regions.length < 2) return [];
  const coldStarts = coldStartBudgets(regions);
  return regions.flatMap((failedRegion) => {
    const failed = failedRegion.name;
    const failoverSeconds = failoverBudget(settings, failedRegion).failoverSeconds;
    const destinations = dnsDestinations(settings, regions, failed);
    return failedRegion.models.flatMap((m): CapacityRow[] => {
      // Nothing moves for a model with no load here (a standby region under failover routing).
      if (!m.peakLoad || m.peakLoad.requestsPerSecond === 0) return [];
      const load = m.peakLoad;
      // Per serving region: the moved req/s and the routers it passed through.
      const landed = new Map<string | undefined, { rps: number; via: string[]; reason?: string }>();
      for (const d of destinations) {
        const dest = regions.find((r) => r.name === d.region)!;
        const servesHere = dest.models.some((x) => x.name === m.name);
        const peer = servesHere ? dest : spillPeer(regions, dest.name, m.name);
        const to = peer && peer.name !== failed ? peer.name : undefined;
        const entry = landed.get(to) ?? { rps: 0, via: [] };
        entry.rps += load.requestsPerSecond * d.share;
        if (!servesHere) entry.via.push(dest.name);
        if (to === undefined) {
          // The failed region serves the model, so a router without it always has a peer.
          const survivorServes = regions.some((r) => r.name !== failed && r.models.some((x) => x.name === m.name));
          entry.reason = survivorServes ? `${dest.name}'s router spills it only to ${failed}` : `served only in ${failed}`;
        }
        landed.set(to, entry);
      }
      return [...landed.entries()].map(([to, { rps, via, reason }]) => {
        const movedRequestsPerSecond = round(rps);
        if (to === undefined) {
          return {
            failed, model: m.name, movedRequestsPerSecond, via, ownRequestsPerSecond: 0, demandTokensPerSecond: 0,
            replicaTokensPerSecond: 0, neededReplicas: 0, warmReplicas: 0, maxReplicas: 0,
            lostReason: reason, accepted: settings.traffic.singleRegionModels.includes(m.name),
          };
        }
        const region = regions.find((r) => r.name === to)!;
        const here = region.models.find((x) => x.name === m.name)!;
        const figure = modelThroughput(region, here);
        const own = here.peakLoad;
        const ownTokens = own ? own.requestsPerSecond * own.meanOutputTokens : 0;
        const demandTokensPerSecond = round(ownTokens + rps * load.meanOutputTokens);
        const perReplica = figure?.outputTokensPerSecond ?? 0;
        const neededReplicas = perReplica > 0 ? Math.max(1, Math.ceil(demandTokensPerSecond / perReplica - 1e-9)) : Infinity;
        const ownReplicas = perReplica > 0 ? Math.ceil(ownTokens / perReplica - 1e-9) : 0;
        const warmReplicas = Math.min(here.maxReplicas, Math.max(here.minReplicas, ownReplicas));
        const base = {
          failed, model: m.name, movedRequestsPerSecond, to, via,
          ownRequestsPerSecond: own?.requestsPerSecond ?? 0, demandTokensPerSecond,
          replicaTokensPerSecond: perReplica, neededReplicas, warmReplicas, maxReplicas: here.maxReplicas, figure,
        };
        if (neededReplicas > here.maxReplicas) return base;
        if (neededReplicas <= warmReplicas) return { ...base, fullAfterSeconds: 0 };
        const coldStartSeconds = coldStarts.find((c) => c.region === to && c.model === m.name)?.totalSeconds ?? 0;
        const window = { failoverSeconds, upscaleDelaySeconds: SERVE_UPSCALE_DELAY_SECONDS, coldStartSeconds };
        return { ...base, window, fullAfterSeconds: failoverSeconds + SERVE_UPSCALE_DELAY_SECONDS + coldStartSeconds };
      });
    });
  });
}

/**
 * The capacity check: a receiving region whose maxReplicas cannot carry the load, a
 * degraded window over `traffic.slo.maxDegradedSeconds`, and a model a failure loses
 * because the router that receives it spills only to the failed region. A model served
 * in one region only is checkModelCoverage's (config/model-coverage.ts), not repeated here.
 */
export function checkCapacityFailover(
  settings: Settings,
  settingsFile: string,
  regions: readonly { readonly file: string; readonly region: CapacityRegion }[],
): ConfigError[] {
  const plain = regions.map((r) => r.region);
  const fileOf = (name: string) => regions.find((r) => r.region.name === name)!.file;
  const indexOf = (name: string, model: string) => regions.find((r) => r.region.name === name)!.region.models.findIndex((m) => m.name === model);
  const maxWindow = settings.traffic.slo.maxDegradedSeconds;
  const errors: ConfigError[] = [];
  for (const row of capacityRows(settings, plain)) {
    const at = `if ${row.failed} fails, ${show(row.model)}`;
    if (row.to === undefined) {
      if (row.lostReason?.startsWith("served only")) continue;
      const dest = row.via[0];
      errors.push({
        file: fileOf(dest),
        path: "models",
        message: `${at} (${row.movedRequestsPerSecond} req/s) is lost: ${settings.traffic.routing} routing sends ${row.failed}'s clients to ${dest}, whose router ` +
          `spills ${show(row.model)} only to its first peer by traffic.priority, ${row.failed}; serve ${show(row.model)} in ${dest}, got no entry for it`,
      });
      continue;
    }
    const i = indexOf(row.to, row.model);
    const demand = `${demandTerms(row)} = ${row.demandTokensPerSecond} output tokens/s; one replica does ${row.replicaTokensPerSecond} (${row.figure?.kind ?? "no figure"})`;
    if (row.fullAfterSeconds === undefined) {
      errors.push({
        file: fileOf(row.to),
        path: `models[${i}].maxReplicas`,
        message: `${at} needs ${row.neededReplicas} replicas in ${row.to}: ${demand}; raise maxReplicas to at least ${row.neededReplicas} ` +
          `(and gpuPools maxNodes to fit them) or lower the peakLoad, got ${row.maxReplicas}`,
      });
    } else if (row.fullAfterSeconds > maxWindow && row.window) {
      const w = row.window;
      errors.push({
        file: fileOf(row.to),
        path: `models[${i}].minReplicas`,
        message: `${at} needs ${row.neededReplicas} replicas in ${row.to} and has ${row.warmReplicas} warm (${demand}): full after ` +
          `${w.failoverSeconds} s DNS failover + ${w.upscaleDelaySeconds} s Ray Serve upscale delay + ${w.coldStartSeconds} s cold start = ${row.fullAfterSeconds} s, ` +
          `over traffic.slo.maxDegradedSeconds (${maxWindow} s in ${settingsFile}); raise minReplicas to at least ${row.neededReplicas}, ` +
          `or raise traffic.slo.maxDegradedSeconds to at least ${row.fullAfterSeconds}, got ${here(plain, row).minReplicas}`,
      });
    }
  }
  errors.push(...poolProblems(settings, regions));
  return errors;
}

/**
 * Replicas that each fit maxReplicas may still not fit their pool together: per failure,
 * per receiving region and GPU pool, the devices of every model on it (the replicas the
 * failure needs, or those warm for a model that receives nothing) against the pool at
 * maxNodes (config/sizing.ts `poolReplicaCapacity`).
 */
function poolProblems(
  settings: Settings,
  regions: readonly { readonly file: string; readonly region: CapacityRegion }[],
): ConfigError[] {
  const plain = regions.map((r) => r.region);
  const rows = capacityRows(settings, plain).filter((r) => r.to !== undefined && r.fullAfterSeconds !== undefined);
  const errors: ConfigError[] = [];
  for (const { file, region } of regions) {
    for (const failed of new Set(rows.filter((r) => r.to === region.name).map((r) => r.failed))) {
      region.gpuPools.forEach((pool, p) => {
        const devices = poolReplicaCapacity(region.cloud, pool, 1);
        const models = region.models.filter((m) => m.pool === pool.name);
        if (devices === undefined || models.length < 2) return;
        const terms = models.map((m) => {
          const row = rows.find((r) => r.failed === failed && r.to === region.name && r.model === m.name);
          const figure = modelThroughput(region, m)?.outputTokensPerSecond ?? 0;
          const own = m.peakLoad && figure > 0 ? Math.ceil((m.peakLoad.requestsPerSecond * m.peakLoad.meanOutputTokens) / figure - 1e-9) : 0;
          const replicas = row ? row.neededReplicas : Math.min(m.maxReplicas, Math.max(m.minReplicas, own));
          return { name: m.name, replicas, tp: m.tensorParallelSize };
        });
        const needed = terms.reduce((sum, t) => sum + t.replicas * t.tp, 0);
        if (needed <= devices) return;
        errors.push({
          file,
          path: `gpuPools[${p}].maxNodes`,
          message: `if ${failed} fails, pool ${show(pool.name)} in ${region.name} needs ${terms.map((t) => `${t.name} ${t.replicas} x ${t.tp}`).join(" + ")} = ${needed} GPU device(s) ` +
            `and holds at most ${devices} at maxNodes ${pool.maxNodes}; raise maxNodes, got ${pool.maxNodes}`,
        });
      });
    }
  }
  return errors;
}

/**
 * A peak load whose mean prompt plus output does not fit `maxModelLen` describes requests
 * vLLM would refuse; the figures would then not mean what they say.
 */
export const checkPeakLoad = regionRule([], ["models"], (_settings, { file, region }) =>
  region.models.flatMap((m, i) => {
    const load = m.peakLoad;
    if (!load || load.meanInputTokens + load.meanOutputTokens <= m.maxModelLen) return [];
    return [{
      file,
      path: `models[${i}].peakLoad`,
      message: `meanInputTokens + meanOutputTokens must fit maxModelLen (${m.maxModelLen}), got ${load.meanInputTokens} + ${load.meanOutputTokens} = ${load.meanInputTokens + load.meanOutputTokens}`,
    }];
  }));

/** The table synth prints, one line per failure and model, with the throughput figures' sources below. */
export function formatCapacityTable(settings: Settings, rows: readonly CapacityRow[], regions: readonly CapacityRegion[]): string {
  const lines = [`capacity after a single-region failure (${settings.traffic.routing} routing; SLO traffic.slo.maxDegradedSeconds = ${settings.traffic.slo.maxDegradedSeconds} s):`];
  if (rows.length === 0) lines.push("  no peak load declared (models[].peakLoad): nothing to check");
  for (const region of regions) {
    if (!rows.some((r) => r.failed === region.name)) lines.push(`  if ${region.name} fails: no declared load moves`);
  }
  for (const row of rows) {
    const head = `  if ${row.failed} fails: ${row.model} ${row.movedRequestsPerSecond} req/s`;
    if (row.to === undefined) {
      lines.push(`${head} -> lost (${row.lostReason}${row.accepted ? "; accepted in traffic.singleRegionModels" : ""})`);
      continue;
    }
    const via = row.via.length > 0 ? ` via ${row.via.join(", ")}` : "";
    const own = row.ownRequestsPerSecond > 0 ? ` (+${row.ownRequestsPerSecond} req/s own)` : "";
    const full = row.fullAfterSeconds === undefined
      ? `NEVER (maxReplicas ${row.maxReplicas})`
      : row.fullAfterSeconds === 0 ? "carried by warm replicas" : `full after ~${Math.ceil(row.fullAfterSeconds / 60)} min (${row.fullAfterSeconds} s)`;
    lines.push(`${head} -> ${row.to}${via}${own}, needs ${row.neededReplicas} replica${row.neededReplicas === 1 ? "" : "s"} (max ${row.maxReplicas}), has ${row.warmReplicas} warm, ${full}`);
  }
  const undeclared = regions.flatMap((r) => r.models.filter((m) => !m.peakLoad).map((m) => `${r.name}/${m.name}`));
  if (undeclared.length > 0) lines.push(`  no peakLoad declared, not checked: ${undeclared.join(", ")}`);
  const figures = [...new Map(rows.flatMap((r) => (r.figure ? [[r.figure.source, r.figure] as const] : []))).values()];
  for (const f of figures) lines.push(`  ${f.kind}: ${f.outputTokensPerSecond} output tokens/s per replica = ${f.source} (catalog/throughput.ts; read ${f.date})`);
  return lines.join("\n");
}

function demandTerms(row: CapacityRow): string {
  return row.ownRequestsPerSecond > 0 ? `(${row.ownRequestsPerSecond} own + ${row.movedRequestsPerSecond} moved) req/s x output tokens` : `${row.movedRequestsPerSecond} req/s x output tokens`;
}

function here(regions: readonly CapacityRegion[], row: CapacityRow): ModelConfig {
  return regions.find((r) => r.name === row.to)!.models.find((m) => m.name === row.model)!;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** One row as synth records it for review tools (`cdktf.out/capacity-budget.json`). */
export interface CapacityBudgetEntry {
  readonly failed: string;
  readonly model: string;
  /** The serving region, or `lost`. */
  readonly to: string;
  readonly movedRequestsPerSecond: number;
  readonly neededReplicas: number;
  readonly warmReplicas: number;
  readonly maxReplicas: number;
  /** Seconds until carried; null when maxReplicas never carries it or the model is lost. */
  readonly fullAfterSeconds: number | null;
}

/** The file synth writes into its output folder (beside `manifest.json`) with {@link CapacityBudgetRecord}. */
export const CAPACITY_BUDGET_FILE = "capacity-budget.json";

/** What synth writes beside the stacks so plan-diff can show the capacity budget before and after a change. */
export interface CapacityBudgetRecord {
  readonly routing: PlatformSettings["traffic"]["routing"];
  readonly maxDegradedSeconds: number;
  readonly entries: readonly CapacityBudgetEntry[];
}

/** The capacity table as data: one entry per row, in the table's order. */
export function capacityBudgetRecord(settings: Settings, rows: readonly CapacityRow[]): CapacityBudgetRecord {
  return {
    routing: settings.traffic.routing,
    maxDegradedSeconds: settings.traffic.slo.maxDegradedSeconds,
    entries: rows.map((r) => ({
      failed: r.failed,
      model: r.model,
      to: r.to ?? "lost",
      movedRequestsPerSecond: r.movedRequestsPerSecond,
      neededReplicas: r.neededReplicas,
      warmReplicas: r.warmReplicas,
      maxReplicas: r.maxReplicas,
      fullAfterSeconds: r.fullAfterSeconds ?? null,
    })),
  };
}
