import { failoverBudget, type FailoverBudget } from "../../config/failover-budget";
import type { PlatformSettings } from "../../config/schema";
import { num, type StackView } from "../lib/terraform-json";
import type { Finding, ResourceChange } from "./diff";

/**
 * The notes a reviewer needs beyond the resource actions: serving capacity that is gone
 * while a node pool is replaced, and the failover budget before and after a DNS change.
 * Pure: no I/O.
 */

/** Node pools: while one is down, the models scheduled on it have nowhere to run in the region. */
export const NODE_POOL_TYPES: Readonly<Record<string, string>> = {
  aws_eks_node_group: "EKS node group",
  google_container_node_pool: "GKE node pool",
  azurerm_kubernetes_cluster_node_pool: "AKS node pool",
};

function poolName(c: ResourceChange): string {
  return c.name ? `\`${c.name}\`` : `\`${c.address}\``;
}

/**
 * A node pool replaced without `create_before_destroy` (its name is fixed, so the new one
 * cannot exist beside the old one): Terraform destroys it first, and its capacity is gone
 * until the new pool's nodes have joined and pulled their images. A pool destroyed while
 * another is created (a rename) leaves the same gap: Terraform orders neither first.
 */
export function capacityFindings(stack: string, changes: readonly ResourceChange[]): Finding[] {
  const findings: Finding[] = [];
  const created = changes.filter((c) => c.action === "create" && c.type in NODE_POOL_TYPES);
  for (const c of changes.filter((x) => x.type in NODE_POOL_TYPES)) {
    const what = NODE_POOL_TYPES[c.type];
    if (c.action === "replace" && !c.createBeforeDestroy) {
      const forcing = c.attributes.filter((a) => a.forcesReplacement).map((a) => `\`${a.path}\``);
      findings.push({
        kind: "capacity-gap",
        stack,
        address: c.address,
        message:
          `capacity of pool ${poolName(c)} is gone for the whole replacement: the ${what} is destroyed before its replacement is created ` +
          `(fixed name, no create_before_destroy)${forcing.length > 0 ? `, because of ${forcing.join(", ")}` : ""}. ` +
          "Its models serve from other regions (or not at all) until the new nodes are ready: drain traffic first, or add the new pool beside the old one and remove the old one in a later change.",
      });
    }
    if (c.action === "delete") {
      const twin = created.find((x) => x.type === c.type);
      findings.push({
        kind: "capacity-gap",
        stack,
        address: c.address,
        message:
          `capacity of pool ${poolName(c)} is gone: the ${what} is destroyed` +
          (twin ? ` while ${poolName(twin)} is created; Terraform orders neither before the other, so nothing serves its models in this region until the new nodes are ready. Add the new pool in one change and remove the old one in the next.` : "."),
      });
    }
  }
  return findings;
}

/** The failover budget a stack's health checks and routed records give (the worst of its regions). */
export function stackFailoverBudget(view: StackView | undefined): FailoverBudget | undefined {
  if (!view) return undefined;
  const checks: { authority: PlatformSettings["dns"]["authority"]; interval: number; threshold: number }[] = [];
  const ttls: number[] = [];
  for (const r of view.resources) {
    const v = r.values;
    // A CALCULATED health check only combines its children's results: it adds no probe.
    if (r.type === "aws_route53_health_check" && v.type !== "CALCULATED") {
      checks.push({ authority: "route53", interval: num(v.request_interval) ?? 30, threshold: num(v.failure_threshold) ?? 3 });
    } else if (r.type === "google_compute_health_check") {
      checks.push({ authority: "cloud-dns", interval: num(v.check_interval_sec) ?? 5, threshold: num(v.unhealthy_threshold) ?? 2 });
    } else if (r.type === "aws_route53_record" && (v.health_check_id !== undefined || Object.keys(v).some((k) => k.endsWith("_routing_policy")))) {
      ttls.push(num(v.ttl) ?? 0);
    } else if (r.type === "google_dns_record_set" && v.routing_policy !== undefined) {
      ttls.push(num(v.ttl) ?? 0);
    }
  }
  if (checks.length === 0) return undefined;
  const ttlSeconds = Math.max(0, ...ttls);
  // The formula has one owner, config/failover-budget.ts: it is given the figures the
  // synthesized resources carry, as settings.
  const budgets = checks.map((c) =>
    failoverBudget(
      {
        dns: { authority: c.authority, ttlSeconds },
        traffic: { healthCheck: { requestIntervalSeconds: c.interval, failureThreshold: c.threshold } },
      } as unknown as PlatformSettings,
      { name: view.name },
    ),
  );
  return budgets.reduce((worst, b) => (b.failoverSeconds > worst.failoverSeconds ? b : worst));
}

function describeBudget(b: FailoverBudget | undefined): string {
  return b ? `${b.failoverSeconds} s (detection ${b.detectionSeconds} s = ${b.failureThreshold} x ${b.requestIntervalSeconds} s + ${b.probeTimeoutSeconds} s probe timeout; TTL ${b.recordTtlSeconds} s)` : "none (no health check)";
}

/** A finding when the worst-case client-visible failover time changes, with both figures and their terms. */
export function failoverBudgetFindings(stack: string, before: StackView | undefined, after: StackView | undefined): Finding[] {
  const b = stackFailoverBudget(before);
  const a = stackFailoverBudget(after);
  if (b?.failoverSeconds === a?.failoverSeconds && b?.detectionSeconds === a?.detectionSeconds) return [];
  const worse = (a?.failoverSeconds ?? Infinity) > (b?.failoverSeconds ?? Infinity) || !a;
  return [{
    kind: "failover-budget",
    stack,
    message: `worst-case failover ${worse ? "gets LONGER" : "gets shorter"}: ${describeBudget(b)} -> ${describeBudget(a)}.`,
  }];
}
