import { capacityRows, dnsDestinations, formatCapacityTable, type CapacityRegion } from "../../config/capacity-failover";
import type { PlatformSettings } from "../../config/schema";
import { defaultConfig } from "../helpers";
import { problems, rawDefault, regionOf } from "./fixtures";

/*
 * Hand-computed figures used below (catalog/throughput.ts, catalog/cold-start.ts):
 *   Llama-3.1-8B on one L4: 8.03e9 x 2 B = 16.06 GB; step = 16.06 / (300 x 0.6) = 0.08922 s;
 *   16 concurrent / 0.08922 s = 179.3 -> 179 output tokens/s per replica.
 *   2 req/s x 200 output tokens = 400 tokens/s -> ceil(400 / 179) = 3 replicas.
 *   Window: DNS failover 2 x 10 + 6 + 10 TTL = 36 s, + 30 s upscale delay, + cold start
 *   (AWS L4: 240 + 240 + 113 + 200 = 793 s; GKE L4: 360 + 240 + 113 + 200 = 913 s).
 */

const base = () => defaultConfig();
const withRouting = (s: PlatformSettings, routing: PlatformSettings["traffic"]["routing"]): PlatformSettings => ({ ...s, traffic: { ...s.traffic, routing } });
const setModel = (regions: readonly CapacityRegion[], region: string, model: string, patch: object): CapacityRegion[] =>
  regions.map((r) => (r.name !== region ? r : { ...r, models: r.models.map((m) => (m.name === model ? { ...m, ...patch } : m)) }));

test("failover routing: us-east-1's llama-8b load goes to eu-west-1, 3 replicas needed, 1 warm, full after 36 + 30 + 793 s", () => {
  const { settings, regions } = base();
  const rows = capacityRows(settings, regions);
  expect(rows.map((r) => [r.failed, r.model, r.movedRequestsPerSecond, r.to, r.neededReplicas, r.warmReplicas, r.fullAfterSeconds])).toEqual([
    ["us-east-1", "llama-8b", 2, "eu-west-1", 3, 1, 859],
    ["us-east-1", "qwen-32b", 0.5, undefined, 0, 0, undefined],
  ]);
  expect(rows[0].replicaTokensPerSecond).toBe(179);
  expect(rows[0].demandTokensPerSecond).toBe(400);
  expect(rows[0].window).toEqual({ failoverSeconds: 36, upscaleDelaySeconds: 30, coldStartSeconds: 793 });
  expect(rows[1]).toMatchObject({ lostReason: "served only in us-east-1", accepted: true });
});

test("warm replicas that carry the moved load make the window 0", () => {
  const { settings, regions } = base();
  const rows = capacityRows(settings, setModel(regions, "eu-west-1", "llama-8b", { minReplicas: 3 }));
  expect(rows[0]).toMatchObject({ to: "eu-west-1", neededReplicas: 3, warmReplicas: 3, fullAfterSeconds: 0 });
});

test("the receiving region's own load adds to the moved load, and its replicas for it count as warm", () => {
  const { settings, regions } = base();
  // eu-west-1 serves 1 req/s itself: 200 tokens/s -> 2 replicas running; with 400 moved: 600 -> 4.
  const rows = capacityRows(settings, setModel(regions, "eu-west-1", "llama-8b", { peakLoad: { requestsPerSecond: 1, meanInputTokens: 100, meanOutputTokens: 200 } }));
  const row = rows.find((r) => r.failed === "us-east-1" && r.model === "llama-8b")!;
  expect(row).toMatchObject({ ownRequestsPerSecond: 1, demandTokensPerSecond: 600, neededReplicas: 4, warmReplicas: 2, fullAfterSeconds: 859 });
  // And eu-west-1's 1 req/s goes to us-east-1 (priority 1) when eu-west-1 fails, on top of its
  // own 400 tokens/s (3 replicas running): 600 / 179 -> 4, within its warm 3? No: 4 > 3, cold.
  expect(rows.find((r) => r.failed === "eu-west-1")).toMatchObject({ to: "us-east-1", movedRequestsPerSecond: 1, neededReplicas: 4, warmReplicas: 3, fullAfterSeconds: 859 });
});

