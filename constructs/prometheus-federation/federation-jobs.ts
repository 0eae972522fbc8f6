import type { RegionConfig } from "../../config/schema";

/**
 * The hub's federation scrape jobs, as a pure function of the region list: adding a
 * region adds its job, removing one removes it. The hub reaches each region at
 * `federation.<region>.<zone>:443` (the DNS record of the region's federation load
 * balancer), over TLS, with basic auth whose password it reads from a mounted Secret.
 */

/** The series the hub pulls from every region: the recording rules and `up`. */
export const FEDERATE_MATCH: readonly string[] = [
  // Every recording rule named `region...:<metric>:<ops>` (see recording-rules.ts).
  '{__name__=~"region(_[a-z]+)*:.+"}',
  '{__name__="up"}',
];

/** The job name prefix that alerts select federation targets by. */
export const FEDERATION_JOB_PREFIX = "federate-";

/** The username every region's federation endpoint accepts from the hub. */
export const FEDERATION_USERNAME = "hub";

/** The port the federation endpoint listens on (TLS). */
export const FEDERATION_PORT = 443;

/** The DNS name of a region's federation endpoint: `federation.<region>.<zone>`. */
export function federationHost(region: string, zone: string): string {
  return `federation.${region}.${zone}`;
}

/** The DNS name other hubs reach a hub's Alertmanager peer endpoint at: `alertmanager.<region>.<zone>`. */
export function alertmanagerPeerHost(region: string, zone: string): string {
  return `alertmanager.${region}.${zone}`;
}

/** The key, in the hub's federation client Secret, holding a region's password. */
export function federationPasswordKey(region: string): string {
  return `${region}.password`;
}

/** Options of {@link federationScrapeConfigs}. */
export interface FederationScrapeOptions {
  /** The platform's DNS zone (`settings.dns.zone`). */
  readonly zone: string;
  /**
   * The folder holding the hub's federation client credentials: `ca.crt` and one
   * `<region>.password` per region.
   */
  readonly credentialsDir: string;
  /** @default 30 - seconds between federation scrapes */
  readonly scrapeIntervalSeconds?: number;
  /**
   * The hub's own region, scraped at its in-cluster Prometheus Service (`http://...svc:9090`)
   * rather than through `federation.<region>.<zone>`, a name the `global` stack creates
   * only after every platform stack: the hub sees its own region from its first apply.
   * @default - every region through its federation endpoint
   */
  readonly inCluster?: { readonly region: string; readonly url: string };
}

/** One Prometheus `scrape_config`, in the shape Prometheus reads it. */
export interface ScrapeConfig {
  readonly job_name: string;
  readonly honor_labels: boolean;
  readonly metrics_path: string;
  readonly scheme: "https" | "http";
  readonly scrape_interval: string;
  readonly scrape_timeout: string;
  readonly params: { readonly "match[]": readonly string[] };
  /** Absent for the in-cluster job (the hub's own region). */
  readonly basic_auth?: { readonly username: string; readonly password_file: string };
  readonly tls_config?: { readonly ca_file: string; readonly server_name: string };
  readonly static_configs: readonly { readonly targets: readonly string[]; readonly labels: Readonly<Record<string, string>> }[];
}

/**
 * One federation job per region, sorted by region name so the output is stable.
 * `honor_labels` keeps the `region`, `cloud` and `cluster` labels each regional
 * Prometheus attaches; the target labels carry them too so `up` of a down region
 * still says which region it is.
 */
export function federationScrapeConfigs(
  regions: readonly Pick<RegionConfig, "name" | "cloud">[],
  opts: FederationScrapeOptions,
): ScrapeConfig[] {
  const interval = opts.scrapeIntervalSeconds ?? 30;
  const dir = opts.credentialsDir.replace(/\/+$/, "");
  return [...regions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r): ScrapeConfig => {
      const common = {
        job_name: `${FEDERATION_JOB_PREFIX}${r.name}`,
        honor_labels: true,
        metrics_path: "/federate",
        scrape_interval: `${interval}s`,
        // A federate response of a large region takes time; stay inside the interval.
        scrape_timeout: `${Math.max(1, Math.floor(interval * 0.8))}s`,
        params: { "match[]": [...FEDERATE_MATCH] },
      };
      if (opts.inCluster?.region === r.name) {
        const url = new URL(opts.inCluster.url);
        return {
          ...common,
          scheme: "http",
          static_configs: [{ targets: [url.host], labels: { region: r.name, cloud: r.cloud } }],
        };
      }
      const host = federationHost(r.name, opts.zone);
      return {
        ...common,
        scheme: "https",
        basic_auth: { username: FEDERATION_USERNAME, password_file: `${dir}/${federationPasswordKey(r.name)}` },
        tls_config: { ca_file: `${dir}/ca.crt`, server_name: host },
        static_configs: [{ targets: [`${host}:${FEDERATION_PORT}`], labels: { region: r.name, cloud: r.cloud } }],
      };
    });
}
