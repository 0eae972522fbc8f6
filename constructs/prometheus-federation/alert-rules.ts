import { FEDERATION_JOB_PREFIX } from "./federation-jobs";
import { REGION_ALERTS_RECORD, TTFT_SLO_SECONDS, XID_WINDOW } from "./recording-rules";
import { SEVERITY_FROM_SOURCE, type AlertingRule, type RuleGroup } from "./rule-types";

/**
 * The hub's cross-region alerts, evaluated on federated series. Every alert carries a
 * `severity` label and `summary`, `description` and `runbook` annotations; every
 * per-region alert keeps the `region` label so routing and silences can use it.
 */

/** Options of {@link hubAlertRules}. */
export interface HubAlertOptions {
  /** @default 0.999 - share of requests that must succeed (error-rate SLO) */
  readonly availabilitySlo?: number;
  /** @default 0.99 - share of requests whose time-to-first-token must beat TTFT_SLO_SECONDS */
  readonly latencySlo?: number;
  /** @default 85 - GPU temperature, in Celsius, that counts as pressure */
  readonly gpuTempCelsius?: number;
  /** @default 0.98 - share of a GPU's memory in use that counts as pressure (vLLM preallocates up to 0.98) */
  readonly gpuMemoryRatio?: number;
  /** @default 0.9 - KV cache usage above which a model is about to queue */
  readonly kvCacheRatio?: number;
}

const FEDERATION_UP = `up{job=~"${FEDERATION_JOB_PREFIX}.+"}`;
// Healthy vLLM replicas only (the recording rule leaves out the ingress deployment).
const HEALTHY_REPLICAS = "sum by (region) (region_model:serve_replicas_healthy:sum) > 0";

// Multiwindow, multi-burn-rate pairs from the Google SRE workbook: a long window for
// significance, a short one so the alert resolves soon after the burn stops.
const BURNS = [
  { long: "1h", short: "5m", factor: 14.4, severity: "critical", for: "2m" },
  { long: "6h", short: "30m", factor: 6, severity: "warning", for: "15m" },
] as const;

function pct(ratio: number): string {
  return `${+(ratio * 100).toFixed(3)}%`;
}

function burnAlerts(name: string, budgetName: "error" | "latency", what: string, series: string, slo: number): AlertingRule[] {
  const budget = +(1 - slo).toFixed(6);
  return BURNS.map((b) => {
    const threshold = +(b.factor * budget).toFixed(6);
    return {
      alert: name,
      expr: `${series}${b.long} > ${threshold} and ${series}${b.short} > ${threshold}`,
      for: b.for,
      labels: { severity: b.severity, window: b.long },
      annotations: {
        summary: `{{ $labels.region }} burns its ${budgetName} budget ${b.factor}x too fast`,
        description: `${what} in {{ $labels.region }} over ${b.long} is {{ $value | humanizePercentage }}, above ${b.factor} times the budget of ${pct(budget)} (SLO ${pct(slo)}).`,
        runbook: `Open the LLM serving dashboard for the region. If one model is the cause, check its Ray Serve replicas and vLLM logs; if the whole region is, drain it (traffic.weight: 0 or raise its priority number) and redeploy its platform stack.`,
      },
    };
  });
}

