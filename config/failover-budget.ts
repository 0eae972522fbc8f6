import { show, type ConfigError } from "./errors";
import type { PlatformSettings, RegionConfig } from "./schema";

/**
 * The failover budget: how long, at worst, the platform takes to notice that a region
 * stopped serving (detection) and until every client has moved to a healthy region
 * (client-visible failover), computed from the synthesized settings alone. Pure: no
 * I/O, no constructs.
 *
 * detection  <= failureThreshold x requestInterval + probe timeout
 * failover   <= detection + record TTL (+ the alias TTL where an alias is used)
 */

/**
 * Route53 fails a probe when it cannot open the TCP connection within 4 s, or gets no
 * 2xx/3xx within 2 s after connecting (Route53 developer guide, "How Amazon Route 53
 * determines whether a health check is healthy", checked 2026-11).
 */
export const ROUTE53_PROBE_TIMEOUT_SECONDS = 6;

/** The `timeout_sec` the Cloud DNS health check is given (it must be <= the interval). */
export const CLOUD_DNS_PROBE_TIMEOUT_SECONDS = 5;

/**
 * The shortest probe interval each authority allows. Route53: 10 s ("fast") or 30 s.
 * Cloud DNS probes external endpoints with a global health check that has
 * `sourceRegions`, whose `checkIntervalSec` "must be at least 30" (Compute API
 * HealthCheck reference, checked 2026-11): a shorter setting is raised to 30.
 */
export const MIN_REQUEST_INTERVAL_SECONDS: Readonly<Record<PlatformSettings["dns"]["authority"], number>> = {
  route53: 10,
  "cloud-dns": 30,
};

/**
 * The fixed TTL Route53 answers with for an alias to a cloud load balancer; the reason
 * the serving endpoints have static addresses instead.
 */
export const LB_ALIAS_TTL_SECONDS = 60;

/**
 * What the global record of a region points at: its static serving addresses (what the
 * platform synthesizes), or an alias to its load balancer (kept to show why not).
 */
export type EndpointKind = "static-ip" | "lb-alias";

/** The budget of one region, with every term that goes into it. */
export interface FailoverBudget {
  readonly region: string;
  readonly authority: PlatformSettings["dns"]["authority"];
  readonly requestIntervalSeconds: number;
  readonly failureThreshold: number;
  readonly probeTimeoutSeconds: number;
  readonly recordTtlSeconds: number;
  readonly aliasTtlSeconds: number;
  /** Worst case from the first failed request to the region being marked unhealthy. */
  readonly detectionSeconds: number;
  /** Worst case until no client resolves to the failed region any more. */
  readonly failoverSeconds: number;
}

/** The probe timeout of the DNS authority's health checks. */
export function probeTimeoutSeconds(authority: PlatformSettings["dns"]["authority"]): number {
  return authority === "route53" ? ROUTE53_PROBE_TIMEOUT_SECONDS : CLOUD_DNS_PROBE_TIMEOUT_SECONDS;
}

/** The probe interval the authority's health checks really use for the settings. */
export function effectiveIntervalSeconds(settings: Pick<PlatformSettings, "dns" | "traffic">): number {
  return Math.max(settings.traffic.healthCheck.requestIntervalSeconds, MIN_REQUEST_INTERVAL_SECONDS[settings.dns.authority]);
}

/** The worst-case budget of one region under the settings. */
export function failoverBudget(
  settings: Pick<PlatformSettings, "dns" | "traffic">,
  region: Pick<RegionConfig, "name">,
  endpoint: EndpointKind = "static-ip",
): FailoverBudget {
  const { failureThreshold } = settings.traffic.healthCheck;
  const requestIntervalSeconds = effectiveIntervalSeconds(settings);
  const probeTimeout = probeTimeoutSeconds(settings.dns.authority);
  const aliasTtl = endpoint === "lb-alias" ? LB_ALIAS_TTL_SECONDS : 0;
  const detection = failureThreshold * requestIntervalSeconds + probeTimeout;
  return {
    region: region.name,
    authority: settings.dns.authority,
    requestIntervalSeconds,
    failureThreshold,
    probeTimeoutSeconds: probeTimeout,
    recordTtlSeconds: settings.dns.ttlSeconds,
    aliasTtlSeconds: aliasTtl,
    detectionSeconds: detection,
    failoverSeconds: detection + settings.dns.ttlSeconds + aliasTtl,
  };
}

/** The budgets of every region, as the global stack synthesizes them (static addresses). */
export function failoverBudgets(settings: Pick<PlatformSettings, "dns" | "traffic">, regions: readonly Pick<RegionConfig, "name">[]): FailoverBudget[] {
  return regions.map((r) => failoverBudget(settings, r));
}

/**
 * Checks every region's budget against `traffic.slo`. A breach names the setting to
 * change, the figures and the largest value that would meet the SLO. Regions with the
 * same figures share one message.
 */
