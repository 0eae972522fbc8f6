import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import { GpuPoolSchema, type PlatformConfig } from "../../../config/schema";
import { computeClassManifest, computeClassScheduling } from "../../../constructs/gcp";
import { GcpClusterStack } from "../../../stacks/gcp-cluster-stack";
import { PlatformStack } from "../../../stacks/platform-stack";
import { defaultConfig } from "../../helpers";
import { crdValidator, REFERENCE_DIR, schemaErrors } from "../../reference";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CRD_FILE = "cloud.google.com_computeclasses.gke-dump-30506b9.yaml";
const validate = crdValidator(CRD_FILE, "v1");

/**
 * The CRD's one CEL rule on a priority, as the served schema states it; ajv does not run CEL,
 * so the test reads the rule from the vendored CRD and applies its meaning here.
 */
const NODEPOOLS_RULE = "has(self.nodepools) ? (size(dyn(self)) == 1) : true";
const nodepoolsRuleHolds = (priority: Json) => !("nodepools" in priority) || Object.keys(priority).length === 1;

/** The default topology with asia-south1's l4 pool given a fallback machine type and spot before on-demand. */
function withFallback(): PlatformConfig {
  const config = defaultConfig();
  const regions = config.regions.map((r) => r.name !== "asia-south1" ? r : {
    ...r,
    gpuPools: r.gpuPools.map((p) => GpuPoolSchema.parse({ ...p, fallbackInstanceTypes: ["g2-standard-48"], capacityType: undefined, capacityTypes: ["spot", "on-demand"] })),
  });
  return { ...config, regions };
}

function synth(config: PlatformConfig, region: string) {
  const r = config.regions.find((x) => x.name === region)!;
  const props = { settings: config.settings, region: r, regions: config.regions, localStateDir: "../../.." };
  const cluster = JSON.parse(Testing.synth(new GcpClusterStack(Testing.app(), props))) as Json;
  const platform = JSON.parse(Testing.synth(new PlatformStack(Testing.app(), props))) as Json;
  const release = Object.values(platform.resource.helm_release as Json).find((x: Json) => x.name === "gke-compute-classes") as Json;
  const rayRelease = Object.values(platform.resource.helm_release as Json).find((x: Json) => x.name === "llm-serving") as Json;
  return {
    // By name: the synthesized JSON orders resources by logical id, not by priority.
    nodePools: (Object.values(cluster.resource.google_container_node_pool as Json).filter((p: Json) => !String(p.name).endsWith("-system")) as Json[]).sort((a, b) => String(a.name).localeCompare(String(b.name))),
    classes: parseYaml(release.values[0]).manifests as Json[],
    rayServices: parseYaml(rayRelease.values[0]).manifests as Json[],
  };
}

describe("a GKE GPU pool's custom ComputeClass", () => {
  const { nodePools, classes, rayServices } = synth(withFallback(), "asia-south1");

  test("the CRD's rule on priorities is the one this test applies", () => {
    expect(fs.readFileSync(path.join(REFERENCE_DIR, "crds", CRD_FILE), "utf8")).toContain(`rule: "${NODEPOOLS_RULE}"`);
  });

  test("validates against the ComputeClass CRD GKE serves, and the validator catches a misspelt field and a bad enum", () => {
    for (const cc of classes) {
      expect(validate(cc) ? [] : schemaErrors(validate)).toEqual([]);
      expect((cc.spec.priorities as Json[]).every(nodepoolsRuleHolds)).toBe(true);
    }
    expect(validate({ ...classes[0], spec: { ...classes[0].spec, whenUnsatisfiable: "ScaleUpAnyhow" } })).toBe(false);
    expect(validate({ ...classes[0], spec: { ...classes[0].spec, priority: [] } })).toBe(false);
    expect(nodepoolsRuleHolds({ nodepools: ["a"], spot: true })).toBe(false);
  });

  test("priorities are the node pools in the configured order: each machine type spot then on-demand, then the next machine type", () => {
    expect(classes.map((c) => c.metadata.name)).toEqual(["gpu-l4"]);
    expect(classes[0].spec.priorities).toEqual([
      { nodepools: ["llmp-asia-south1-l4"] },
      { nodepools: ["llmp-asia-south1-l4-p2"] },
      { nodepools: ["llmp-asia-south1-l4-p3"] },
      { nodepools: ["llmp-asia-south1-l4-p4"] },
    ]);
    // The names the class lists are the cluster stack's node pools, in that order, with the
    // machine and capacity type of each step.
    expect(nodePools.map((p) => [p.name, p.node_config.machine_type, p.node_config.spot, p.autoscaling.total_min_node_count, p.autoscaling.total_max_node_count])).toEqual([
      ["llmp-asia-south1-l4", "g2-standard-24", true, 1, 4],
      ["llmp-asia-south1-l4-p2", "g2-standard-24", false, 0, 4],
      ["llmp-asia-south1-l4-p3", "g2-standard-48", true, 0, 4],
      ["llmp-asia-south1-l4-p4", "g2-standard-48", false, 0, 4],
    ]);
  });

  test("no node pool auto-creation, no scale-up outside the list, no migration of serving replicas", () => {
    expect(classes[0].spec).toMatchObject({ nodePoolAutoCreation: { enabled: false }, whenUnsatisfiable: "DoNotScaleUp", activeMigration: { optimizeRulePriority: false } });
  });

  test("every node pool of the class carries its label and NoSchedule taint, and attaches its machine type's GPUs", () => {
    for (const p of nodePools) {
      expect(p.node_config.labels["cloud.google.com/compute-class"]).toBe("gpu-l4");
      expect(p.node_config.taint).toContainEqual({ key: "cloud.google.com/compute-class", value: "gpu-l4", effect: "NO_SCHEDULE" });
      expect(p.node_config.taint).toContainEqual({ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" });
    }
    expect(nodePools.map((p) => p.node_config.guest_accelerator[0].count)).toEqual([2, 2, 4, 4]);
  });

  test("Ray workers select the class and tolerate its taint; heads stay on the system pool", () => {
    const worker = rayServices[0].spec.rayClusterConfig.workerGroupSpecs[0].template.spec;
    expect(worker.nodeSelector).toEqual({ "llm-platform.dev/pool": "l4", "cloud.google.com/compute-class": "gpu-l4" });
    expect(worker.tolerations).toContainEqual({ key: "cloud.google.com/compute-class", operator: "Equal", value: "gpu-l4", effect: "NoSchedule" });
    expect(rayServices[0].spec.rayClusterConfig.headGroupSpec.template.spec.nodeSelector).toEqual({ "llm-platform.dev/pool": "system" });
    expect(computeClassScheduling("l4")).toEqual({
      extraNodeSelector: { "cloud.google.com/compute-class": "gpu-l4" },
      extraTaints: [{ key: "cloud.google.com/compute-class", value: "gpu-l4", effect: "NoSchedule" }],
    });
  });

  test("a pool with one machine and one capacity type is one node pool, whose name and construct id do not change", () => {
    const plain = synth(defaultConfig(), "asia-south1");
    expect(plain.nodePools.map((p) => p.name)).toEqual(["llmp-asia-south1-l4"]);
    expect(plain.classes[0].spec.priorities).toEqual([{ nodepools: ["llmp-asia-south1-l4"] }]);
    expect(computeClassManifest({ pool: "l4", nodePools: ["a"] }).metadata.name).toBe("gpu-l4");
  });
});
