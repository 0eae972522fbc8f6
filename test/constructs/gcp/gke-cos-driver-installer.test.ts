import { Testing, TerraformStack } from "cdktf";
import { COS_DRIVER_INSTALLER, COS_DRIVER_INSTALLER_SCHEDULING, cosDriverInstallerUrl } from "../../../catalog/gke-driver-installer";
import { cosDriverInstallerCommand, GkeCosDriverInstaller } from "../../../constructs/gcp";
import { needsCosDriverInstaller } from "../../../config/gpu-pools";
import type { RegionConfig } from "../../../config/schema";
import { PlatformStack } from "../../../stacks/platform-stack";
import { defaultConfig, defaultRegion, regionWith } from "../../helpers";
import { defaultAppStacks } from "../../shared-synth";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PINNED_URL = `https://raw.githubusercontent.com/GoogleCloudPlatform/container-engine-accelerators/${COS_DRIVER_INSTALLER.commit}/nvidia-driver-installer/cos/daemonset-preloaded.yaml`;

function synthInstaller(): Json {
  const stack = new TerraformStack(Testing.app(), "t");
  new GkeCosDriverInstaller(stack, "CosDriverInstaller", { kubeconfigCommand: "echo creds" });
  return JSON.parse(Testing.synth(stack));
}

function platform(region: RegionConfig): Json {
  const stack = new PlatformStack(Testing.app(), { settings: defaultConfig().settings, region, regions: defaultConfig().regions, localStateDir: "../../.." });
  return JSON.parse(Testing.synth(stack));
}
const gpuOperatorRelease = (json: Json): Json =>
  Object.values(json.resource.helm_release).find((r) => (r as Json).name === "gpu-operator") as Json;
const installerSteps = (json: Json): string[] => Object.keys(json.resource.terraform_data ?? {}).filter((k) => k.startsWith("CosDriverInstaller_"));

/** asia-south1 with GKE installing the driver on every pool. */
const gkeManaged = (): RegionConfig => {
  const region = defaultRegion("asia-south1");
  return regionWith("asia-south1", { gpuPools: region.gpuPools.map((p) => ({ ...p, driverManagement: "cloud" as const })) });
};

describe("needsCosDriverInstaller", () => {
  test("GKE with a pool whose GKE driver installation is disabled needs it (the GPU Operator builds no COS driver)", () => {
    expect(defaultRegion("asia-south1").gpuPools.map((p) => p.driverManagement)).toContain("gpu-operator");
    expect(needsCosDriverInstaller("gcp", defaultRegion("asia-south1").gpuPools)).toBe(true);
  });

  test("GKE-managed drivers and EKS (driver in the AMI) do not", () => {
    expect(needsCosDriverInstaller("gcp", gkeManaged().gpuPools)).toBe(false);
    expect(needsCosDriverInstaller("aws", defaultRegion("us-east-1").gpuPools)).toBe(false);
    expect(needsCosDriverInstaller("aws", defaultRegion("eu-west-1").gpuPools)).toBe(false);
  });
});

describe("GkeCosDriverInstaller", () => {
  test("the pin is an exact commit, so the applied DaemonSet cannot change under it", () => {
    expect(COS_DRIVER_INSTALLER.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(cosDriverInstallerUrl()).toBe(PINNED_URL);
  });

  test("applies the DaemonSet from the pinned URL, with the cluster's credentials first", () => {
    const step = Object.values(synthInstaller().resource.terraform_data)[0] as Json;
    const command: string = step.provisioner[0]["local-exec"].command;
    expect(command).toContain(`kubectl apply --server-side --force-conflicts -f "${PINNED_URL}"`);
    expect(command.indexOf("echo creds")).toBeLessThan(command.indexOf("kubectl apply"));
    expect(step.provisioner[0]["local-exec"].interpreter).toEqual(["/bin/bash", "-c"]);
  });

  test("re-applies when the pinned commit (or file) changes, and only then", () => {
    const step = Object.values(synthInstaller().resource.terraform_data)[0] as Json;
    expect(step.triggers_replace).toEqual({ commit: COS_DRIVER_INSTALLER.commit, path: COS_DRIVER_INSTALLER.path });
  });

  test("the step fails fast and leaves no credentials behind", () => {
    const command = cosDriverInstallerCommand("get-creds");
    expect(command.startsWith("set -euo pipefail\n")).toBe(true);
    expect(command).toContain("trap 'rm -f \"$KUBECONFIG\"' EXIT");
  });
});

describe("in the platform stack", () => {
  test("asia-south1 (gpu-operator pools): applied before the GPU Operator release, at a stable address", () => {
    const json = platform(defaultRegion("asia-south1"));
    // The address is a contract: a rename would re-run the step under a new resource.
    expect(installerSteps(json)).toEqual(["CosDriverInstaller_DaemonSet_918AEC6A"]);
    expect(gpuOperatorRelease(json).depends_on).toContain("terraform_data.CosDriverInstaller_DaemonSet_918AEC6A");
  });

  test("absent where GKE installs the driver, and on EKS", () => {
    for (const region of [gkeManaged(), defaultRegion("us-east-1"), defaultRegion("eu-west-1")]) {
      const json = platform(region);
      expect({ region: region.name, steps: installerSteps(json) }).toEqual({ region: region.name, steps: [] });
      expect(gpuOperatorRelease(json).depends_on.join(" ")).not.toContain("CosDriverInstaller");
    }
  });
});

// The DaemonSet only runs where the cluster layer lets it: the pinned file selects nodes
// with GKE's accelerator label and without GKE's driver-version label, and tolerates all
// taints. Check the node pools of the cluster stack against that.
describe("the cluster layer's gpu-operator pools are nodes the pinned DaemonSet schedules on", () => {
  test("asia-south1-cluster", () => {
    const cluster = defaultAppStacks()["asia-south1-cluster"] as Json;
    const gpuPools = (Object.values(cluster.resource.google_container_node_pool) as Json[]).filter((p) => p.node_config.guest_accelerator?.length);
    expect(gpuPools.length).toBe(defaultRegion("asia-south1").gpuPools.length);
    for (const pool of gpuPools) {
      const accelerator = pool.node_config.guest_accelerator[0];
      // A guest accelerator is what makes GKE set the accelerator label the DaemonSet requires.
      expect(accelerator.type).toMatch(/^nvidia-/);
      expect(accelerator.gpu_driver_installation_config.gpu_driver_version).toBe("INSTALLATION_DISABLED");
      expect(Object.keys(pool.node_config.labels)).not.toContain(COS_DRIVER_INSTALLER_SCHEDULING.excludesNodeLabel);
      // The GPU taint keeps other pods off; the DaemonSet tolerates every taint.
      expect(pool.node_config.taint).toContainEqual({ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" });
      expect(COS_DRIVER_INSTALLER_SCHEDULING.toleratesAllTaints).toBe(true);
    }
  });
});