export function checkFailoverBudget(
  settings: Pick<PlatformSettings, "dns" | "traffic">,
  settingsFile: string,
  regions: readonly Pick<RegionConfig, "name">[],
): ConfigError[] {
  const { slo } = settings.traffic;
  const errors: ConfigError[] = [];
  const groups = new Map<string, FailoverBudget[]>();
  for (const b of failoverBudgets(settings, regions)) {
    const key = `${b.detectionSeconds}/${b.failoverSeconds}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  for (const group of groups.values()) {
    const b = group[0];
    const where = `for ${group.map((g) => g.region).join(", ")}`;
    const detection = `${b.failureThreshold} x ${b.requestIntervalSeconds} s + ${b.probeTimeoutSeconds} s probe timeout = ${b.detectionSeconds} s`;

    if (b.detectionSeconds > slo.maxDetectionSeconds) {
      const [path, hint, got] = detectionFix(settings, b, "traffic.slo.maxDetectionSeconds", slo.maxDetectionSeconds, 0);
      errors.push({
        file: settingsFile,
        path,
        message: `worst-case failure detection ${where} is ${detection}, over traffic.slo.maxDetectionSeconds (${slo.maxDetectionSeconds} s); ${hint}, got ${show(got)}`,
      });
    }
    if (b.failoverSeconds > slo.maxFailoverSeconds) {
      const ttlFit = slo.maxFailoverSeconds - b.detectionSeconds - b.aliasTtlSeconds;
      const alias = b.aliasTtlSeconds > 0 ? ` + ${b.aliasTtlSeconds} s alias TTL` : "";
      const [path, hint, got] = ttlFit >= 1
        ? ["dns.ttlSeconds", `lower it to at most ${ttlFit}`, settings.dns.ttlSeconds]
        : detectionFix(settings, b, "traffic.slo.maxFailoverSeconds", slo.maxFailoverSeconds, b.recordTtlSeconds + b.aliasTtlSeconds);
      errors.push({
        file: settingsFile,
        path,
        message: `worst-case client-visible failover ${where} is ${b.detectionSeconds} s detection + ${b.recordTtlSeconds} s record TTL${alias} = ${b.failoverSeconds} s, over traffic.slo.maxFailoverSeconds (${slo.maxFailoverSeconds} s); ${hint}, got ${show(got)}`,
      });
    }
  }
  return errors;
}

/**
 * The setting to change so that detection fits `sloValue - otherSeconds` (the TTLs, for
 * the failover SLO): the failure threshold if some threshold fits, else the interval if
 * the authority's shortest one fits, else the SLO itself.
 */
function detectionFix(
  settings: Pick<PlatformSettings, "dns" | "traffic">,
  b: FailoverBudget,
  sloPath: string,
  sloValue: number,
  otherSeconds: number,
): [path: string, hint: string, got: number] {
  const { healthCheck } = settings.traffic;
  const timeLeft = sloValue - otherSeconds - b.probeTimeoutSeconds;
  const fit = Math.floor(timeLeft / b.requestIntervalSeconds);
  const minInterval = MIN_REQUEST_INTERVAL_SECONDS[b.authority];
  if (fit >= 1) return ["traffic.healthCheck.failureThreshold", `lower it to at most ${fit}`, healthCheck.failureThreshold];
  if (b.requestIntervalSeconds > minInterval && timeLeft >= minInterval) {
    return ["traffic.healthCheck.requestIntervalSeconds", `use ${minInterval}`, healthCheck.requestIntervalSeconds];
  }
  const floor = minInterval + b.probeTimeoutSeconds + otherSeconds;
  return [sloPath, `no health check setting fits (${b.authority} probes at most every ${minInterval} s); raise it to at least ${floor}`, sloValue];
}

/** The budgets as a Markdown table: what synth prints and what `docs/global.md` shows. */
export function formatBudgetTable(settings: Pick<PlatformSettings, "dns" | "traffic">, budgets: readonly FailoverBudget[]): string {
  const { slo } = settings.traffic;
  const rows = budgets.map((b) => {
    const alias = b.aliasTtlSeconds > 0 ? ` + ${b.aliasTtlSeconds}` : "";
    return `| ${b.region} | ${b.authority} | ${b.failureThreshold} x ${b.requestIntervalSeconds} + ${b.probeTimeoutSeconds} = **${b.detectionSeconds} s** | ${b.detectionSeconds} + ${b.recordTtlSeconds}${alias} = **${b.failoverSeconds} s** |`;
  });
  return [
    `| region | DNS | detection (threshold x interval + timeout; SLO ${slo.maxDetectionSeconds} s) | client-visible failover (detection + TTL; SLO ${slo.maxFailoverSeconds} s) |`,
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
