import { App, TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { GpuNodePoolSpec } from "../../../constructs/contracts";
import { GkeGpuNodePool } from "../../../constructs/gcp";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The construct on its own: a bare stack with the Google provider, props written out, no
// region config and no cluster stack around it.
const spec: GpuNodePoolSpec = {
  name: "l4", gpu: "L4", instanceType: "g2-standard-24", capacityType: "on-demand", minNodes: 1, maxNodes: 3, diskSizeGiB: 200,
  nodeOs: "cos", labels: { "llm-platform.dev/pool": "l4" }, gpusPerNode: 2, driverInstalledBy: "gke", sharing: { mode: "time-slicing", replicas: 4 },
};

function accelerator(pool: GpuNodePoolSpec): Json {
  const stack = new TerraformStack(new App(), "pool");
  new GoogleProvider(stack, "google", { project: "p", region: "us-central1" });
  new GkeGpuNodePool(stack, "Pool", {
    clusterId: "projects/p/locations/us-central1/clusters/c", location: "us-central1", nodeLocations: ["us-central1-a"], nodePoolName: "c-l4",
    serviceAccountEmail: "n@p.iam.gserviceaccount.com", bootDiskKmsKey: "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k", pool,
  });
  const [nodePool] = Object.values(JSON.parse(Testing.synth(stack)).resource.google_container_node_pool) as Json[];
  return nodePool.node_config.guest_accelerator[0];
}

describe("GkeGpuNodePool built alone", () => {
  test("GKE installs the driver and shares the GPU when the spec says GKE owns the driver", () => {
    expect(accelerator(spec)).toEqual({
      type: "nvidia-l4",
      count: 2,
      gpu_driver_installation_config: { gpu_driver_version: "LATEST" },
      gpu_sharing_config: { gpu_sharing_strategy: "TIME_SHARING", max_shared_clients_per_gpu: 4 },
    });
  });

  test("with Google's COS installer, GKE's driver installation is disabled and sharing is left to the GPU Operator", () => {
    expect(accelerator({ ...spec, driverInstalledBy: "cos-driver-installer" })).toEqual({
      type: "nvidia-l4",
      count: 2,
      gpu_driver_installation_config: { gpu_driver_version: "INSTALLATION_DISABLED" },
    });
  });

  test("fails when the GPU has no GCP accelerator type", () => {
    expect(() => accelerator({ ...spec, gpu: "A10G" })).toThrow("GkeGpuNodePool: A10G has no GCP accelerator type in the GPU catalog (pool l4)");
  });
});
