import { GpuPoolSchema, type GpuPoolConfig } from "../../../config/schema";
import { gpuOperatorProfile, gpuOperatorValues, mergeValues, readGpuOperatorLayers, regionLayer, DEVICE_PLUGIN_CONFIG_MAP, GPU_OPERATOR_PROFILES } from "../../../constructs/gpu-operator";
import { projectPath } from "../../../constructs/common";
import { parse as parseYaml } from "yaml";
import { chartDefaults, unknownValuePaths } from "../../reference";
import { defaultConfig } from "../../helpers";

const layers = readGpuOperatorLayers(projectPath("helm-values", "gpu-operator"));
const defaults = chartDefaults("gpu-operator-v26.7.0.values.yaml");
const SM = { release: "kube-prometheus-stack" };

function pool(over: Record<string, unknown>): GpuPoolConfig {
  return GpuPoolSchema.parse({ name: "l4", gpu: "L4", instanceType: "g6.12xlarge", minNodes: 1, maxNodes: 2, ...over });
}

describe("mergeValues", () => {
  test("merges maps key by key and replaces lists, as Helm does, without touching its inputs", () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 1 };
    const merged = mergeValues(base, { a: { c: [3] }, e: 2 });
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 1 });
  });
});

describe("gpuOperatorProfile", () => {
  test("follows the node OS and, on COS, who installs the driver", () => {
    expect(gpuOperatorProfile("aws", pool({}))).toBe("al2023-nvidia");
    expect(gpuOperatorProfile("aws", pool({ nodeOs: "bottlerocket-nvidia" }))).toBe("bottlerocket-nvidia");
    expect(gpuOperatorProfile("gcp", pool({ instanceType: "g2-standard-24" }))).toBe("cos-cloud");
    expect(gpuOperatorProfile("gcp", pool({ instanceType: "g2-standard-24", driverManagement: "gpu-operator" }))).toBe("cos-gpu-operator");
  });
});

describe("driver settings per node OS", () => {
  test("AL2023 NVIDIA AMI: driver and toolkit come with the image, the operator runs the device plugin", () => {
    const v = gpuOperatorValues(layers, { regionName: "test", cloud: "aws", pools: [pool({})], serviceMonitorLabels: SM });
    expect(v).toMatchObject({ driver: { enabled: false }, toolkit: { enabled: false }, devicePlugin: { enabled: true } });
  });

  test("Bottlerocket NVIDIA: no driver or toolkit from the operator (per-node labels keep the device plugin off)", () => {
    const v = gpuOperatorValues(layers, { regionName: "test", cloud: "aws", pools: [pool({ nodeOs: "bottlerocket-nvidia" })], serviceMonitorLabels: SM });
    expect(v).toMatchObject({ driver: { enabled: false }, toolkit: { enabled: false } });
  });

  test("GKE COS without GKE drivers: toolkit and driver paths under /home/kubernetes/bin/nvidia, CDI on", () => {
    const v = gpuOperatorValues(layers, { regionName: "test", cloud: "gcp", pools: [pool({ instanceType: "g2-standard-24", driverManagement: "gpu-operator" })], serviceMonitorLabels: SM });
    expect(v).toMatchObject({
      hostPaths: { driverInstallDir: "/home/kubernetes/bin/nvidia" },
      toolkit: { enabled: true, installDir: "/home/kubernetes/bin/nvidia" },
      cdi: { enabled: true },
      devicePlugin: { enabled: true },
    });
  });

  test("GKE-managed drivers: GKE's device plugin stays in charge, the operator adds metrics", () => {
    const v = gpuOperatorValues(layers, { regionName: "test", cloud: "gcp", pools: [pool({ instanceType: "g2-standard-24" })], serviceMonitorLabels: SM });
    expect(v).toMatchObject({ driver: { enabled: false }, devicePlugin: { enabled: false }, dcgmExporter: { enabled: true } });
  });

  test("fails when two pools of one cluster need conflicting operator values", () => {
    const pools = [pool({ instanceType: "g2-standard-24" }), pool({ name: "l4b", instanceType: "g2-standard-24", driverManagement: "gpu-operator" })];
    expect(() => gpuOperatorValues(layers, { regionName: "test", cloud: "gcp", pools, serviceMonitorLabels: SM })).toThrow(
      "GPU pools l4 (cos-cloud) and l4b (cos-gpu-operator) need different GPU Operator values at toolkit.enabled (false vs true); one cluster runs one operator, so put them in separate regions",
    );
  });

  test("AL2023 and Bottlerocket pools can share a cluster: their layers agree", () => {
    expect(() => gpuOperatorValues(layers, { regionName: "test", cloud: "aws", pools: [pool({}), pool({ name: "br", nodeOs: "bottlerocket-nvidia" })], serviceMonitorLabels: SM })).not.toThrow();
  });
});

describe("layer order", () => {
  test("a region's YAML layer comes after the computed layers, and overrides after it", () => {
    const withRegion = { ...layers, regions: { r: { dcgmExporter: { serviceMonitor: { interval: "5s", additionalLabels: { team: "x" } } } } } };
    const v = gpuOperatorValues(withRegion, { regionName: "r", cloud: "aws", pools: [pool({})], serviceMonitorLabels: SM });
    expect(v).toMatchObject({ dcgmExporter: { serviceMonitor: { interval: "5s", additionalLabels: { ...SM, team: "x" } } } });
    const over = gpuOperatorValues(withRegion, { regionName: "r", cloud: "aws", pools: [pool({})], serviceMonitorLabels: SM, overrides: { dcgmExporter: { serviceMonitor: { interval: "1s" } } } });
    expect(over).toMatchObject({ dcgmExporter: { serviceMonitor: { interval: "1s" } } });
    expect(gpuOperatorValues(withRegion, { regionName: "other", cloud: "aws", pools: [pool({})], serviceMonitorLabels: SM })).toMatchObject({ dcgmExporter: { serviceMonitor: { interval: "15s" } } });
  });

  test("every region layer file names a region of regions/, so none is silently unused", () => {
    const regions = defaultConfig().regions.map((r) => r.name);
    for (const name of Object.keys(layers.regions)) expect(regions).toContain(name);
  });
});

