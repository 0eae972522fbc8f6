import { parse } from "yaml";
import { ALERTMANAGER_PEER_LABEL, FEDERATION_ENDPOINT_LABEL, type RuleGroup, type ScrapeConfig } from "../../constructs/prometheus-federation";
import type { StackJson } from "../../policies";

/** The attributes of the two resource types this check reads. */
interface HelmReleaseJson { name: string; values?: string[] }
interface ConfigMapJson { metadata?: { labels?: Record<string, string> }; data?: Record<string, string> }

function helmReleases(json: StackJson): HelmReleaseJson[] {
  return Object.values(json.resource?.helm_release ?? {}) as unknown as HelmReleaseJson[];
}

function configMaps(json: StackJson): ConfigMapJson[] {
  return Object.values(json.resource?.kubernetes_config_map_v1 ?? {}) as ConfigMapJson[];
}

/** One panel query of a provisioned Grafana dashboard. */
export interface DashboardQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
}

/**
 * Every panel query of the Grafana dashboards a synthesized stack provisions (ConfigMaps
 * labelled `grafana_dashboard: "1"`), with the template variables set to match all.
 */
export function dashboardQueries(json: StackJson): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const map of configMaps(json)) {
    if (map.metadata?.labels?.grafana_dashboard !== "1") continue;
    for (const text of Object.values(map.data ?? {})) {
      const dashboard = JSON.parse(text) as { title: string; panels?: { title: string; targets?: { expr: string }[] }[] };
      for (const panel of dashboard.panels ?? []) {
        for (const target of panel.targets ?? []) {
          out.push({ dashboard: dashboard.title, panel: panel.title, expr: target.expr.replace(/\$(region|model)\b/g, ".*") });
        }
      }
    }
  }
  return out;
}

/** The nginx.conf of every federation proxy in a synthesized stack. */
export function federationProxyConfigs(json: StackJson): string[] {
  const [key, value] = Object.entries(FEDERATION_ENDPOINT_LABEL)[0];
  return configMaps(json)
    .filter((m) => m.metadata?.labels?.[key] === value && typeof m.data?.["nginx.conf"] === "string")
    .map((m) => m.data!["nginx.conf"]);
}

/** The nginx.conf of every Alertmanager peer endpoint in a synthesized stack. */
export function alertmanagerPeerProxyConfigs(json: StackJson): string[] {
  const [key, value] = Object.entries(ALERTMANAGER_PEER_LABEL)[0];
  return configMaps(json)
    .filter((m) => m.metadata?.labels?.[key] === value && typeof m.data?.["nginx.conf"] === "string")
    .map((m) => m.data!["nginx.conf"]);
}

/** How a hub release clusters its Alertmanager and where its Prometheus sends alerts besides its own Alertmanager. */
export interface RenderedAlertmanagerCluster {
  /** `alertmanagerSpec.clusterAdvertiseAddress` (`host:port`). */
  readonly advertiseAddress: string;
  /** `alertmanagerSpec.additionalPeers`. */
  readonly peers: string[];
  /** `prometheusSpec.additionalAlertManagerConfigs` (Prometheus `alertmanager_config` entries). */
  readonly peerAlertmanagers: Record<string, any>[];
}

/** The Alertmanager cluster settings of every release in a synthesized stack that sets an advertise address. */
export function alertmanagerClusters(json: StackJson): RenderedAlertmanagerCluster[] {
  return helmReleases(json)
    .flatMap((r) => (r.values ?? []).map((doc) => parse(doc) ?? {}))
    .filter((v) => v.alertmanager?.alertmanagerSpec?.clusterAdvertiseAddress)
    .map((v) => ({
      advertiseAddress: v.alertmanager.alertmanagerSpec.clusterAdvertiseAddress,
      peers: v.alertmanager.alertmanagerSpec.additionalPeers ?? [],
      peerAlertmanagers: v.prometheus?.prometheusSpec?.additionalAlertManagerConfigs ?? [],
    }));
}

/** The Alertmanager configuration (`alertmanager.config`) of every release in a synthesized stack that sets one. */
export function alertmanagerConfigs(json: StackJson): Record<string, any>[] {
  return helmReleases(json)
    .flatMap((r) => (r.values ?? []).map((doc) => parse(doc)?.alertmanager?.config))
    .filter((c): c is Record<string, any> => c !== undefined && c !== null);
}

/** What one kube-prometheus-stack release in a synthesized stack configures. */
export interface RenderedRelease {
  readonly stack: string;
  readonly release: string;
  /** additionalPrometheusRulesMap: rule file name -> groups. */
  readonly ruleFiles: Record<string, { groups: RuleGroup[] }>;
  readonly externalLabels: Record<string, string>;
  readonly scrapeConfigs: ScrapeConfig[];
  /** prometheusSpec.retention and retentionSize, when set. */
  readonly retention?: string;
  readonly retentionSize?: string;
}

/**
 * The Prometheus configuration every helm release of a synthesized stack carries: rule
 * files, external labels and additional scrape configs, read from its values exactly
 * as Helm will receive them.
 */
export function renderedReleases(stack: string, json: StackJson): RenderedRelease[] {
  const out: RenderedRelease[] = [];
  for (const release of helmReleases(json)) {
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
        ...(spec.retention ? { retention: spec.retention } : {}),
        ...(spec.retentionSize ? { retentionSize: spec.retentionSize } : {}),
      });
    }
  }
  return out;
}
