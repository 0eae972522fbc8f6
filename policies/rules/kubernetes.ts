import { machineType } from "../../catalog/machine-types";
import type { PolicyRule, ResourceView } from "../types";
import { at, block, blocks, isTrue, shown, strings } from "../values";

/**
 * Rules for GPU node pools and Kubernetes workloads (checkov `CKV_K8S_*`; custom `LLMP_K8S_*`). Workloads are read from the kubernetes_* resources and
 * from kubernetes_manifest (Deployments, DaemonSets, StatefulSets, Jobs, Pods, RayServices).
 */

/** The taint every GPU pool carries, so only pods that tolerate it land on GPUs. */
const GPU_TAINT_KEY = "nvidia.com/gpu";

/** One container as the rules see it, whichever resource type declared it. */
interface ContainerView {
  readonly name: string;
  readonly limits: Record<string, unknown>;
  readonly runAsNonRoot?: unknown;
  readonly privileged?: unknown;
}

/** A pod template: its workload's name and namespace, pod-level non-root, containers. */
interface PodView {
  readonly name: string;
  readonly namespace: string;
  readonly podRunAsNonRoot?: unknown;
  readonly containers: ContainerView[];
}

/** Built-in exceptions: scoped to one namespace and named workloads, with the reason docs repeat. */
export interface WorkloadException {
  readonly namespace: string;
  readonly names: readonly string[];
  readonly rules: readonly string[];
  readonly reason: string;
}

/**
 * The GPU Operator's node agents must run privileged and as root: they load the kernel
 * driver, configure the container runtime, and partition GPUs (MIG). Nothing else is exempt.
 */
export const WORKLOAD_EXCEPTIONS: readonly WorkloadException[] = [{
  namespace: "gpu-operator",
  names: [
    "nvidia-driver-daemonset",
    "nvidia-container-toolkit-daemonset",
    "nvidia-device-plugin-daemonset",
    "nvidia-dcgm-exporter",
    "nvidia-mig-manager",
    "gpu-feature-discovery",
    "nvidia-operator-validator",
  ],
  rules: ["CKV_K8S_16", "CKV_K8S_23"],
  reason: "GPU Operator node agents load the NVIDIA kernel driver and configure the container runtime on the host",
}];

const TF_WORKLOADS = [
  "kubernetes_deployment", "kubernetes_deployment_v1",
  "kubernetes_daemonset", "kubernetes_daemon_set_v1",
  "kubernetes_stateful_set", "kubernetes_stateful_set_v1",
  "kubernetes_job", "kubernetes_job_v1",
  "kubernetes_pod", "kubernetes_pod_v1",
];
const WORKLOAD_TYPES = [...TF_WORKLOADS, "kubernetes_manifest"];

/** Containers from a Terraform-schema pod spec (`container` blocks, snake_case). */
function tfPod(meta: unknown, spec: unknown): PodView {
  return {
    name: String(at(meta, "name") ?? ""),
    namespace: String(at(meta, "namespace") ?? "default"),
    podRunAsNonRoot: at(spec, "security_context", "run_as_non_root"),
    containers: blocks(at(spec, "container")).map((c) => ({
      name: String(c.name),
      limits: (at(c, "resources", "limits") as Record<string, unknown>) ?? {},
      runAsNonRoot: at(c, "security_context", "run_as_non_root"),
      privileged: at(c, "security_context", "privileged"),
    })),
  };
}

/** Containers from a raw Kubernetes pod spec (`containers`, camelCase). */
function rawPod(name: string, namespace: string, spec: unknown): PodView {
  const s = block(spec) ?? {};
  return {
    name,
    namespace,
    podRunAsNonRoot: at(s, "securityContext", "runAsNonRoot"),
    containers: blocks(s.containers).map((c) => ({
      name: String(c.name),
      limits: (at(c, "resources", "limits") as Record<string, unknown>) ?? {},
      runAsNonRoot: at(c, "securityContext", "runAsNonRoot"),
      privileged: at(c, "securityContext", "privileged"),
    })),
  };
}

/** Every pod template a resource declares. */
export function podsOf(r: ResourceView): PodView[] {
  if (r.type === "kubernetes_pod" || r.type === "kubernetes_pod_v1") return [tfPod(r.attrs.metadata, r.attrs.spec)];
  if (TF_WORKLOADS.includes(r.type)) return [tfPod(r.attrs.metadata, at(r.attrs, "spec", "template", "spec"))];
  if (r.type !== "kubernetes_manifest") return [];
  const m = block(r.attrs.manifest) ?? {};
  const name = String(at(m, "metadata", "name") ?? "");
  const namespace = String(at(m, "metadata", "namespace") ?? "default");
  switch (m.kind) {
    case "Pod":
      return [rawPod(name, namespace, m.spec)];
    case "Deployment": case "DaemonSet": case "StatefulSet": case "Job":
      return [rawPod(name, namespace, at(m, "spec", "template", "spec"))];
    case "RayService": {
      const cluster = at(m, "spec", "rayClusterConfig");
      const groups = [at(cluster, "headGroupSpec"), ...blocks(at(cluster, "workerGroupSpecs"))];
      return groups.map((g) => rawPod(name, namespace, at(g, "template", "spec")));
    }
    default:
      return [];
  }
}

