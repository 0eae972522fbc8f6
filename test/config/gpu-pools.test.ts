import type { z } from "zod";
import { gpuOperatorPoolProblems, needsCosDriverInstaller, resolveGpuPool } from "../../config/gpu-pools";
import { GpuPoolSchema } from "../../config/schema";

const pool = (over: Partial<z.input<typeof GpuPoolSchema>>) =>
  GpuPoolSchema.parse({ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 0, maxNodes: 2, ...over });

describe("resolveGpuPool", () => {
  test("EKS AL2023: the AMI installs the driver, the GPU Operator shares, GPUs per node from the catalog", () => {
    const r = resolveGpuPool("aws", pool({ sharing: { mode: "time-slicing", replicas: 3 } }));
    expect(r).toMatchObject({ nodeOs: "al2023-nvidia", operatorProfile: "al2023-nvidia", driverInstalledBy: "node-image", gpuSharedBy: "gpu-operator", resourceName: "nvidia.com/gpu", gpusPerNode: 4, devicesPerNode: 12 });
    expect(r.labels["nvidia.com/device-plugin.config"]).toBe("l4");
  });

  test("EKS Bottlerocket: the image installs the driver and runs its own device plugin; operands kept off by label", () => {
    const r = resolveGpuPool("aws", pool({ nodeOs: "bottlerocket-nvidia" }));
    expect(r).toMatchObject({ driverInstalledBy: "node-image", gpuSharedBy: "node-image", operatorProfile: "bottlerocket-nvidia" });
    expect(r.labels).toMatchObject({ "nvidia.com/gpu.deploy.driver": "false", "nvidia.com/gpu.deploy.device-plugin": "false" });
  });

  test("GKE-managed drivers: GKE installs and shares, so no operator sharing labels", () => {
    const r = resolveGpuPool("gcp", pool({ instanceType: "g2-standard-24", sharing: { mode: "time-slicing", replicas: 2 } }));
    expect(r).toMatchObject({ nodeOs: "cos", operatorProfile: "cos-cloud", driverInstalledBy: "gke", gpuSharedBy: "gke", gpusPerNode: 2, devicesPerNode: 4 });
    expect(r.labels["nvidia.com/device-plugin.config"]).toBeUndefined();
    expect(r.labels["gke-no-default-nvidia-gpu-device-plugin"]).toBeUndefined();
  });

  test("GKE with driverManagement gpu-operator: Google's COS installer puts the driver, the operator shares, GKE's device plugin stays off", () => {
    const p = pool({ instanceType: "g2-standard-24", driverManagement: "gpu-operator" });
    expect(resolveGpuPool("gcp", p)).toMatchObject({ operatorProfile: "cos-gpu-operator", driverInstalledBy: "cos-driver-installer", gpuSharedBy: "gpu-operator" });
    expect(resolveGpuPool("gcp", p).labels["gke-no-default-nvidia-gpu-device-plugin"]).toBe("true");
    expect(needsCosDriverInstaller("gcp", [p])).toBe(true);
  });

  test("MIG under the mixed strategy requests the slice resource; under single, whole-GPU name", () => {
    const mig = (strategy: "single" | "mixed") => pool({ gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy, profile: "3g.40gb" } });
    expect(resolveGpuPool("aws", mig("mixed"))).toMatchObject({ resourceName: "nvidia.com/mig-3g.40gb", gpusPerNode: 8, devicesPerNode: 16 });
    expect(resolveGpuPool("aws", mig("single")).resourceName).toBe("nvidia.com/gpu");
  });
});

describe("gpuOperatorPoolProblems", () => {
  test("fails when a Bottlerocket pool shares, and when MIG strategies differ among operator-shared pools", () => {
    const h100 = (name: string, strategy: "single" | "mixed") => pool({ name, gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy, profile: "3g.40gb" } });
    expect(gpuOperatorPoolProblems("aws", [pool({ nodeOs: "bottlerocket-nvidia", sharing: { mode: "time-slicing", replicas: 2 } }), h100("a", "single"), h100("b", "mixed")])).toEqual([
      { index: 0, field: "sharing.mode", message: expect.stringContaining('must be "none" on a Bottlerocket pool') },
      { index: 2, field: "sharing.strategy", message: expect.stringContaining('must match the region\'s other MIG pools (a: "single")') },
    ]);
  });

  test("GKE-managed MIG pools are GKE's business, not the operator's", () => {
    const a100 = (name: string, strategy: "single" | "mixed") => pool({ name, gpu: "A100-40GB", instanceType: "a2-highgpu-1g", sharing: { mode: "mig", strategy, profile: "1g.5gb" } });
    expect(gpuOperatorPoolProblems("gcp", [a100("a", "single"), a100("b", "mixed")])).toEqual([]);
  });
});
