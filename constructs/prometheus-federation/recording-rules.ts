import type { RecordingRule, RuleGroup } from "./rule-types";

/**
 * The recording rules every regional Prometheus evaluates: per-region aggregates of
 * exactly what the hub federates. Series carry no region label here; each regional
 * Prometheus adds `region`, `cloud` and `cluster` as external labels on `/federate`.
 *
 * Names follow `level:metric:operations`; the level is `region` or `region_<by>` so
 * the hub's `match[]` ({@link FEDERATE_MATCH}) takes all of them and nothing else.
 *
 * Metric sources, each name in the vendored lists under `reference/metrics/`: DCGM
 * exporter 4.6.0-4.8.3 of the GPU Operator (`DCGM_FI_*`, host label `hostname`), Ray
 * Serve 2.52 (`ray_serve_*`), and vLLM 0.11.0 through Ray Serve LLM's metrics export,
 * which sanitizes `vllm:x` into `ray_vllm_x` (there is no `ray_vllm:*` series).
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

/**
 * Client traffic only. Ray Serve's proxy counts its own `/-/healthz` and `/-/routes`
 * answers in `ray_serve_num_http_requests_total` with `application=""` (Ray 2.52
 * `serve/_private/proxy.py`); the DNS health checkers call that route every few
 * seconds from many locations, which would dilute the error ratios, and an unhealthy
 * proxy answers them 503, which would count as client errors.
 */
export const CLIENT_TRAFFIC = 'application!="", route!~"/-/(healthz|routes)"';
/**
 * The Serve deployments that run vLLM. `build_openai_app` names each model's deployment
 * `LLMServer:<model id>` (Ray `llm/_internal/serve/core/server/builder.py`,
 * `name_prefix = f"{deployment_cls.__name__}:"`) beside the `OpenAiIngress` deployment,
 * whose replicas stay healthy while every engine is dead.
 */
export const LLM_DEPLOYMENTS = 'deployment=~"LLMServer:.*"';

const SERVE_REQUESTS = `ray_serve_num_http_requests_total{${CLIENT_TRAFFIC}}`;
const SERVE_ERRORS = `ray_serve_num_http_requests_total{${CLIENT_TRAFFIC}, status_code=~"5.."}`;
const SERVE_REPLICAS = `ray_serve_deployment_replica_healthy{${LLM_DEPLOYMENTS}}`;
const TTFT = "ray_vllm_time_to_first_token_seconds";
const ITL = "ray_vllm_inter_token_latency_seconds";

function rec(record: string, expr: string): RecordingRule {
  return { record, expr };
}

function quantileName(q: number): string {
  return `p${Math.round(q * 100)}`;
}

/** The window over which a new XID counts as recent (the XID alert fires this long). */
export const XID_WINDOW = "15m";

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
    rec("region_node:dcgm_fb_used:max_ratio", `max by (hostname) (${fbRatio})`),
    rec("region_node:dcgm_gpu_temp_celsius:max", "max by (hostname) (DCGM_FI_DEV_GPU_TEMP)"),
    // DCGM_FI_DEV_XID_ERRORS is a gauge holding the last XID code (0: none since the
    // exporter started), not a count: its value stays after one XID until the driver
    // reloads. A new XID shows as a change; the last code says which one.
    rec("region_node:dcgm_xid_last:max", "max by (hostname) (DCGM_FI_DEV_XID_ERRORS)"),
    rec(`region_node:dcgm_xid_changes:max${XID_WINDOW}`, `max by (hostname) (changes(DCGM_FI_DEV_XID_ERRORS[${XID_WINDOW}]))`),
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
    rules.push(rec(
      `region_model:vllm_inter_token_latency_seconds:${quantileName(q)}_5m`,
      `histogram_quantile(${q}, sum by (model, le) (${byModelName(`rate(${ITL}_bucket[5m])`)}))`,
    ));
  }
  rules.push(
    // 0..1; vLLM 0.11 hides the older gpu_cache_usage_perc unless asked for it.
    rec("region_model:vllm_kv_cache_usage:max", `max by (model) (${byModelName("ray_vllm_kv_cache_usage_perc")})`),
    rec("region_model:vllm_requests_waiting:sum", `sum by (model) (${byModelName("ray_vllm_num_requests_waiting")})`),
    rec("region_model:vllm_requests_running:sum", `sum by (model) (${byModelName("ray_vllm_num_requests_running")})`),
    rec("region_model:serve_replicas:count", `count by (model) (${byApplication(SERVE_REPLICAS)})`),
    rec("region_model:serve_replicas_healthy:sum", `sum by (model) (${byApplication(SERVE_REPLICAS)})`),
  );
  return rules;
}

/** The record holding every alert firing in a region, for the hubs to notify. */
export const REGION_ALERTS_RECORD = "region:alerts:firing";

/**
 * Regional Prometheus run the chart's cluster-health rules (node, kubelet, pods,
 * volumes) but have no Alertmanager of their own: their firing alerts are recorded under
 * a `region...` name so the hubs federate them with everything else, and a hub alert
 * notifies them. The original name moves to `region_alertname` because an alerting rule
 * sets `alertname` itself. Alerts without a receiver worth paging (severity none or
 * info: Watchdog, InfoInhibitor) stay in the region.
 */
function alertForwardingRules(): RecordingRule[] {
  return [rec(
    REGION_ALERTS_RECORD,
    'label_replace(ALERTS{alertstate="firing", severity!~"none|info"}, "region_alertname", "$1", "alertname", "(.*)")',
  )];
}

/** The regional rule groups, in evaluation order. */
export function regionalRecordingRules(): RuleGroup[] {
  return [
    { name: "platform-region-gpu", interval: "30s", rules: gpuRules() },
    { name: "platform-region-serving", interval: "30s", rules: servingRules() },
    { name: "platform-region-alerts", interval: "30s", rules: alertForwardingRules() },
  ];
}