/** The hub's alert groups. */
export function hubAlertRules(opts: HubAlertOptions = {}): RuleGroup[] {
  const o = { availabilitySlo: 0.999, latencySlo: 0.99, gpuTempCelsius: 85, gpuMemoryRatio: 0.98, kvCacheRatio: 0.9, ...opts };
  const regions: AlertingRule[] = [
    {
      alert: "FederationTargetDown",
      expr: `${FEDERATION_UP} == 0`,
      for: "2m",
      labels: { severity: "critical" },
      annotations: {
        summary: "The hub cannot federate {{ $labels.region }}",
        description: "Scraping {{ $labels.instance }} ({{ $labels.job }}) has failed for 2 minutes; the hub sees no fresh metrics of {{ $labels.region }}.",
        runbook: "Check the region's federation load balancer and proxy (kubectl -n monitoring get svc,pods -l app.kubernetes.io/name=federation-proxy), that the hub's egress addresses are still in its source ranges, and that the hub's password and CA in the federation client Secret match the region's.",
      },
    },
    {
      alert: "RegionServingDown",
      expr: `max by (region) (${FEDERATION_UP} == 1) unless on (region) (${HEALTHY_REPLICAS})`,
      for: "2m",
      labels: { severity: "critical" },
      annotations: {
        summary: "{{ $labels.region }} has no healthy serving replica",
        description: "The region's metrics arrive but report no healthy Ray Serve replica for 2 minutes; DNS failover should have moved its traffic away.",
        runbook: "kubectl get rayservice -A in the region; look at the Ray head's Serve status and the GPU node pool (pending pods, spot reclaims, quota). Confirm the global DNS health check marks the region unhealthy.",
      },
    },
    {
      alert: "NoHealthyRegion",
      expr: `absent(${HEALTHY_REPLICAS})`,
      for: "1m",
      labels: { severity: "critical" },
      annotations: {
        summary: "No region has a healthy serving replica",
        description: "Every region reports zero healthy Ray Serve replicas (or none reports at all): the API is down for all clients.",
        runbook: "Treat as an outage. Check FederationTargetDown first (the hub may be blind rather than the platform down), then each region's RayService and GPU pools; scale up a region with capacity.",
      },
    },
  ];
  const slos: AlertingRule[] = [
    ...burnAlerts("ErrorBudgetBurn", "error", "The share of requests failing with 5xx", "region:serve_request_errors:ratio_rate", o.availabilitySlo),
    ...burnAlerts("LatencyBudgetBurn", "latency", `The share of requests slower than ${TTFT_SLO_SECONDS} s to the first token`, "region:vllm_ttft_slow:ratio_rate", o.latencySlo),
  ];
  const gpus: AlertingRule[] = [
    {
      alert: "GpuXidError",
      // The XID gauge holds the last code, so its value would fire until the driver
      // reloads; a change within the window is a new XID, and the value is its code.
      expr: `region_node:dcgm_xid_last:max and on (region, cluster, hostname) (region_node:dcgm_xid_changes:max${XID_WINDOW} > 0)`,
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: "GPU XID error {{ $value }} on {{ $labels.hostname }} in {{ $labels.region }}",
        description: `A GPU on {{ $labels.hostname }} reported XID {{ $value }} within the last ${XID_WINDOW}; XIDs 48, 63, 64, 74, 79, 94 and 95 mean a failed or degraded GPU. The same code twice in a row shows as one change.`,
        runbook: "Look the XID up in NVIDIA's XID catalog. For a fatal one, cordon and drain the node (kubectl cordon/drain) so the node group replaces it; for an application XID (13, 31, 43) check the vLLM worker's logs.",
      },
    },
    {
      alert: "GpuTemperatureHigh",
      expr: `region_node:dcgm_gpu_temp_celsius:max > ${o.gpuTempCelsius}`,
      for: "10m",
      labels: { severity: "warning" },
      annotations: {
        summary: "A GPU on {{ $labels.hostname }} in {{ $labels.region }} runs at {{ $value }} C",
        description: `GPU temperature has stayed above ${o.gpuTempCelsius} C for 10 minutes; the GPU will throttle clocks and latency will rise.`,
        runbook: "Check the node's other GPUs and DCGM_FI_DEV_CLOCK_THROTTLE_REASONS. A single hot node is usually hardware: cordon and drain it so it is replaced.",
      },
    },
    {
      alert: "GpuMemoryPressure",
      expr: `region_node:dcgm_fb_used:max_ratio > ${o.gpuMemoryRatio}`,
      for: "15m",
      labels: { severity: "warning" },
      annotations: {
        summary: "A GPU on {{ $labels.hostname }} in {{ $labels.region }} has {{ $value | humanizePercentage }} of its memory in use",
        description: `GPU memory has stayed above ${pct(o.gpuMemoryRatio)} for 15 minutes, more than vLLM preallocates; out-of-memory errors are next.`,
        runbook: "Find what else runs on the node's GPUs (time-slicing or MIG neighbours, a stuck worker). Lower the model's gpuMemoryUtilization or give it a pool of its own.",
      },
    },
  ];
  const serving: AlertingRule[] = [
    {
      alert: "ModelServingDown",
      // Replica series exist (the model is scaled up) but none is healthy; a model
      // scaled to zero has no series and does not fire.
      expr: "region_model:serve_replicas:count unless on (region, model) (region_model:serve_replicas_healthy:sum > 0)",
      for: "5m",
      labels: { severity: "critical" },
      annotations: {
        summary: "{{ $labels.model }} has no healthy replica in {{ $labels.region }}",
        description: "Every vLLM replica (LLMServer deployment) of {{ $labels.model }} in {{ $labels.region }} has been unhealthy for 5 minutes; the router spills its requests to another region or answers 502.",
        runbook: "kubectl -n <serving namespace> get rayservice {{ $labels.model }}; read the Ray Serve status on the head (serve status) and the LLMServer replica logs (weights download, CUDA out of memory, XID). Check GPU nodes of the model's pool.",
      },
    },
    {
      alert: "KvCacheNearlyFull",
      expr: `region_model:vllm_kv_cache_usage:max > ${o.kvCacheRatio}`,
      for: "5m",
      labels: { severity: "warning" },
      annotations: {
        summary: "KV cache of {{ $labels.model }} in {{ $labels.region }} is {{ $value | humanizePercentage }} full",
        description: `KV cache usage has stayed above ${pct(o.kvCacheRatio)} for 5 minutes; new requests queue and time-to-first-token rises.`,
        runbook: "Check the model's queue (vllm_requests_waiting) on the serving dashboard. Raise the model's maxReplicas or targetOngoingRequests headroom, or lower maxModelLen.",
      },
    },
  ];
  const forwarded: AlertingRule[] = [
    {
      alert: "RegionAlert",
      expr: REGION_ALERTS_RECORD,
      for: "0m",
      // The region already waited for the rule's own `for`; keep its severity.
      labels: { severity: SEVERITY_FROM_SOURCE },
      annotations: {
        summary: "{{ $labels.region_alertname }} is firing in {{ $labels.region }}",
        description: "The regional Prometheus of {{ $labels.region }} ({{ $labels.cluster }}) fires {{ $labels.region_alertname }}; its labels are on this alert. The regional rule's annotations are on that region's Prometheus /alerts page.",
        runbook: "Look {{ $labels.region_alertname }} up in the kube-prometheus runbooks (https://runbooks.prometheus-operator.dev/) and open the region's Prometheus (kubectl -n monitoring port-forward svc/kube-prometheus-stack-prometheus 9090).",
      },
    },
  ];
  return [
    { name: "platform-hub-regions", rules: regions },
    { name: "platform-hub-forwarded", rules: forwarded },
    { name: "platform-hub-slo", rules: slos },
    { name: "platform-hub-gpu", rules: gpus },
    { name: "platform-hub-serving", rules: serving },
  ];
}