function exempt(ruleId: string, pod: PodView): boolean {
  return WORKLOAD_EXCEPTIONS.some((e) => e.rules.includes(ruleId) && e.namespace === pod.namespace && e.names.includes(pod.name));
}

/** A rule over every container of every pod template of a workload. */
function containerRule(id: string, title: string, bad: (c: ContainerView, pod: PodView) => string | undefined, fix: string): PolicyRule {
  return {
    id,
    title,
    resourceTypes: WORKLOAD_TYPES,
    check: (r) => {
      const problems = podsOf(r)
        .filter((pod) => !exempt(id, pod))
        .flatMap((pod) => pod.containers.map((c) => bad(c, pod)).filter((p): p is string => p !== undefined));
      return problems.length ? problems.join("; ") : undefined;
    },
    fix,
  };
}

/** True for a GPU node group or node pool: NVIDIA AMI, a GPU instance or machine type, or accelerators. */
function isGpuPool(r: ResourceView): boolean {
  if (r.type === "azurerm_kubernetes_cluster_node_pool") return (machineType("azure", String(r.attrs.vm_size))?.gpuCount ?? 0) > 0;
  if (r.type === "aws_eks_node_group") {
    const gpuType = strings(r.attrs.instance_types).some((t) => (machineType("aws", t)?.gpuCount ?? 0) > 0);
    return gpuType || String(r.attrs.ami_type ?? "").includes("NVIDIA");
  }
  const machine = machineType("gcp", String(at(r.attrs, "node_config", "machine_type")));
  return (machine?.gpuCount ?? 0) > 0 || blocks(at(r.attrs, "node_config", "guest_accelerator")).length > 0;
}

/** The Kubernetes and GPU pool rules. */
export const KUBERNETES_RULES: readonly PolicyRule[] = [
  {
    id: "LLMP_K8S_1",
    title: "GPU node pools carry the nvidia.com/gpu NoSchedule taint",
    resourceTypes: ["aws_eks_node_group", "google_container_node_pool", "azurerm_kubernetes_cluster_node_pool"],
    check: (r) => {
      if (!isGpuPool(r)) return undefined;
      if (r.type === "azurerm_kubernetes_cluster_node_pool") {
        // AKS takes taints as key=value:Effect strings.
        const aks = strings(r.attrs.node_taints);
        return aks.some((t) => t.startsWith(`${GPU_TAINT_KEY}=`) && t.endsWith(":NoSchedule"))
          ? undefined
          : `is a GPU pool without the ${GPU_TAINT_KEY} NoSchedule taint, so any pod may take its GPUs' nodes, got node_taints ${shown(aks)}`;
      }
      const taints = r.type === "aws_eks_node_group" ? blocks(r.attrs.taint) : blocks(at(r.attrs, "node_config", "taint"));
      return taints.some((t) => t.key === GPU_TAINT_KEY && t.effect === "NO_SCHEDULE")
        ? undefined
        : `is a GPU pool without the ${GPU_TAINT_KEY} NO_SCHEDULE taint, so any pod may take its GPUs' nodes, got taints ${shown(taints)}`;
    },
    fix: "add the taint nvidia.com/gpu=present:NoSchedule (GpuNodePool constructs do)",
  },
  containerRule("CKV_K8S_11", "Containers have CPU limits",
    (c, p) => (c.limits.cpu === undefined ? `container ${c.name} of ${p.namespace}/${p.name} has no CPU limit` : undefined),
    "set resources.limits.cpu on every container"),
  containerRule("CKV_K8S_13", "Containers have memory limits",
    (c, p) => (c.limits.memory === undefined ? `container ${c.name} of ${p.namespace}/${p.name} has no memory limit` : undefined),
    "set resources.limits.memory on every container"),
  containerRule("CKV_K8S_16", "Containers are not privileged",
    (c, p) => (isTrue(c.privileged) ? `container ${c.name} of ${p.namespace}/${p.name} is privileged` : undefined),
    "drop securityContext.privileged; grant the one capability needed instead"),
  containerRule("CKV_K8S_23", "Containers run as non-root",
    (c, p) => (isTrue(c.runAsNonRoot) || (isTrue(p.podRunAsNonRoot) && c.runAsNonRoot === undefined)
      ? undefined
      : `container ${c.name} of ${p.namespace}/${p.name} may run as root (runAsNonRoot not true)`),
    "set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser"),
];
