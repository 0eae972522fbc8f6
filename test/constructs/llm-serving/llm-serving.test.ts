import { parse as parseYaml } from "yaml";
import { App, TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GkeClusterAccess } from "../../../constructs/gcp";
import { LlmServing, type ServedModelSpec, type ServingPoolSpec } from "../../../constructs/llm-serving";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The serving construct on its own, with props of its own: a bare stack with the Google
// provider and the GKE cluster access it needs, two models on one hand-written pool (a
// g2-standard-24: 24 vCPUs, 96 GiB, 2 L4), no region file and no platform stack around it.
const l4: ServingPoolSpec = {
  name: "l4",
  resourceName: "nvidia.com/gpu",
  devicesPerNode: 2,
  nodeVcpus: 24,
  nodeMemoryGiB: 96,
  rayAccelerator: { detected: "L4", names: ["L4"] },
};
const models: ServedModelSpec[] = [
  { name: "small", model: "meta-llama/Llama-3.1-8B-Instruct", pool: l4 },
  { name: "other", model: "meta-llama/Llama-3.1-8B-Instruct", pool: l4, minReplicas: 0, maxReplicas: 1 },
];

const stack = new TerraformStack(new App(), "serving");
new GoogleProvider(stack, "google", { project: "p", region: "us-central1" });
const access = new GkeClusterAccess(stack, "Cluster", {
  clusterName: "c", project: "p", region: "us-central1", modelBucketName: "c-models", servingAddressName: "c-serving", modelReaderAccountId: "c-model-reader",
});
new LlmServing(stack, "Serving", {
  access,
  models,
  regionName: "fixture-gke",
  modelRoutes: models.map((m) => ({ model: m.name, servedHere: true, requiredForHealth: true })),
  healthPath: "/-/healthz",
  allowedSourceCidrs: ["198.51.100.0/24", "35.191.0.0/16"],
});
const json = JSON.parse(Testing.synth(stack)) as Json;

describe("LlmServing built alone", () => {
  test("one RayService per model goes into the local chart's release", () => {
    const [release] = Object.values(json.resource.helm_release) as Json[];
    const values = parseYaml(release.values[0]) as { manifests: Json[] };
    expect(values.manifests.map((m) => [m.kind, m.metadata.name])).toEqual([["RayService", "small"], ["RayService", "other"]]);
  });

  test("workers take the pool's resource and their share of its node; unset model fields take the documented defaults", () => {
    const [release] = Object.values(json.resource.helm_release) as Json[];
    const [small, other] = (parseYaml(release.values[0]) as { manifests: Json[] }).manifests;
    const worker = (m: Json) => m.spec.rayClusterConfig.workerGroupSpecs[0];
    // One L4 of two: (24 - 2) / 2 vCPUs, (96 * 0.85 - 2) / 2 GiB.
    expect(worker(small).template.spec.containers[0].resources.limits).toEqual({ cpu: "11", memory: "39Gi", "nvidia.com/gpu": "1" });
    expect(worker(small).template.spec.nodeSelector).toEqual({ "llm-platform.dev/pool": "l4" });
    // @default 1 / 2 replicas; the second model sets its own.
    expect(worker(small)).toMatchObject({ minReplicas: 1, maxReplicas: 2 });
    expect(worker(other)).toMatchObject({ minReplicas: 0, maxReplicas: 1 });
    expect(parseYaml(small.spec.serveConfigV2).applications[0].args.llm_configs[0]).toMatchObject({
      accelerator_type: "L4",
      engine_kwargs: { tensor_parallel_size: 1, max_model_len: 8192, gpu_memory_utilization: 0.9 },
    });
  });

  test("a region serving no model gets the namespace and model-reader identity only: no chart, router or load balancer", () => {
    const empty = new TerraformStack(new App(), "empty");
    new GoogleProvider(empty, "google", { project: "p", region: "us-central1" });
    const emptyAccess = new GkeClusterAccess(empty, "Cluster", {
      clusterName: "c", project: "p", region: "us-central1", modelBucketName: "c-models", servingAddressName: "c-serving", modelReaderAccountId: "c-model-reader",
    });
    new LlmServing(empty, "Serving", { access: emptyAccess, models: [], regionName: "r", modelRoutes: [], healthPath: "/-/healthz", allowedSourceCidrs: [] });
    const out = JSON.parse(Testing.synth(empty)) as Json;
    expect(out.resource.helm_release).toBeUndefined();
    expect(out.resource.kubernetes_service_v1).toBeUndefined();
    expect(out.resource.kubernetes_manifest).toBeUndefined();
    expect(Object.keys(out.resource.kubernetes_namespace_v1)).toHaveLength(1);
  });

  test("the API's LoadBalancer keeps client addresses and admits only the listed ranges, on the reserved address", () => {
    const [svc] = Object.values(json.resource.kubernetes_service_v1) as Json[];
    expect(svc.spec).toMatchObject({ type: "LoadBalancer", external_traffic_policy: "Local", load_balancer_source_ranges: ["198.51.100.0/24", "35.191.0.0/16"] });
    expect(svc.metadata.annotations).toMatchObject({ "networking.gke.io/load-balancer-ip-addresses": "c-serving" });
  });
});
