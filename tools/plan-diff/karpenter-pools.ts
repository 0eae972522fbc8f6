import type { StackView } from "../lib/terraform-json";
import type { Finding } from "./diff";
import { expandEmbedded } from "./structure";

/**
 * Karpenter NodePools and EC2NodeClasses as GPU pools: wherever a stack declares them (a
 * Helm release's values, a `kubernetes_manifest`, a kubectl YAML body), recognised by
 * their API group and kind, not by a release name or a count. What happens to their nodes
 * follows Karpenter v1.14.1 (sigs.k8s.io/karpenter 6e7eab7a, the core it builds on):
 * - every NodeClaim carries an owner reference to the NodePool that launched it
 *   (pkg/controllers/provisioning/scheduling/nodeclaimtemplate.go), so deleting the
 *   NodePool deletes them by cascading deletion, and Karpenter drains and terminates their
 *   nodes (website docs/concepts/disruption.md, "NodePool Deletion");
 * - pods annotated `karpenter.sh/do-not-disrupt` are not evicted by the termination
 *   controller; without a NodeClaim `terminationGracePeriod` such a node stays in
 *   termination until those pods are gone (same page, "Pod-Level Controls").
 * Pure: no I/O.
 */

/** One NodePool, as far as capacity goes. */
export interface KarpenterNodePool {
  readonly address: string;
  readonly name: string;
  /** `spec.template.spec.nodeClassRef.name` */
  readonly nodeClass?: string;
  /** `node.kubernetes.io/instance-type` In values; empty when the NodePool leaves it open. */
  readonly instanceTypes: readonly string[];
  /** `spec.limits["nvidia.com/gpu"]`; undefined when unlimited. */
  readonly gpuLimit?: number;
  /** `spec.template.spec.terminationGracePeriod`, when set. */
  readonly terminationGracePeriod?: string;
  /** True when a disruption budget allows no node for the `Drifted` reason (`nodes: "0"`). */
  readonly driftBlocked: boolean;
}

/** The Karpenter objects of a stack. */
export interface KarpenterObjects {
  readonly nodePools: readonly KarpenterNodePool[];
  readonly nodeClasses: readonly { readonly address: string; readonly name: string }[];
  /** True when some workload in the stack carries `karpenter.sh/do-not-disrupt: "true"`. */
  readonly doNotDisrupt: boolean;
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function at(v: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((x, k) => (isObject(x) ? x[k] : undefined), v);
}

/** A Kubernetes quantity as a GPU count: `"16"`, 16. */
function count(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
  return n;
}

function nodePool(address: string, o: Obj): KarpenterNodePool {
  const spec = at(o, "spec", "template", "spec");
  const reqs = (at(spec, "requirements") ?? []) as { key?: string; operator?: string; values?: string[] }[];
  const types = Array.isArray(reqs) ? reqs.find((r) => r.key === "node.kubernetes.io/instance-type" && r.operator === "In")?.values ?? [] : [];
  const nodeClass = at(spec, "nodeClassRef", "name");
  const grace = at(spec, "terminationGracePeriod");
  const gpuLimit = count(at(o, "spec", "limits", "nvidia.com/gpu"));
  const budgets = at(o, "spec", "disruption", "budgets");
  // A budget without reasons applies to every reason (NodePool CRD, spec.disruption.budgets).
  const driftBlocked = Array.isArray(budgets) && budgets.some((b) => isObject(b) && String(b.nodes) === "0" && (!Array.isArray(b.reasons) || b.reasons.includes("Drifted")));
  return {
    address,
    driftBlocked,
    name: String(at(o, "metadata", "name")),
    instanceTypes: types,
    ...(typeof nodeClass === "string" ? { nodeClass } : {}),
    ...(gpuLimit !== undefined ? { gpuLimit } : {}),
    ...(typeof grace === "string" ? { terminationGracePeriod: grace } : {}),
  };
}

/** Every NodePool and EC2NodeClass a stack declares, in any resource, at any depth of its (embedded) values. */
export function karpenterObjects(view: StackView | undefined): KarpenterObjects {
  const nodePools: KarpenterNodePool[] = [];
  const nodeClasses: { address: string; name: string }[] = [];
  let doNotDisrupt = false;
  for (const r of view?.resources ?? []) {
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (!isObject(v)) return;
      const api = typeof v.apiVersion === "string" ? v.apiVersion.split("/")[0] : "";
      if (api === "karpenter.sh" && v.kind === "NodePool") nodePools.push(nodePool(r.address, v));
      else if (api === "karpenter.k8s.aws" && v.kind === "EC2NodeClass") nodeClasses.push({ address: r.address, name: String(at(v, "metadata", "name")) });
      if (at(v, "annotations", "karpenter.sh/do-not-disrupt") === "true") doNotDisrupt = true;
      Object.values(v).forEach(visit);
    };
    visit(expandEmbedded(r.values));
  }
  return { nodePools, nodeClasses, doNotDisrupt };
}

function types(p: KarpenterNodePool): string {
  return p.instanceTypes.length > 0 ? p.instanceTypes.join(", ") : "any instance type";
}

