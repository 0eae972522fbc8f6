import { type AlertingRule, hubAlertRules, regionalRecordingRules, SEVERITY_FROM_SOURCE } from "../../../constructs/prometheus-federation";

const recorded = new Set(regionalRecordingRules().flatMap((g) => g.rules.map((r) => ("record" in r ? r.record : ""))));
const alerts = hubAlertRules().flatMap((g) => g.rules) as AlertingRule[];

describe("regional recording rules", () => {
  test("aggregate everything the hub needs: GPU, traffic, errors, latency quantiles, KV cache, queue, replicas", () => {
    for (const name of [
      "region:dcgm_gpu_utilization:avg",
      "region:dcgm_fb_used:ratio",
      "region_model:serve_requests:rate5m",
      "region:serve_request_errors:ratio_rate1h",
      "region_model:vllm_ttft_seconds:p95_5m",
      "region_model:vllm_inter_token_latency_seconds:p99_5m",
      "region_model:vllm_kv_cache_usage:max",
      "region_model:vllm_requests_waiting:sum",
      "region_model:serve_replicas_healthy:sum",
    ]) expect(recorded).toContain(name);
  });

  test("record names are unique, so no rule silently shadows another", () => {
    const all = regionalRecordingRules().flatMap((g) => g.rules.map((r) => ("record" in r ? r.record : "")));
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("hub alert rules", () => {
  test("cover every cross-region failure the issue lists", () => {
    expect(new Set(alerts.map((a) => a.alert))).toEqual(new Set([
      "FederationTargetDown", "RegionServingDown", "NoHealthyRegion", "ErrorBudgetBurn", "LatencyBudgetBurn",
      "GpuXidError", "GpuTemperatureHigh", "GpuMemoryPressure", "KvCacheNearlyFull", "ModelServingDown", "RegionAlert",
    ]));
  });

  test("each carries a severity, a summary, a description and runbook text", () => {
    for (const a of alerts) {
      // RegionAlert keeps the severity of the regional alert it forwards.
      expect(["critical", "warning", SEVERITY_FROM_SOURCE]).toContain(a.labels.severity);
      expect(a.annotations.summary.length).toBeGreaterThan(10);
      expect(a.annotations.description.length).toBeGreaterThan(10);
      expect(a.annotations.runbook.length).toBeGreaterThan(30);
    }
  });

  test("reference only series the regions record or the hub scrapes itself", () => {
    // A typo in a series name would make an alert silently never fire.
    for (const a of alerts) {
      const names = a.expr.match(/\bregion[a-z_]*:[a-z0-9_]+:[a-z0-9_]+/g) ?? [];
      for (const n of names) expect(recorded).toContain(n);
    }
  });

  test("burn-rate thresholds follow the SLO: 14.4x and 6x the error budget", () => {
    const burns = hubAlertRules({ availabilitySlo: 0.99 }).flatMap((g) => g.rules).filter((r) => "alert" in r && r.alert === "ErrorBudgetBurn") as AlertingRule[];
    expect(burns.map((b) => b.expr)).toEqual([
      "region:serve_request_errors:ratio_rate1h > 0.144 and region:serve_request_errors:ratio_rate5m > 0.144",
      "region:serve_request_errors:ratio_rate6h > 0.06 and region:serve_request_errors:ratio_rate30m > 0.06",
    ]);
  });

  test("KV cache alerts above 90% by default", () => {
    expect(alerts.find((a) => a.alert === "KvCacheNearlyFull")!.expr).toBe("region_model:vllm_kv_cache_usage:max > 0.9");
  });
});