test("more replicas than maxReplicas: no time at which the load is carried", () => {
  const { settings, regions } = base();
  // 4 req/s x 200 = 800 tokens/s -> ceil(800 / 179) = 5 > 4.
  const rows = capacityRows(settings, setModel(regions, "us-east-1", "llama-8b", { peakLoad: { requestsPerSecond: 4, meanInputTokens: 500, meanOutputTokens: 200 } }));
  expect(rows[0]).toMatchObject({ to: "eu-west-1", neededReplicas: 5, maxReplicas: 4 });
  expect(rows[0].fullAfterSeconds).toBeUndefined();
});

test("weighted routing splits the failed region's load by the survivors' weights, each served where it lands", () => {
  const { settings, regions } = base();
  const s = withRouting(settings, "weighted");
  expect(dnsDestinations(s, regions, "us-east-1")).toEqual([{ region: "eu-west-1", share: 0.5 }, { region: "asia-south1", share: 0.5 }]);
  const rows = capacityRows(s, regions);
  // 1 req/s each: 200 tokens/s -> 2 replicas; GKE's cold start is longer: 36 + 30 + 913.
  expect(rows.map((r) => [r.model, r.to, r.movedRequestsPerSecond, r.neededReplicas, r.fullAfterSeconds, r.via])).toEqual([
    ["llama-8b", "eu-west-1", 1, 2, 859, []],
    ["llama-8b", "asia-south1", 1, 2, 979, []],
    // Neither survivor serves qwen-32b: both routers spill it to us-east-1, which is down.
    ["qwen-32b", undefined, 0.5, 0, undefined, ["eu-west-1", "asia-south1"]],
  ]);
});

test("weighted routing with every survivor at weight 0 shares the load equally (Route53's rule)", () => {
  const { settings, regions } = base();
  const drained = regions.map((r) => ({ ...r, traffic: { ...r.traffic, weight: r.name === "us-east-1" ? 1 : 0 } }));
  expect(dnsDestinations(withRouting(settings, "weighted"), drained, "us-east-1")).toEqual([{ region: "eu-west-1", share: 0.5 }, { region: "asia-south1", share: 0.5 }]);
});

test("latency routing stands in the next region by priority for the nearest one", () => {
  const { settings, regions } = base();
  expect(dnsDestinations(withRouting(settings, "latency"), regions, "us-east-1")).toEqual([{ region: "eu-west-1", share: 1 }]);
  expect(dnsDestinations(withRouting(settings, "latency"), regions, "eu-west-1")).toEqual([{ region: "us-east-1", share: 1 }]);
});

test("a model the receiving router spills only to the failed region is lost, though a third region serves it", () => {
  const { settings, regions } = base();
  // eu-west-1 (priority 2) drops llama-8b: its router spills llama-8b to us-east-1 (priority 1) only.
  const rs = regions.map((r) => (r.name === "eu-west-1" ? { ...r, models: [] } : r));
  const row = capacityRows(settings, rs).find((r) => r.model === "llama-8b")!;
  expect(row.to).toBeUndefined();
  expect(row).toMatchObject({ via: ["eu-west-1"], lostReason: "eu-west-1's router spills it only to us-east-1", accepted: false });
});

test("the printed table says where each load goes, in the issue's words", () => {
  const { settings, regions } = base();
  const table = formatCapacityTable(settings, capacityRows(settings, regions), regions);
  expect(table).toContain("if us-east-1 fails: llama-8b 2 req/s -> eu-west-1, needs 3 replicas (max 4), has 1 warm, full after ~15 min (859 s)");
  expect(table).toContain("if us-east-1 fails: qwen-32b 0.5 req/s -> lost (served only in us-east-1; accepted in traffic.singleRegionModels)");
  expect(table).toContain("if eu-west-1 fails: no declared load moves");
  expect(table).toContain("estimate: 179 output tokens/s per replica = 16 concurrent / (16.06 GB bfloat16 weights / (1 x 300 GB/s L4 x 0.6))");
});

