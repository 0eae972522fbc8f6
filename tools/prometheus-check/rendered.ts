import { parse } from "yaml";
import type { ScrapeConfig } from "../../constructs/prometheus-federation/federation-jobs";
import type { RuleGroup } from "../../constructs/prometheus-federation/rule-types";

/** A synthesized stack (`cdk.tf.json`), as far as this check reads it. */
export interface StackJson {
  readonly resource?: { readonly helm_release?: Record<string, { name: string; values?: string[] }> };
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
