/** A Prometheus recording rule, as rule files and `PrometheusRule` specs write it. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/** The severity label a forwarded alert takes from the alert it forwards (a label template). */
export const SEVERITY_FROM_SOURCE = "{{ $labels.severity }}";

/** A Prometheus alerting rule with the labels and annotations every platform alert carries. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: "critical" | "warning" | typeof SEVERITY_FROM_SOURCE } & Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook: string };
}

/** A rule group: the unit Prometheus evaluates together at one interval. */
export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}
