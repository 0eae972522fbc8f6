import { parse as parseYaml } from "yaml";
import { App, TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GkeClusterAccess } from "../../../constructs/gcp";
import { LlmServing } from "../../../constructs/llm-serving";
import { RegionSchema } from "../../../config/schema";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The serving construct on its own: a bare stack with the Google provider and the GKE
// cluster access it needs, a two-model fixture region, no platform stack around it.
const region = RegionSchema.parse({
  name: "fixture-gke",
  cloud: "gcp",
  region: "us-central1",
  network: { cidr: "10.40.0.0/16", zones: ["us-central1-a"] },
  systemPool: { instanceType: "n2-standard-4", minNodes: 1, maxNodes: 2 },
  gpuPools: [{ name: "l4", gpu: "L4", instanceType: "g2-standard-24", minNodes: 0, maxNodes: 2 }],
  models: [
    { name: "small", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 1, minReplicas: 1, maxReplicas: 2 },
    { name: "other", model: "meta-llama/Llama-3.1-8B-Instruct", pool: "l4", tensorParallelSize: 1, minReplicas: 1, maxReplicas: 2 },
  ],
  serving: { allowedSourceCidrs: ["198.51.100.0/24"] },
  traffic: { priority: 1 },
});

const stack = new TerraformStack(new App(), "serving");
new GoogleProvider(stack, "google", { project: "p", region: "us-central1" });
const access = new GkeClusterAccess(stack, "Cluster", {
  clusterName: "c", project: "p", region: "us-central1", modelBucketName: "c-models", servingAddressName: "c-serving", modelReaderAccountId: "c-model-reader",
});
new LlmServing(stack, "Serving", { access, region, healthPath: "/-/healthz", allowedSourceCidrs: ["198.51.100.0/24", "35.191.0.0/16"] });
const json = JSON.parse(Testing.synth(stack)) as Json;

describe("LlmServing built alone", () => {
  test("one RayService per model goes into the local chart's release", () => {
    const [release] = Object.values(json.resource.helm_release) as Json[];
    const values = parseYaml(release.values[0]) as { manifests: Json[] };
    expect(values.manifests.map((m) => [m.kind, m.metadata.name])).toEqual([["RayService", "small"], ["RayService", "other"]]);
  });

  test("the API's LoadBalancer keeps client addresses and admits only the listed ranges, on the reserved address", () => {
    const [svc] = Object.values(json.resource.kubernetes_service_v1) as Json[];
    expect(svc.spec).toMatchObject({ type: "LoadBalancer", external_traffic_policy: "Local", load_balancer_source_ranges: ["198.51.100.0/24", "35.191.0.0/16"] });
    expect(svc.metadata.annotations).toMatchObject({ "networking.gke.io/load-balancer-ip-addresses": "c-serving" });
  });
});
