import type { PolicyRule } from "../types";
import { at, block, blocks, isTrue } from "../values";

/**
 * Reliability rules for DNS routing (custom `LLMP_DNS_*`; checkov's Route53 checks cover
 * DNSSEC and query logging of zones, not routing). A routed record without a health check
 * keeps sending clients to a dead region: failover never happens.
 */

const AWS_ROUTING = [
  "failover_routing_policy",
  "weighted_routing_policy",
  "latency_routing_policy",
  "geolocation_routing_policy",
  "geoproximity_routing_policy",
  "cidr_routing_policy",
];

/** True when a Cloud DNS target list is health-checked (external endpoints need the policy's health check). */
function gcpTargetsChecked(targets: unknown, policyHealthCheck: unknown): boolean {
  const t = block(targets);
  if (!t) return false;
  if (blocks(t.internal_load_balancers).length > 0) return true;
  return Array.isArray(t.external_endpoints) && t.external_endpoints.length > 0 && typeof policyHealthCheck === "string";
}

/** The DNS rules. */
export const DNS_RULES: readonly PolicyRule[] = [
  {
    id: "LLMP_DNS_1",
    title: "Routed DNS records are health-checked",
    resourceTypes: ["aws_route53_record", "google_dns_record_set"],
    check: (r) => {
      if (r.type === "aws_route53_record") {
        const policy = AWS_ROUTING.find((p) => r.attrs[p] !== undefined);
        if (!policy) return undefined;
        const checked = typeof r.attrs.health_check_id === "string" || isTrue(at(r.attrs, "alias", "evaluate_target_health"));
        return checked ? undefined : `has a ${policy.replace(/_/g, " ")} but no health_check_id (nor an alias with evaluate_target_health), so it never fails over`;
      }
      const policy = block(r.attrs.routing_policy);
      if (!policy) return undefined;
      const hc = policy.health_check;
      if (policy.primary_backup !== undefined) {
        return gcpTargetsChecked(at(policy, "primary_backup", "primary"), hc)
          ? undefined
          : "has a primary_backup routing policy whose primary is not health-checked, so it never fails over";
      }
      const items = [...blocks(policy.wrr), ...blocks(policy.geo)];
      const unchecked = items.filter((i) => !gcpTargetsChecked(i.health_checked_targets, hc));
      return unchecked.length ? `has ${unchecked.length} routing item(s) without health_checked_targets, so traffic keeps flowing to a dead region` : undefined;
    },
    fix: "give every routed record a health check: health_check_id (Route53) or health_checked_targets plus routing_policy.health_check (Cloud DNS)",
  },
];
