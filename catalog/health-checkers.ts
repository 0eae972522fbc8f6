/**
 * Source ranges of the DNS health checkers, which must reach each region's serving load
 * balancer even though it is restricted to the clients' ranges.
 *
 * Route53: the `ROUTE53_HEALTHCHECKS` entries of https://ip-ranges.amazonaws.com/ip-ranges.json
 * (also the AWS-managed prefix list `com.amazonaws.global.route53-healthchecks`).
 * Google Cloud: the documented health-check probe ranges
 * (https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges).
 * Compiled: 2025-09. Refresh with
 * `curl -s https://ip-ranges.amazonaws.com/ip-ranges.json | jq -r '.prefixes[] | select(.service=="ROUTE53_HEALTHCHECKS") | .ip_prefix'`.
 */
export const HEALTH_CHECKER_SOURCE = {
  source: "ip-ranges.amazonaws.com ROUTE53_HEALTHCHECKS; Google Cloud health check probe ranges",
  compiled: "2025-09",
} as const;

/** Route53 health checker ranges (IPv4). */
export const ROUTE53_HEALTH_CHECKER_CIDRS = [
  "15.177.0.0/18",
  "54.183.255.128/26",
  "54.228.16.0/26",
  "54.232.40.64/26",
  "54.241.32.64/26",
  "54.243.31.192/26",
  "54.244.52.192/26",
  "54.245.168.0/26",
  "54.248.220.0/26",
  "54.250.253.192/26",
  "54.251.31.128/26",
  "54.252.79.128/26",
  "54.252.254.192/26",
  "54.255.254.192/26",
  "107.23.255.0/26",
  "176.34.159.192/26",
  "177.71.207.128/26",
] as const;

/** Google Cloud health check probe ranges, used by Cloud DNS health-checked routing. */
export const GOOGLE_HEALTH_CHECKER_CIDRS = ["35.191.0.0/16", "130.211.0.0/22"] as const;

/** The checker ranges for a DNS authority. */
export function healthCheckerCidrs(authority: "route53" | "cloud-dns"): readonly string[] {
  return authority === "route53" ? ROUTE53_HEALTH_CHECKER_CIDRS : GOOGLE_HEALTH_CHECKER_CIDRS;
}
