/**
 * Grafana dashboards the hub provisions, built from the federated recording rules so
 * they stay cheap however many regions there are. Each is plain dashboard JSON with a
 * `region` variable (and `model` for serving).
 */

/** A Grafana dashboard, as its JSON model. */
export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly [key: string]: unknown;
}

interface TargetSpec {
  readonly expr: string;
  readonly legend: string;
}

/** A panel with one query, or several drawn together (each its own target, so none hides another). */
type PanelSpec = { readonly title: string; readonly unit: string } & (TargetSpec | { readonly targets: readonly TargetSpec[] });

function targetsOf(p: PanelSpec): readonly TargetSpec[] {
  return "targets" in p ? p.targets : [p];
}

function variable(name: string, query: string): Record<string, unknown> {
  return {
    name,
    type: "query",
    datasource: { type: "prometheus", uid: "${datasource}" },
    query: { query, refId: name },
    refresh: 2,
    includeAll: true,
    multi: true,
    current: { text: "All", value: "$__all" },
  };
}

function dashboard(uid: string, title: string, vars: Record<string, unknown>[], panels: readonly PanelSpec[]): GrafanaDashboard {
  return {
    uid,
    title,
    tags: ["gpu-llm-platform"],
    schemaVersion: 39,
    timezone: "utc",
    refresh: "1m",
    time: { from: "now-6h", to: "now" },
    templating: {
      list: [{ name: "datasource", type: "datasource", query: "prometheus", current: {} }, ...vars],
    },
    panels: panels.map((p, i) => ({
      id: i + 1,
      type: "timeseries",
      title: p.title,
      datasource: { type: "prometheus", uid: "${datasource}" },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: targetsOf(p).map((t, j) => ({ refId: String.fromCharCode(65 + j), expr: t.expr, legendFormat: t.legend })),
    })),
  };
}

const R = 'region=~"$region"';
const RM = 'region=~"$region", model=~"$model"';

/** GPU fleet per region: count, utilization, memory, temperature, XID errors. */
export function gpuFleetDashboard(): GrafanaDashboard {
  return dashboard("platform-gpu-fleet", "GPU fleet per region", [variable("region", "label_values(region:dcgm_gpus:count, region)")], [
    { title: "GPUs", expr: `sum by (region) (region:dcgm_gpus:count{${R}})`, legend: "{{region}}", unit: "short" },
    { title: "GPU utilization", expr: `region:dcgm_gpu_utilization:avg{${R}}`, legend: "{{region}}", unit: "percentunit" },
    { title: "GPU utilization by GPU model", expr: `region_gpu_model:dcgm_gpu_utilization:avg{${R}}`, legend: "{{region}} {{modelName}}", unit: "percentunit" },
    { title: "GPU memory used", expr: `region:dcgm_fb_used:ratio{${R}}`, legend: "{{region}}", unit: "percentunit" },
    { title: "Hottest GPU per node", expr: `region_node:dcgm_gpu_temp_celsius:max{${R}}`, legend: "{{region}} {{hostname}}", unit: "celsius" },
    // The last XID code per node (the gauge keeps it until the driver reloads); the alert uses its changes.
    { title: "Last XID error per node", expr: `region_node:dcgm_xid_last:max{${R}}`, legend: "{{region}} {{hostname}}", unit: "none" },
  ]);
}

/** LLM serving per region and model: traffic, errors, latency, KV cache, queue, replicas. */
export function llmServingDashboard(): GrafanaDashboard {
  const vars = [
    variable("region", "label_values(region_model:serve_requests:rate5m, region)"),
    variable("model", 'label_values(region_model:serve_requests:rate5m{region=~"$region"}, model)'),
  ];
  return dashboard("platform-llm-serving", "LLM serving per region and model", vars, [
    { title: "Requests per second", expr: `region_model:serve_requests:rate5m{${RM}}`, legend: "{{region}} {{model}}", unit: "reqps" },
    { title: "5xx errors per second", expr: `region_model:serve_request_errors:rate5m{${RM}}`, legend: "{{region}} {{model}}", unit: "reqps" },
    { title: "Error ratio (1h)", expr: `region:serve_request_errors:ratio_rate1h{${R}}`, legend: "{{region}}", unit: "percentunit" },
    { title: "Time to first token p50 / p95 / p99", expr: `{__name__=~"region_model:vllm_ttft_seconds:p(50|95|99)_5m", ${RM}}`, legend: "{{region}} {{model}} {{__name__}}", unit: "s" },
    { title: "Inter-token latency p50 / p95 / p99", expr: `{__name__=~"region_model:vllm_inter_token_latency_seconds:p(50|95|99)_5m", ${RM}}`, legend: "{{region}} {{model}} {{__name__}}", unit: "s" },
    { title: "KV cache usage", expr: `region_model:vllm_kv_cache_usage:max{${RM}}`, legend: "{{region}} {{model}}", unit: "percentunit" },
    { title: "Requests waiting", expr: `region_model:vllm_requests_waiting:sum{${RM}}`, legend: "{{region}} {{model}}", unit: "short" },
    // Two targets: `healthy or total` would drop the total wherever a healthy series exists.
    {
      title: "Healthy / total vLLM replicas",
      unit: "short",
      targets: [
        { expr: `region_model:serve_replicas_healthy:sum{${RM}}`, legend: "{{region}} {{model}} healthy" },
        { expr: `region_model:serve_replicas:count{${RM}}`, legend: "{{region}} {{model}} total" },
      ],
    },
  ]);
}