function sumLimits(pools: readonly KarpenterNodePool[]): number | undefined {
  return pools.some((p) => p.gpuLimit === undefined) ? undefined : pools.reduce((s, p) => s + (p.gpuLimit ?? 0), 0);
}

/**
 * The findings of a stack's Karpenter pools: a NodePool deleted (a rename, or an
 * instance-type change where the NodePool is named for its type) takes its nodes with it;
 * an EC2NodeClass deleted while a NodePool still names it stops that NodePool launching;
 * the GPU limits added over all NodePools going up or down. Undefined when neither side
 * has a NodePool, so the caller keeps its other GPU rule.
 */
export function karpenterFindings(stack: string, before: StackView | undefined, after: StackView | undefined): Finding[] | undefined {
  const b = karpenterObjects(before);
  const a = karpenterObjects(after);
  if (b.nodePools.length === 0 && a.nodePools.length === 0) return undefined;
  const findings: Finding[] = [];
  const kept = new Set(a.nodePools.map((p) => p.name));
  const created = a.nodePools.filter((p) => !b.nodePools.some((x) => x.name === p.name));
  for (const p of b.nodePools.filter((x) => !kept.has(x.name))) {
    const twin = created.length > 0 ? ` while ${created.map((c) => `\`${c.name}\` (${types(c)})`).join(", ")} ${created.length === 1 ? "is" : "are"} created` : "";
    const protectedPods = a.doNotDisrupt || b.doNotDisrupt
      ? p.terminationGracePeriod
        ? ` Pods marked \`karpenter.sh/do-not-disrupt\` hold a node at most ${p.terminationGracePeriod} (its terminationGracePeriod).`
        : " Pods marked `karpenter.sh/do-not-disrupt` (the Ray workers) are not evicted and no terminationGracePeriod is set, so those nodes stay in termination, tainted, until the workers are removed by hand."
      : "";
    findings.push({
      kind: "capacity-gap",
      stack,
      address: p.address,
      message:
        `capacity of Karpenter NodePool \`${p.name}\` (${types(p)}) is gone: the NodePool is deleted${twin}. ` +
        "Its NodeClaims are owned by it, so Karpenter deletes them by cascading deletion and drains and terminates their nodes (Karpenter v1.14.1, concepts/disruption.md \"NodePool Deletion\"); " +
        `replicas that lose their node wait for a new one from another NodePool (a full cold start).${protectedPods} ` +
        "Add the new NodePool in one change and delete the old one in the next, after its replicas have moved.",
    });
  }
  // A NodePool kept under its name whose instance types no longer admit the old ones: its
  // nodes drift (requirements are a drift field, concepts/disruption.md "Drift").
  for (const p of a.nodePools) {
    const old = b.nodePools.find((x) => x.name === p.name);
    const gone = old && p.instanceTypes.length > 0 ? old.instanceTypes.filter((t) => !p.instanceTypes.includes(t)) : [];
    if (!old || gone.length === 0) continue;
    findings.push({
      kind: "node-drift",
      stack,
      address: p.address,
      message:
        `Karpenter NodePool \`${p.name}\` changes instance types: ${types(old)} -> ${types(p)}. Its nodes of ${gone.join(", ")} are drifted (requirements are a drift field); ` +
        (p.driftBlocked
          ? "its disruption budget allows 0 drifted nodes, so they keep serving until they are empty, and only new nodes come up as the new type."
          : "Karpenter replaces them within the NodePool's disruption budget: each replica on them restarts with a full cold start."),
    });
  }
  const classes = new Set(a.nodeClasses.map((c) => c.name));
  for (const c of b.nodeClasses.filter((x) => !classes.has(x.name))) {
    const users = a.nodePools.filter((p) => p.nodeClass === c.name).map((p) => `\`${p.name}\``);
    if (users.length === 0) continue;
    findings.push({
      kind: "capacity-gap",
      stack,
      address: c.address,
      message: `EC2NodeClass \`${c.name}\` is deleted while NodePool(s) ${users.join(", ")} still name it: they cannot launch nodes until a class of that name exists again.`,
    });
  }
  const lb = sumLimits(b.nodePools);
  const la = sumLimits(a.nodePools);
  const per = (pools: readonly KarpenterNodePool[]) => pools.map((p) => `${p.name} ${p.gpuLimit ?? "unlimited"}`).join(", ") || "none";
  const detail = `Karpenter NodePool limits \`nvidia.com/gpu\` added over all NodePools: ${lb ?? "unlimited"} -> ${la ?? "unlimited"} (before: ${per(b.nodePools)}; after: ${per(a.nodePools)}).`;
  // Unlimited counts as more than any limit.
  const rank = (n: number | undefined) => n ?? Infinity;
  if (rank(la) > rank(lb)) findings.push({ kind: "gpu-up", stack, message: `GPU capacity limit goes up: ${detail}` });
  else if (rank(la) < rank(lb)) findings.push({ kind: "gpu-down", stack, message: `GPU capacity goes down: ${detail}` });
  return findings;
}
