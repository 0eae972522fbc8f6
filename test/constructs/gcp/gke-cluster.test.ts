import { Testing } from "cdktf";
import type { GpuPoolConfig } from "../../../config/schema";
import { GcpClusterStack } from "../../../stacks/gcp-cluster-stack";
import { defaultConfig, defaultRegion, regionWith, resourcesOf } from "../../helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(gpuPools?: GpuPoolConfig[]) {
  const region = gpuPools ? regionWith("asia-south1", { gpuPools }) : defaultRegion("asia-south1");
  return new GcpClusterStack(Testing.app(), { settings: defaultConfig().settings, region, localStateDir: "../../.." });
}

const only = (r: Record<string, Json>): Json => {
  const v = Object.values(r);
  expect(v).toHaveLength(1);
  return v[0];
};

describe("GkeCluster", () => {
  const stack = synth();
  const cluster = only(resourcesOf(stack, "google_container_cluster") as Record<string, Json>);

  test("nodes are private and the control plane only answers the configured CIDRs", () => {
    expect(cluster.private_cluster_config).toEqual({ enable_private_nodes: true, enable_private_endpoint: false, master_ipv4_cidr_block: "10.30.255.240/28" });
    expect(cluster.master_authorized_networks_config).toEqual({ cidr_blocks: [{ cidr_block: "203.0.113.0/24", display_name: "deploy" }] });
  });

  test("Workload Identity, shielded nodes, a release channel; legacy ABAC and client certificates off", () => {
    expect(cluster).toMatchObject({
      workload_identity_config: { workload_pool: "llm-platform-demo.svc.id.goog" },
      enable_shielded_nodes: true,
      release_channel: { channel: "REGULAR" },
      enable_legacy_abac: false,
      master_auth: { client_certificate_config: { issue_client_certificate: false } },
      deletion_protection: true,
    });
  });

  test("encrypts secrets at the application layer with the region's rotating key", () => {
    expect(cluster.database_encryption).toEqual({ state: "ENCRYPTED", key_name: "${google_kms_crypto_key.Key_43586C89.id}" });
    expect(only(resourcesOf(stack, "google_kms_crypto_key") as Record<string, Json>)).toMatchObject({ rotation_period: "7776000s", lifecycle: { prevent_destroy: true } });
  });

  test("nodes run as a dedicated service account, never the Compute default one", () => {
    const sa = only(resourcesOf(stack, "google_service_account") as Record<string, Json>);
    expect(sa.account_id).toBe("llmp-asia-south1-nodes");
    const pools = Object.values(resourcesOf(stack, "google_container_node_pool")) as Json[];
    for (const p of pools) {
      expect(p.node_config.service_account).toBe("${google_service_account.Gke_NodeServiceAccount_1B3F26BD.email}");
      expect(p.node_config.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_integrity_monitoring: true });
      expect(p.node_config.workload_metadata_config).toEqual({ mode: "GKE_METADATA" });
      expect(p.management).toEqual({ auto_repair: true, auto_upgrade: true });
    }
  });

  test("Cloud NAT egresses from reserved static addresses only", () => {
    expect(only(resourcesOf(stack, "google_compute_router_nat") as Record<string, Json>)).toMatchObject({ nat_ip_allocate_option: "MANUAL_ONLY" });
    const addresses = Object.values(resourcesOf(stack, "google_compute_address")) as Json[];
    // asia-south1 is the fixture's standby hub: it also reserves the Alertmanager peer address.
    expect(addresses.map((a) => a.labels["llm-platform-purpose"]).sort()).toEqual(["alertmanager-peer", "egress", "egress", "serving"]);
  });
});

describe("GkeGpuNodePool", () => {
  const base = defaultRegion("asia-south1").gpuPools[0];
  const gpuPool = (pools: GpuPoolConfig[]) => Object.values(resourcesOf(synth(pools), "google_container_node_pool")).find((p) => (p as Json).node_config.guest_accelerator) as Json;

  test("disables GKE's driver install and its device plugin when the GPU Operator owns the driver", () => {
    const pool = gpuPool([base]);
    expect(pool.node_config.guest_accelerator).toEqual([{ type: "nvidia-l4", count: 2, gpu_driver_installation_config: { gpu_driver_version: "INSTALLATION_DISABLED" } }]);
    expect(pool.node_config.labels["gke-no-default-nvidia-gpu-device-plugin"]).toBe("true");
    expect(pool.node_config.taint).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
    expect(pool.autoscaling).toMatchObject({ total_min_node_count: 1, total_max_node_count: 4 });
  });

  test("lets GKE install the driver and time-share GPUs when the cloud manages drivers", () => {
    const pool = gpuPool([{ ...base, driverManagement: "cloud", capacityType: "spot", sharing: { mode: "time-slicing", replicas: 4 } }]);
    expect(pool.node_config.spot).toBe(true);
    expect(pool.node_config.guest_accelerator[0]).toMatchObject({
      gpu_driver_installation_config: { gpu_driver_version: "LATEST" },
      gpu_sharing_config: { gpu_sharing_strategy: "TIME_SHARING", max_shared_clients_per_gpu: 4 },
    });
    expect(pool.node_config.labels).not.toHaveProperty("gke-no-default-nvidia-gpu-device-plugin");
  });
});
