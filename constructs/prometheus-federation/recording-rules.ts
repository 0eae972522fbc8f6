import type { RecordingRule, RuleGroup } from "./rule-types";

/**
 * The recording rules every regional Prometheus evaluates: per-region aggregates of
 * exactly what the hub federates. Series carry no region label here; each regional
 * Prometheus adds `region`, `cloud` and `cluster` as external labels on `/federate`.
 *
 * Names follow `level:metric:operations`; the level is `region` or `region_<by>` so
 * the hub's `match[]` ({@link FEDERATE_MATCH}) takes all of them and nothing else.
 *
 * Metric sources: DCGM exporter of the GPU Operator (`DCGM_FI_*`), Ray Serve
 * (`ray_serve_*`) and vLLM through Ray's metrics export (`ray_vllm:*`).
 */

/** The windows error and latency SLO burn rates are recorded over (multiwindow alerts). */
export const BURN_WINDOWS = ["5m", "30m", "1h", "6h"] as const;

/** Time-to-first-token a request must beat to count as good for the latency SLO (a vLLM bucket bound). */
export const TTFT_SLO_SECONDS = 2.5;

/** Latency quantiles recorded per region and model. */
export const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;

// Ray Serve labels the model by its application, vLLM by `model_name`; both become `model`.
const byApplication = (expr: string) => `label_replace(${expr}, "model", "$1", "application", "(.*)")`;
const byModelName = (expr: string) => `label_replace(${expr}, "model", "$1", "model_name", "(.*)")`;

const SERVE_REQUESTS = "ray_serve_num_http_requests_total";
const SERVE_ERRORS = `${SERVE_REQUESTS}{status_code=~"5.."}`;
const TTFT = "ray_vllm:time_to_first_token_seconds";
// vLLM renamed time_per_output_token to inter_token_latency; take whichever is exported.
const itl = (w: string) =>
  `sum by (model, le) (${byModelName(`rate(ray_vllm:inter_token_latency_seconds_bucket[${w}])`)})` +
  ` or sum by (model, le) (${byModelName(`rate(ray_vllm:time_per_output_token_seconds_bucket[${w}])`)})`;

function rec(record: string, expr: string): RecordingRule {
  return { record, expr };
}

function quantileName(q: number): string {
  return `p${Math.round(q * 100)}`;
}

/** GPU utilization, memory, temperature and XID errors from the DCGM exporter. */
function gpuRules(): RecordingRule[] {
  const fbRatio = "DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)";
  return [
    rec("region:dcgm_gpus:count", "count(DCGM_FI_DEV_GPU_UTIL)"),
    rec("region:dcgm_gpu_utilization:avg", "avg(DCGM_FI_DEV_GPU_UTIL) / 100"),
    rec("region_gpu_model:dcgm_gpu_utilization:avg", "avg by (modelName) (DCGM_FI_DEV_GPU_UTIL) / 100"),
    // DCGM reports frame-buffer memory in MiB.
    rec("region:dcgm_fb_used_bytes:sum", "sum(DCGM_FI_DEV_FB_USED) * 1048576"),
    rec("region:dcgm_fb_used:ratio", "sum(DCGM_FI_DEV_FB_USED) / sum(DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE)"),
    rec("region_node:dcgm_fb_used:max_ratio", `max by (Hostname) (${fbRatio})`),
    rec("region_node:dcgm_gpu_temp_celsius:max", "max by (Hostname) (DCGM_FI_DEV_GPU_TEMP)"),
    // The last XID error code per GPU; 0 means none since the exporter started.
    rec("region_node:dcgm_xid_errors:max", "max by (Hostname) (DCGM_FI_DEV_XID_ERRORS)"),
  ];
}

/** Request and error rates, SLO ratios, latency quantiles, KV cache, queue and replicas. */
function servingRules(): RecordingRule[] {
  const rules: RecordingRule[] = [
    rec("region_model:serve_requests:rate5m", `sum by (model) (${byApplication(`rate(${SERVE_REQUESTS}[5m])`)})`),
    rec("region_model:serve_request_errors:rate5m", `sum by (model) (${byApplication(`rate(${SERVE_ERRORS}[5m])`)})`),
  ];
  for (const w of BURN_WINDOWS) {
    rules.push(rec(`region:serve_request_errors:ratio_rate${w}`, `sum(rate(${SERVE_ERRORS}[${w}])) / sum(rate(${SERVE_REQUESTS}[${w}]))`));
  }
  for (const w of BURN_WINDOWS) {
    rules.push(rec(
      `region:vllm_ttft_slow:ratio_rate${w}`,
      `1 - sum(rate(${TTFT}_bucket{le="${TTFT_SLO_SECONDS}"}[${w}])) / sum(rate(${TTFT}_count[${w}]))`,
    ));
  }
  for (const q of LATENCY_QUANTILES) {
    rules.push(rec(
      `region_model:vllm_ttft_seconds:${quantileName(q)}_5m`,
      `histogram_quantile(${q}, sum by (model, le) (${byModelName(`rate(${TTFT}_bucket[5m])`)}))`,
    ));
  }
  for (const q of LATENCY_QUANTILES) {
    rules.push(rec(`region_model:vllm_inter_token_latency_seconds:${quantileName(q)}_5m`, `histogram_quantile(${q}, ${itl("5m")})`));
  }
  rules.push(
    // vLLM renamed gpu_cache_usage_perc to kv_cache_usage_perc; both are 0..1.
    rec("region_model:vllm_kv_cache_usage:max", `max by (model) (${byModelName("ray_vllm:kv_cache_usage_perc or ray_vllm:gpu_cache_usage_perc")})`),
    rec("region_model:vllm_requests_waiting:sum", `sum by (model) (${byModelName("ray_vllm:num_requests_waiting")})`),
    rec("region_model:vllm_requests_running:sum", `sum by (model) (${byModelName("ray_vllm:num_requests_running")})`),
    rec("region_model:serve_replicas:count", `count by (model) (${byApplication("ray_serve_deployment_replica_healthy")})`),
    rec("region_model:serve_replicas_healthy:sum", `sum by (model) (${byApplication("ray_serve_deployment_replica_healthy")})`),
  );
  return rules;
}

/** The regional rule groups, in evaluation order. */
export function regionalRecordingRules(): RuleGroup[] {
  return [
    { name: "platform-region-gpu", interval: "30s", rules: gpuRules() },
    { name: "platform-region-serving", interval: "30s", rules: servingRules() },
  ];
}
