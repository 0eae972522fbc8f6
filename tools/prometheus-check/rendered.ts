import { parse } from "yaml";
import { FEDERATION_ENDPOINT_LABEL } from "../../constructs/prometheus-federation/federation-endpoint";
import type { ScrapeConfig } from "../../constructs/prometheus-federation/federation-jobs";
import type { RuleGroup } from "../../constructs/prometheus-federation/rule-types";

/** A synthesized stack (`cdk.tf.json`), as far as this check reads it. */
export interface StackJson {
  readonly resource?: {
    readonly helm_release?: Record<string, { name: string; values?: string[] }>;
    readonly kubernetes_config_map_v1?: Record<string, { metadata?: { labels?: Record<string, string> }; data?: Record<string, string> }>;
  };
}

/** The nginx.conf of every federation proxy in a synthesized stack. */
export function federationProxyConfigs(json: StackJson): string[] {
  const [key, value] = Object.entries(FEDERATION_ENDPOINT_LABEL)[0];
  return Object.values(json.resource?.kubernetes_config_map_v1 ?? {})
    .filter((m) => m.metadata?.labels?.[key] === value && typeof m.data?.["nginx.conf"] === "string")
    .map((m) => m.data!["nginx.conf"]);
}

/** What one kube-prometheus-stack release in a synthesized stack configures. */
export interface RenderedRelease {
  readonly stack: string;
  readonly release: string;
  /** additionalPrometheusRulesMap: rule file name -> groups. */
  readonly ruleFiles: Record<string, { groups: RuleGroup[] }>;
  readonly externalLabels: Record<string, string>;
  readonly scrapeConfigs: ScrapeConfig[];
}

/**
 * The Prometheus configuration every helm release of a synthesized stack carries: rule
 * files, external labels and additional scrape configs, read from its values exactly
 * as Helm will receive them.
 */
export function renderedReleases(stack: string, json: StackJson): RenderedRelease[] {
  const out: RenderedRelease[] = [];
  for (const release of Object.values(json.resource?.helm_release ?? {})) {
    for (const doc of release.values ?? []) {
      const values = parse(doc) ?? {};
      const spec = values.prometheus?.prometheusSpec ?? {};
      const ruleFiles = values.additionalPrometheusRulesMap ?? {};
      if (Object.keys(ruleFiles).length === 0 && !spec.externalLabels && !spec.additionalScrapeConfigs) continue;
      out.push({
        stack,
        release: release.name,
        ruleFiles,
        externalLabels: spec.externalLabels ?? {},
        scrapeConfigs: spec.additionalScrapeConfigs ?? [],
      });
    }
  }
  return out;
}