describe("regionLayer", () => {
  test("the DCGM ServiceMonitor carries the label the regional Prometheus selects", () => {
    const v = gpuOperatorValues(layers, { regionName: "test", cloud: "aws", pools: [pool({})], serviceMonitorLabels: SM });
    expect(v).toMatchObject({ dcgmExporter: { enabled: true, serviceMonitor: { enabled: true, additionalLabels: SM } } });
  });

  test("time-slicing writes one device-plugin config per pool with the pool's replicas", () => {
    const layer = regionLayer({ regionName: "test", cloud: "aws", pools: [pool({ sharing: { mode: "time-slicing", replicas: 4 } })], serviceMonitorLabels: SM });
    const config = (layer.devicePlugin as { config: { name: string; create: boolean; default: string; data: Record<string, string> } }).config;
    expect(config).toMatchObject({ create: true, name: DEVICE_PLUGIN_CONFIG_MAP, default: "default" });
    expect(parseYaml(config.data.l4)).toEqual({
      version: "v1",
      flags: { migStrategy: "none" },
      sharing: { timeSlicing: { failRequestsGreaterThanOne: true, resources: [{ name: "nvidia.com/gpu", replicas: 4 }] } },
    });
  });

  test("MIG sets the pool's strategy and turns the MIG manager on", () => {
    const layer = regionLayer({ regionName: "test", cloud: "aws", pools: [pool({ gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy: "mixed", profile: "3g.40gb" } })], serviceMonitorLabels: SM });
    expect(layer).toMatchObject({ mig: { strategy: "mixed" }, migManager: { enabled: true } });
  });

  test("GKE-managed sharing is left to the node pool", () => {
    const layer = regionLayer({ regionName: "test", cloud: "gcp", pools: [pool({ instanceType: "g2-standard-24", sharing: { mode: "time-slicing", replicas: 2 } })], serviceMonitorLabels: SM });
    expect(layer.devicePlugin).toBeUndefined();
  });

  test("fails when a Bottlerocket pool asks the operator for sharing", () => {
    expect(() => regionLayer({ regionName: "test", cloud: "aws", pools: [pool({ nodeOs: "bottlerocket-nvidia", sharing: { mode: "time-slicing", replicas: 2 } })], serviceMonitorLabels: SM })).toThrow(
      'GPU pool l4: sharing.mode: must be "none" on a Bottlerocket pool (Bottlerocket shares GPUs through its own device plugin, which the platform does not configure); use nodeOs "al2023-nvidia" to share GPUs, got "time-slicing"',
    );
  });

  test("fails when pools ask for two MIG strategies", () => {
    const mig = (name: string, strategy: string) => pool({ name, gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy, profile: "3g.40gb" } });
    expect(() => regionLayer({ regionName: "test", cloud: "aws", pools: [mig("a", "single"), mig("b", "mixed")], serviceMonitorLabels: SM })).toThrow(
      'GPU pool b: sharing.strategy: must match the region\'s other MIG pools (a: "single"); the GPU Operator has one MIG strategy per cluster, got "mixed"',
    );
  });
});

// A typo such as driver.enable would be ignored by Helm; here it fails.
describe("every key path the platform sets exists in the gpu-operator v26.7.0 chart defaults", () => {
  test.each(["base", ...GPU_OPERATOR_PROFILES])("layer %s", (name) => {
    const values = name === "base" ? layers.base : layers.profiles[name as keyof typeof layers.profiles];
    expect(unknownValuePaths(values, defaults)).toEqual([]);
  });

  test.each(Object.keys(layers.regions))("region layer %s", (name) => {
    expect(unknownValuePaths(layers.regions[name], defaults)).toEqual([]);
  });

  test("the region layer with time-slicing, MIG and the ServiceMonitor label", () => {
    const pools = [
      pool({ sharing: { mode: "time-slicing", replicas: 4 } }),
      pool({ name: "h100", gpu: "H100-80GB", instanceType: "p5.48xlarge", sharing: { mode: "mig", strategy: "single", profile: "3g.40gb" } }),
    ];
    expect(unknownValuePaths(regionLayer({ regionName: "test", cloud: "aws", pools, serviceMonitorLabels: SM }), defaults)).toEqual([]);
  });

  test("the check itself catches a typo", () => {
    expect(unknownValuePaths({ driver: { enable: false } }, defaults)).toEqual(["driver.enable"]);
  });
});

describe("readGpuOperatorLayers", () => {
  // Every region's platform stack asks for the same files: read once, and shared
  // read-only so no region's merge can leak into another's.
  test("reads a folder once per process and hands out frozen layers", () => {
    const again = readGpuOperatorLayers(projectPath("helm-values", "gpu-operator"));
    expect(again).toBe(layers);
    expect(Object.isFrozen(layers.base)).toBe(true);
    expect(() => { (layers.base as Record<string, unknown>).injected = 1; }).toThrow(TypeError);
  });
});
