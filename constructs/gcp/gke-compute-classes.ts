import { Construct } from "constructs";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { COMPUTE_CLASS_LABEL } from "../../catalog/gke-compute-class";
import { helmValuesYaml, RELEASE_POLICY } from "../common/helm-release-policy";
import { projectPath } from "../common/project-files";

/** A ComputeClass as a plain tree. */
export type ComputeClassObject = { apiVersion: "cloud.google.com/v1"; kind: "ComputeClass"; metadata: { name: string }; spec: Record<string, unknown> };

/** One GPU pool's class: its node pools in priority order. */
export interface GkeComputeClassSpec {
  /** The GPU pool (`l4`); names the class `gpu-<pool>`. */
  readonly pool: string;
  /** Physical node pool names, most preferred first; each must carry the class's label and taint. */
  readonly nodePools: readonly string[];
}

/** The ComputeClass name of a GPU pool: `gpu-l4`. */
export function computeClassName(pool: string): string {
  return `gpu-${pool}`;
}

/**
 * A pool's custom ComputeClass (GKE >= 1.30.3-gke.1451000). Each priority names one manually
 * created node pool (`nodepools` may not be combined with other fields), so the order is
 * exactly the configured one: the first machine type in each capacity type in turn, then the
 * next machine type. GKE scales up the first priority that can get capacity and falls back
 * down the list when a node pool cannot (stockout, quota).
 *
 * - `nodePoolAutoCreation: false`: GKE creates no node pools of its own. The platform's pools
 *   carry what a class cannot set: the region's KMS key on boot disks, the least-privilege
 *   node service account, shielded nodes, and, on COS with the GPU Operator layer, GKE's
 *   driver installation disabled.
 * - `whenUnsatisfiable: DoNotScaleUp`: when no priority can be met the worker stays pending
 *   and the router spills the model to another region, instead of GKE adding nodes outside
 *   the list (`ScaleUpAnyway`, the CRD's default before GKE 1.33), which could not hold the
 *   worker's GPUs anyway. Set explicitly because the default changed.
 * - `activeMigration.optimizeRulePriority: false`: GKE never moves a serving replica back to a
 *   preferred node pool (that would drain a GPU worker); empty nodes are removed by the
 *   autoscaler as usual.
 */
export function computeClassManifest(spec: GkeComputeClassSpec): ComputeClassObject {
  return {
    apiVersion: "cloud.google.com/v1",
    kind: "ComputeClass",
    metadata: { name: computeClassName(spec.pool) },
    spec: {
      priorities: spec.nodePools.map((name) => ({ nodepools: [name] })),
      nodePoolAutoCreation: { enabled: false },
      activeMigration: { optimizeRulePriority: false },
      whenUnsatisfiable: "DoNotScaleUp",
    },
  };
}

/**
 * What a workload of the pool adds to use its class: the node selector GKE documents for
 * requesting a ComputeClass, and the class taint on its node pools to tolerate (in the
 * serving layer's `extraNodeSelector` / `extraTaints` terms).
 */
export function computeClassScheduling(pool: string): {
  readonly extraNodeSelector: Readonly<Record<string, string>>;
  readonly extraTaints: readonly { readonly key: string; readonly value: string; readonly effect: "NoSchedule" }[];
} {
  const name = computeClassName(pool);
  return {
    extraNodeSelector: { [COMPUTE_CLASS_LABEL]: name },
    extraTaints: [{ key: COMPUTE_CLASS_LABEL, value: name, effect: "NoSchedule" }],
  };
}

/** Props of {@link GkeComputeClasses}. */
export interface GkeComputeClassesProps {
  /** One class per GPU pool. */
  readonly classes: readonly GkeComputeClassSpec[];
  /** @default "kube-system" - the release's namespace (ComputeClasses are cluster-scoped) */
  readonly namespace?: string;
  /** @default - nothing: what must be installed first */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The GPU pools' ComputeClasses in the platform layer, through the thin local chart
 * `charts/gke-compute-classes` (the same way Karpenter's NodePools go on EKS).
 */
export class GkeComputeClasses extends Construct {
  readonly release: Release;
  /** Every ComputeClass applied. */
  readonly manifests: readonly ComputeClassObject[];

  constructor(scope: Construct, id: string, props: GkeComputeClassesProps) {
    super(scope, id);
    this.manifests = props.classes.map(computeClassManifest);
    const chart = new TerraformAsset(this, "Chart", { path: projectPath("charts", "gke-compute-classes"), type: AssetType.DIRECTORY });
    this.release = new Release(this, "Release", {
      name: "gke-compute-classes",
      namespace: props.namespace ?? "kube-system",
      chart: chart.path,
      // The local chart's version is fixed; its content is pinned by this repository's commit.
      version: "1.0.0",
      ...RELEASE_POLICY,
      values: [helmValuesYaml({ manifests: this.manifests })],
      dependsOn: props.dependsOn,
    });
  }
}