describe("validation", () => {
  test("the default fixture topology passes: 859 s is within the default 900 s", () => {
    expect(problems(rawDefault())).toEqual([]);
  });

  test("fails when the degraded window exceeds traffic.slo.maxDegradedSeconds, naming minReplicas and the SLO with the numbers", () => {
    const raw = rawDefault();
    raw.settings.data.traffic.slo.maxDegradedSeconds = 600;
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: models[0].minReplicas: if us-east-1 fails, "llama-8b" needs 3 replicas in eu-west-1 and has 1 warm ' +
        "(2 req/s x output tokens = 400 output tokens/s; one replica does 179 (estimate)): full after 36 s DNS failover + 30 s Ray Serve upscale delay + " +
        "793 s cold start = 859 s, over traffic.slo.maxDegradedSeconds (600 s in regions/platform.ts); raise minReplicas to at least 3, " +
        "or raise traffic.slo.maxDegradedSeconds to at least 859, got 1",
    ]);
  });

  test("fails when the survivors' maxReplicas cannot carry the load, naming maxReplicas", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").models[0].peakLoad.requestsPerSecond = 4;
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: models[0].maxReplicas: if us-east-1 fails, "llama-8b" needs 5 replicas in eu-west-1: 4 req/s x output tokens = 800 output tokens/s; ' +
        "one replica does 179 (estimate); raise maxReplicas to at least 5 (and gpuPools maxNodes to fit them) or lower the peakLoad, got 4",
    ]);
  });

  test("fails when a failure leaves a model with no serving router, though another region serves it", () => {
    const raw = rawDefault();
    // eu-west-1 drops llama-8b for a model of its own (accepted as single-region), so us-east-1's
    // llama-8b clients reach a router that spills llama-8b to us-east-1 only; asia-south1 still serves it.
    const eu = regionOf(raw, "eu-west-1");
    eu.models = [{ name: "mistral-7b", model: "mistralai/Mistral-7B-Instruct-v0.3", pool: "l4", minReplicas: 1, maxReplicas: 2 }];
    raw.settings.data.traffic.singleRegionModels = ["qwen-32b", "mistral-7b"];
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: models: if us-east-1 fails, "llama-8b" (2 req/s) is lost: failover routing sends us-east-1\'s clients to eu-west-1, whose router ' +
        'spills "llama-8b" only to its first peer by traffic.priority, us-east-1; serve "llama-8b" in eu-west-1, got no entry for it',
    ]);
  });

  test("fails when the replicas a failure needs fit maxReplicas one by one but not their pool together, naming maxNodes", () => {
    const raw = rawDefault();
    // eu-west-1's one L4 pool at maxNodes 1 holds 4 GPUs: llama-8b needs 3 after us-east-1 fails,
    // and a second model there keeps 2 warm: 3 + 2 = 5.
    const eu = regionOf(raw, "eu-west-1");
    eu.gpuPools[0].maxNodes = 1;
    eu.models.push({ name: "qwen-7b", model: "Qwen/Qwen2.5-7B-Instruct", pool: "l4", minReplicas: 2, maxReplicas: 2 });
    raw.settings.data.traffic.singleRegionModels = ["qwen-32b", "qwen-7b"];
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: gpuPools[0].maxNodes: if us-east-1 fails, pool "l4" in eu-west-1 needs llama-8b 3 x 1 + qwen-7b 2 x 1 = 5 GPU device(s) ' +
        "and holds at most 4 at maxNodes 1; raise maxNodes, got 1",
    ]);
  });

  test("fails when a peak load's mean prompt and output do not fit maxModelLen", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").models[0].peakLoad = { requestsPerSecond: 1, meanInputTokens: 8000, meanOutputTokens: 500 };
    expect(problems(raw)).toEqual([
      "regions/us-east-1.ts: models[0].peakLoad: meanInputTokens + meanOutputTokens must fit maxModelLen (8192), got 8000 + 500 = 8500",
    ]);
  });

  test("fails when peakLoad fields are out of range, each named with its value", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").models[0].peakLoad = { requestsPerSecond: -1, meanInputTokens: 0, meanOutputTokens: 1.5 };
    const out = problems(raw);
    expect(out).toEqual(expect.arrayContaining([
      expect.stringMatching(/^regions\/us-east-1\.ts: models\[0\]\.peakLoad\.requestsPerSecond: .*got -1$/),
      expect.stringMatching(/^regions\/us-east-1\.ts: models\[0\]\.peakLoad\.meanInputTokens: .*got 0$/),
      expect.stringMatching(/^regions\/us-east-1\.ts: models\[0\]\.peakLoad\.meanOutputTokens: .*got 1\.5$/),
    ]));
    expect(out).toHaveLength(3);
  });
});
