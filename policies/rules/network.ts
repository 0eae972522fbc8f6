import type { PolicyRule, ResourceView } from "../types";
import { at, block, blocks, opensWorld, shown, strings } from "../values";

/**
 * Exposure rules (custom `LLMP_NET_*`): nothing is reachable from the whole internet unless
 * the region's config says its serving endpoint is public on purpose. Checkov's stock checks
 * here are per port (CKV_AWS_24/25/260, CKV_GCP_2/3/106); this one covers every port.
 */

/** The ingress source ranges a resource opens, or undefined when it opens none. */
export function ingressRanges(r: ResourceView): string[] | undefined {
  switch (r.type) {
    case "kubernetes_service":
    case "kubernetes_service_v1":
      if (at(r.attrs, "spec", "type") !== "LoadBalancer") return undefined;
      return lbRanges(at(r.attrs, "spec", "load_balancer_source_ranges"));
    case "kubernetes_manifest": {
      const m = block(r.attrs.manifest) ?? {};
      if (m.kind !== "Service" || at(m, "spec", "type") !== "LoadBalancer") return undefined;
      return lbRanges(at(m, "spec", "loadBalancerSourceRanges"));
    }
    case "aws_security_group":
      return blocks(r.attrs.ingress).flatMap((i) => [...strings(i.cidr_blocks), ...strings(i.ipv6_cidr_blocks)]);
    case "aws_security_group_rule":
      return r.attrs.type === "ingress" ? [...strings(r.attrs.cidr_blocks), ...strings(r.attrs.ipv6_cidr_blocks)] : undefined;
    case "aws_vpc_security_group_ingress_rule":
      return [r.attrs.cidr_ipv4, r.attrs.cidr_ipv6].filter((c): c is string => typeof c === "string");
    case "google_compute_firewall": {
      const ingress = r.attrs.direction === undefined || r.attrs.direction === "INGRESS";
      return ingress && blocks(r.attrs.allow).length > 0 ? strings(r.attrs.source_ranges) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A LoadBalancer Service's source ranges. Without any it is open to all (Kubernetes'
 * default). Ranges that Terraform computes at apply from another stack's outputs (the
 * hub's static egress addresses, read from its state) cannot be shown at synth; they are
 * addresses by construction, so they are judged closed. Any other expression is judged open.
 */
function lbRanges(value: unknown): string[] {
  if (typeof value === "string") return REMOTE_STATE_EXPRESSION.test(value) ? [] : ["0.0.0.0/0"];
  const ranges = strings(value);
  return ranges.length > 0 ? ranges : ["0.0.0.0/0"];
}

const REMOTE_STATE_EXPRESSION = /^\$\{.*data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+.*\}$/s;

/** The exposure rules. */
export const NETWORK_RULES: readonly PolicyRule[] = [
  {
    id: "LLMP_NET_1",
    title: "Nothing is open to 0.0.0.0/0 unless the region's serving is public on purpose",
    resourceTypes: [
      "kubernetes_service", "kubernetes_service_v1", "kubernetes_manifest",
      "aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "google_compute_firewall",
    ],
    check: (r, stack) => {
      const ranges = ingressRanges(r);
      if (!ranges || !opensWorld(ranges)) return undefined;
      // Only the serving endpoint may be public; the federation endpoint and the hubs'
      // Alertmanager peer endpoint (the other hub's egress only) never are.
      const publicOnPurpose = stack.context.publicServing(stack.name) && !/federation|alertmanagerpeer/i.test(r.path);
      return publicOnPurpose ? undefined : `is open to the internet: source ranges ${shown(ranges)}`;
    },
    fix: "restrict the source ranges to the clients' (serving), the hubs' egress (federation) or the other hub's egress (Alertmanager peer) ranges, or set serving.public: true in the region file for the serving endpoint",
  },
];
