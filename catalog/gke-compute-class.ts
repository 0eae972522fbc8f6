/**
 * GKE custom ComputeClass facts used at synth (`cloud.google.com/v1` ComputeClass, one per
 * GKE GPU pool). Synth never calls a Google API.
 *
 * Sources, read 2026-11-30:
 * - "About custom ComputeClasses" (docs.cloud.google.com/kubernetes-engine/docs/concepts/about-custom-compute-classes):
 *   "Custom ComputeClasses are available to use in GKE Autopilot mode and GKE Standard mode
 *   in version 1.30.3-gke.1451000 and later".
 * - ComputeClass CRD reference (docs.cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass):
 *   `spec.priorities[].nodepools`, `spec.whenUnsatisfiable`, `spec.nodePoolAutoCreation.enabled`.
 * - The CRD schema GKE serves (`computeclasses.cloud.google.com`, dumped with kubectl from a
 *   GKE cluster), vendored as reference/crds/cloud.google.com_computeclasses.gke-dump-30506b9.yaml;
 *   the generated manifests are validated against it. Its `nodepools` rule: "Nodepool field
 *   cannot be set along with other fields".
 * - Manually created node pools join a class through the node label and taint
 *   `cloud.google.com/compute-class=<class>` (`:NoSchedule`), as the about page's "GKE
 *   Standard node pools and ComputeClasses" section and Google's GPU samples create them.
 */
export const GKE_COMPUTE_CLASS_SOURCE = {
  source: "GKE docs: about-custom-compute-classes, reference/crds/computeclass; CRD dump in tommy351/kubernetes-models-ts third-party/gke/crd/computeclasses.yaml @ 30506b92 (2025-04-11)",
  date: "2026-11-30",
} as const;

/** Lowest GKE version with custom ComputeClasses (Standard and Autopilot). */
export const GKE_COMPUTE_CLASS_MIN_VERSION = "1.30.3-gke.1451000";

/** Node label (and taint key) that ties a node pool and a workload to a ComputeClass. */
export const COMPUTE_CLASS_LABEL = "cloud.google.com/compute-class";

/**
 * Compares two GKE versions (`1.35`, `1.30.3-gke.1451000`): negative when `a` is older. A
 * version without patch or GKE build counts as its lowest (`1.30` = `1.30.0-gke.0`), so a
 * fuzzy minor passes only when every patch of it would.
 */
export function compareGkeVersions(a: string, b: string): number {
  const parts = (v: string) => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-gke\.(\d+))?$/.exec(v);
    return m ? [m[1], m[2], m[3] ?? "0", m[4] ?? "0"].map(Number) : undefined;
  };
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return Number.NaN;
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
