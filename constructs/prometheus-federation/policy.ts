import { opensWorld } from "../../config/cidr";
import { FEDERATION_ENDPOINT_LABEL } from "./federation-endpoint";

/**
 * Policy over a synthesized stack (`cdk.tf.json`, parsed): every federation endpoint
 * Service must restrict its load balancer to listed sources, never 0.0.0.0/0 or ::/0.
 * Returns one message per violation; empty when the stack complies.
 */
export function federationEndpointViolations(stack: { resource?: Record<string, Record<string, unknown>> }): string[] {
  const services = (stack.resource?.kubernetes_service_v1 ?? {}) as Record<string, {
    metadata?: { labels?: Record<string, string> };
    spec?: { type?: string; load_balancer_source_ranges?: unknown };
  }>;
  const [labelKey, labelValue] = Object.entries(FEDERATION_ENDPOINT_LABEL)[0];
  const problems: string[] = [];
  for (const [id, svc] of Object.entries(services)) {
    if (svc.metadata?.labels?.[labelKey] !== labelValue) continue;
    const ranges = svc.spec?.load_balancer_source_ranges;
    if (typeof ranges === "string" && ranges.startsWith("${")) continue; // a list from another stack's output
    if (!Array.isArray(ranges) || ranges.length === 0) {
      problems.push(`${id}: federation endpoint must list load_balancer_source_ranges (the hub's egress addresses), got ${JSON.stringify(ranges ?? null)}`);
    } else if (opensWorld(ranges.map(String))) {
      problems.push(`${id}: federation endpoint must not allow the whole internet, got ${JSON.stringify(ranges)}`);
    }
  }
  return problems;
}
