/**
 * Google's NVIDIA driver installer for GKE COS nodes, the DaemonSet NVIDIA's GKE guide
 * applies before the GPU Operator when GKE's own driver installation is disabled. It is
 * applied from its pinned source at deploy time, never copied into this project.
 *
 * Source: github.com/GoogleCloudPlatform/container-engine-accelerators,
 * `nvidia-driver-installer/cos/daemonset-preloaded.yaml`. Reviewed: 2026-11.
 *
 * The pin is `068b15a...`, not `feb27ef...`: the version of the file at `feb27ef...` is
 * an `extensions/v1beta1` DaemonSet without a selector, which the API server has rejected
 * since Kubernetes 1.16; the one at `068b15a...` is `apps/v1` (the same text as the
 * repository's master branch at review time). To move the pin: read the file at the new
 * commit, check `apiVersion`, the node affinity and tolerations still match
 * `COS_DRIVER_INSTALLER_SCHEDULING`, change `commit`, and deploy the platform stacks of the
 * GKE regions: the change re-applies the DaemonSet.
 */
export const COS_DRIVER_INSTALLER = {
  repository: "GoogleCloudPlatform/container-engine-accelerators",
  commit: "068b15a980977bdaab46eb73e1ac8fba47e41f60",
  path: "nvidia-driver-installer/cos/daemonset-preloaded.yaml",
  /** `metadata.namespace`/`metadata.name` of the DaemonSet in that file. */
  namespace: "kube-system",
  name: "nvidia-driver-installer",
} as const;

/**
 * Where the pinned DaemonSet schedules, as read in the file at the pinned commit: on
 * nodes that have the GKE accelerator label (GKE sets it on every node with a guest
 * accelerator) and no GKE driver-version label (GKE sets it when it installs the driver
 * itself, so the two installers never meet), tolerating every taint (`operator: Exists`
 * with no key), hence the platform's `nvidia.com/gpu=present:NoSchedule` too.
 */
export const COS_DRIVER_INSTALLER_SCHEDULING = {
  requiresNodeLabel: "cloud.google.com/gke-accelerator",
  excludesNodeLabel: "cloud.google.com/gke-gpu-driver-version",
  toleratesAllTaints: true,
} as const;

/** The raw URL of the DaemonSet at the pinned commit (a commit, never a branch: the content cannot move under the pin). */
export function cosDriverInstallerUrl(pin: { readonly repository: string; readonly commit: string; readonly path: string } = COS_DRIVER_INSTALLER): string {
  return `https://raw.githubusercontent.com/${pin.repository}/${pin.commit}/${pin.path}`;
}
