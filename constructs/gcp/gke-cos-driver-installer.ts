import { Construct } from "constructs";
import { DataResource } from "cdktf";
import { COS_DRIVER_INSTALLER, cosDriverInstallerUrl } from "../../catalog/gke-driver-installer";
import { kubectlScript } from "../contracts";

/** Props of {@link GkeCosDriverInstaller}. */
export interface GkeCosDriverInstallerProps {
  /** Shell commands writing credentials for the cluster into `$KUBECONFIG` (from the ClusterAccess). */
  readonly kubeconfigCommand: string;
}

/**
 * The apply-time step that installs the pinned DaemonSet. Server-side apply with
 * `--force-conflicts`, so a copy applied by hand earlier (the documented workaround before
 * this construct) is adopted rather than rejected.
 */
export function cosDriverInstallerCommand(kubeconfigCommand: string, url: string = cosDriverInstallerUrl()): string {
  return kubectlScript(kubeconfigCommand, `kubectl apply --server-side --force-conflicts -f "${url}"`);
}

/**
 * Google's NVIDIA driver installer DaemonSet for COS nodes whose GKE driver installation
 * is disabled, applied from its pinned commit (`catalog/gke-driver-installer.ts`) by a
 * `terraform_data` step, like the Ray CRDs: on the first apply and whenever the pin
 * changes. Pass {@link daemonSet} to the GPU Operator's `dependsOn`, so the driver
 * installer exists before the operator that expects the driver under
 * `/home/kubernetes/bin/nvidia`. Terraform never deletes the DaemonSet: on nodes whose
 * driver GKE installs it schedules nowhere (it excludes them by label).
 */
export class GkeCosDriverInstaller extends Construct {
  readonly daemonSet: DataResource;

  constructor(scope: Construct, id: string, props: GkeCosDriverInstallerProps) {
    super(scope, id);
    this.daemonSet = new DataResource(this, "DaemonSet", {
      triggersReplace: { commit: COS_DRIVER_INSTALLER.commit, path: COS_DRIVER_INSTALLER.path },
      provisioners: [{
        type: "local-exec",
        interpreter: ["/bin/bash", "-c"],
        command: cosDriverInstallerCommand(props.kubeconfigCommand),
      }],
    });
  }
}
