import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { parse as parseYaml } from "yaml";
import { ROUTE53_HEALTH_CHECKER_CIDRS } from "../../catalog/health-checkers";
import { buildApp } from "../../stacks/app";
import { endpointsOf } from "../../stacks/cloud-endpoints";
import { PlatformStack } from "../../stacks/platform-stack";
import type { PlatformConfig } from "../../config/schema";
import { defaultConfig, liveConfig, ROOT } from "../helpers";
import { crdValidator, schemaErrors } from "../reference";
import { defaultAppStacks, sharedStackJson } from "../shared-synth";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const cache = new Map<string, Json>();
/**
 * A region's platform stack, synthesized once per distinct input: keyed by the config
 * itself, so the live snapshot reuses the fixture's synth while regions/ matches it.
 */
function platform(region: string, config: PlatformConfig = defaultConfig()): Json {
  const r = config.regions.find((x) => x.name === region);
  if (!r) throw new Error(`no region ${region}`);
  const key = JSON.stringify([config.settings, config.regions, region]);
  if (!cache.has(key)) {
    const props = { settings: config.settings, region: r, regions: config.regions, localStateDir: "../../.." };
    cache.set(key, sharedStackJson(["platform", props], () => Testing.synth(new PlatformStack(Testing.app(), props))));
  }
  return cache.get(key)!;
}
const one = (json: Json, type: string): Json => {
  const all = Object.values(json.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0] as Json;
};
/** A JSON policy with Terraform interpolations in it: quotes inside `${...}` are HCL's, not JSON's. */
const parsePolicy = (s: string): Json => JSON.parse(s.replace(/\$\{[^}]*\}/g, (m) => m.replace(/"/g, "'")));
/** The OpenAI API Service (the federation endpoint has a LoadBalancer Service of its own). */
const apiService = (json: Json): Json => Object.values(json.resource.kubernetes_service_v1).find((r) => (r as Json).metadata.name === "llm-api") as Json;
const release = (json: Json, name: string): Json => Object.values(json.resource.helm_release).find((r) => (r as Json).name === name) as Json;

describe("us-east-1-platform (EKS, AL2023)", () => {
  const json = () => platform("us-east-1");

  test("helm and kubernetes providers are configured from the cluster data source, never a cluster resource of this stack", () => {
    const { helm, kubernetes } = json().provider;
    expect(helm[0].kubernetes.host).toMatch(/^\$\{data\.aws_eks_cluster\.\w+\.endpoint\}$/);
    expect(kubernetes[0].host).toBe(helm[0].kubernetes.host);
    expect(kubernetes[0].exec[0]).toMatchObject({ command: "aws", args: expect.arrayContaining(["get-token", "llmp-us-east-1"]) });
    expect(json().resource.aws_eks_cluster).toBeUndefined();
    expect(json().data.aws_eks_cluster).toBeDefined();
  });

  test("every helm release is atomic, cleans up on failure, has a timeout and history, and a pinned version", () => {
    for (const r of Object.values(json().resource.helm_release) as Json[]) {
      expect(r).toMatchObject({ atomic: true, cleanup_on_fail: true, timeout: 900, max_history: 10 });
      expect(r.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  test("no ResourceQuota for critical priority classes: only GKE restricts them", () => {
    expect(json().resource.kubernetes_resource_quota_v1).toBeUndefined();
  });

  test("the serving release's version is the local chart's, which Helm checks", () => {
    const chart = parseYaml(fs.readFileSync(path.join(ROOT, "charts", "llm-serving", "Chart.yaml"), "utf8"));
    expect(release(json(), "llm-serving").version).toBe(chart.version);
  });

  test("the GPU Operator does not install driver or toolkit on the EKS NVIDIA AMI", () => {
    const values = parseYaml(release(json(), "gpu-operator").values[0]);
    expect(values).toMatchObject({ driver: { enabled: false }, toolkit: { enabled: false }, devicePlugin: { enabled: true } });
    expect(values.dcgmExporter.serviceMonitor.additionalLabels).toEqual({ release: "kube-prometheus-stack" });
  });

  test("the model reader role trusts only the serving service account through the cluster's OIDC provider", () => {
    const trust = parsePolicy(one(json(), "aws_iam_role").assume_role_policy);
    const statement = trust.Statement[0];
    expect(statement.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(statement.Principal.Federated).toMatch(/data\.aws_iam_openid_connect_provider\.\w+\.arn/);
    expect(statement.Condition.StringEquals).toEqual({
      "${replace(data.aws_eks_cluster.Cluster_3DA9CCBA.identity[0].oidc[0].issuer, 'https://', '')}:sub": "system:serviceaccount:llm-serving:model-reader",
      "${replace(data.aws_eks_cluster.Cluster_3DA9CCBA.identity[0].oidc[0].issuer, 'https://', '')}:aud": "sts.amazonaws.com",
    });
  });

  test("the model reader may only list and read the region's bucket and decrypt through S3", () => {
    const policy = parsePolicy(one(json(), "aws_iam_role_policy").policy);
    expect(policy.Statement.map((s: Json) => [s.Action, s.Resource])).toEqual([
      [["s3:ListBucket"], ["arn:aws:s3:::llmp-us-east-1-models"]],
      [["s3:GetObject"], ["arn:aws:s3:::llmp-us-east-1-models/*"]],
      [["kms:Decrypt"], [expect.stringMatching(/data\.aws_kms_alias\.\w+\.target_key_arn/)]],
    ]);
    expect(policy.Statement[2].Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
    const sa = one(json(), "kubernetes_service_account_v1");
    expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toMatch(/aws_iam_role\.\w+\.arn/);
  });

  test("the API load balancer sits on the reserved Elastic IPs and admits only clients, Route53 health checkers and the routers that spill here, on 443", () => {
    const svc = apiService(json());
    expect(svc.spec.type).toBe("LoadBalancer");
    // eu-west-1 and asia-south1 spill llama-8b and qwen-32b to us-east-1 (priority 1): their NAT addresses, from their cluster state.
    const literal = JSON.stringify(["198.51.100.0/24", ...ROUTE53_HEALTH_CHECKER_CIDRS]).replace(/,/g, ", ");
    expect(svc.spec.load_balancer_source_ranges).toBe(`\${concat(${literal}, formatlist("%s/32", data.terraform_remote_state.HubClusterState-asia-south1.outputs.egress_ips), formatlist("%s/32", data.terraform_remote_state.SpillPeers_eu-west-1_E19F37A1.outputs.egress_ips))}`);
    expect(svc.spec.port).toEqual([{ name: "https", port: 443, target_port: "8443", protocol: "TCP" }]);
    expect(svc.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-eip-allocations"]).toMatch(/join\(",", \[data\.aws_eip\.\w+\.id, data\.aws_eip\.\w+\.id, data\.aws_eip\.\w+\.id\]\)/);
    // The serving addresses, plus (us-east-1 is a hub) the Alertmanager peer address.
    expect(Object.values(json().data.aws_eip).map((e) => (e as Json).filter[0].values[0]).sort()).toEqual([
      "llmp-us-east-1-alertmanager-peer", "llmp-us-east-1-serving-us-east-1a", "llmp-us-east-1-serving-us-east-1b", "llmp-us-east-1-serving-us-east-1c",
    ]);
  });

  test("one RayService per model, installed after the KubeRay operator and its CRDs", () => {
    const serving = release(json(), "llm-serving");
    const manifests = parseYaml(serving.values[0]).manifests as Json[];
    expect(manifests.filter((m) => m.kind === "RayService").map((m) => m.metadata.name)).toEqual(["llama-8b", "qwen-32b"]);
    expect(serving.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^helm_release\.KubeRay_Release_/)]));
    expect(serving.chart).toMatch(/^assets\/Serving_Chart_\w+\/\w+$/);
    expect(manifests.every((m) => m.kind === "RayService")).toBe(true);
  });

  test("the router is applied outside the atomic Helm release, so Helm does not wait on pods that need the out-of-band TLS secret", () => {
    const router = Object.values(json().resource.kubernetes_manifest).map((m) => (m as Json).manifest);
    expect(router.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(["ConfigMap/llm-router", "Deployment/llm-router"]);
    expect(router[1].spec.template.spec.volumes).toContainEqual({ name: "tls", secret: { secretName: "serving-tls" } });
  });
});

describe("eu-west-1-platform (EKS, Bottlerocket)", () => {
  test("the GPU Operator leaves driver and toolkit to the Bottlerocket image", () => {
    expect(parseYaml(release(platform("eu-west-1"), "gpu-operator").values[0])).toMatchObject({ driver: { enabled: false }, toolkit: { enabled: false } });
  });
});

describe("asia-south1-platform (GKE, COS, driver not from GKE)", () => {
  const json = () => platform("asia-south1");

  test("providers use the GKE cluster data source and gke-gcloud-auth-plugin (fresh tokens, not a one-hour one)", () => {
    const { helm } = json().provider;
    expect(helm[0].kubernetes.host).toMatch(/^https:\/\/\$\{data\.google_container_cluster\.\w+\.endpoint\}$/);
    expect(helm[0].kubernetes.exec).toEqual({ api_version: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin" });
    expect(helm[0].kubernetes.token).toBeUndefined();
    expect(json().resource.google_container_cluster).toBeUndefined();
  });

  test("COS paths and CDI for the operator, and the ResourceQuota GKE needs for critical priority classes", () => {
    expect(parseYaml(release(json(), "gpu-operator").values[0])).toMatchObject({
      hostPaths: { driverInstallDir: "/home/kubernetes/bin/nvidia" },
      toolkit: { installDir: "/home/kubernetes/bin/nvidia" },
      cdi: { enabled: true },
    });
    const quota = one(json(), "kubernetes_resource_quota_v1");
    expect(quota.spec.scope_selector.match_expression[0]).toEqual({
      operator: "In", scope_name: "PriorityClass", values: ["system-node-critical", "system-cluster-critical"],
    });
  });

  test("Workload Identity: one service account may impersonate the reader, which may only view the bucket", () => {
    expect(one(json(), "google_service_account_iam_member")).toMatchObject({
      role: "roles/iam.workloadIdentityUser",
      member: "serviceAccount:llm-platform-demo.svc.id.goog[llm-serving/model-reader]",
    });
    expect(one(json(), "google_storage_bucket_iam_member")).toMatchObject({ bucket: "llmp-asia-south1-models", role: "roles/storage.objectViewer" });
  });

  test("the API load balancer uses the reserved regional address", () => {
    const svc = apiService(json());
    expect(svc.metadata.annotations["networking.gke.io/load-balancer-ip-addresses"]).toBe("llmp-asia-south1-serving");
  });
});

// The platform stack finds what the cluster stack made by name; a rename on either side
// would only show at apply. Synthesize both and compare.
describe("lookups match what the cluster stacks create", () => {
  // The default topology's whole app, synthesized once per npm test run (test/shared-synth.ts).
  const clusterStack = (name: string) => defaultAppStacks()[name] as Json;

  test("AWS: cluster, bucket, KMS alias and serving Elastic IPs", () => {
    const cluster = clusterStack("us-east-1-cluster").resource;
    const platformJson = platform("us-east-1");
    expect(Object.values(platformJson.data.aws_eks_cluster).map((c) => (c as Json).name)).toEqual([one({ resource: cluster }, "aws_eks_cluster").name]);
    // Looked up twice: for the model reader's decrypt grant and for Karpenter's node volumes.
    expect([...new Set(Object.values(platformJson.data.aws_kms_alias).map((a) => (a as Json).name))]).toEqual([one({ resource: cluster }, "aws_kms_alias").name]);
    const [clusterKarpenterRole] = (Object.values(cluster.aws_iam_role) as Json[]).filter((r) => r.name?.endsWith("-karpenter"));
    expect((Object.values(platformJson.data.aws_iam_role) as Json[]).map((r) => r.name)).toEqual([clusterKarpenterRole.name]);
    // Every Elastic IP the platform looks up (serving, and the hub's Alertmanager peer) is one the cluster stack creates.
    const eipNames = (Object.values(cluster.aws_eip) as Json[]).map((e) => e.tags.Name).filter((n: string) => n.includes("-serving-") || n.endsWith("-alertmanager-peer"));
    expect(Object.values(platformJson.data.aws_eip).map((e) => (e as Json).filter[0].values[0]).sort()).toEqual(eipNames.sort());
    const policy = parsePolicy(one(platformJson, "aws_iam_role_policy").policy);
    expect(policy.Statement[0].Resource).toEqual([`arn:aws:s3:::${one({ resource: cluster }, "aws_s3_bucket").bucket}`]);
  });

  test("GCP: cluster, bucket and serving address", () => {
    const cluster = clusterStack("asia-south1-cluster").resource;
    const platformJson = platform("asia-south1");
    expect(Object.values(platformJson.data.google_container_cluster).map((c) => (c as Json).name)).toEqual([one({ resource: cluster }, "google_container_cluster").name]);
    expect(one(platformJson, "google_storage_bucket_iam_member").bucket).toBe(one({ resource: cluster }, "google_storage_bucket").name);
    const address = (Object.values(cluster.google_compute_address) as Json[]).find((a) => a.name.endsWith("-serving"))!;
    expect(apiService(platformJson).metadata.annotations["networking.gke.io/load-balancer-ip-addresses"]).toBe(address.name);
  });
});

describe("the global stack's choice of address kind matches what each platform stack outputs", () => {
  // The global stack names each load balancer by a CNAME (hostname) or an A record (ip),
  // choosing through endpointsOf(region); the platform stack outputs the Service status
  // attribute its ClusterAccess says. Both must be the same attribute.
  test.each(defaultConfig().regions.map((r) => [r.name, r] as const))("%s", (name, r) => {
    const outputs = platform(name).output as Record<string, { value: string }>;
    const kind = endpointsOf(r).loadBalancer.addressKind;
    const lbOutputs = ["federation_endpoint", "alertmanager_peer_endpoint"].filter((o) => outputs[o]);
    expect(lbOutputs).toContain("federation_endpoint");
    for (const o of lbOutputs) expect(outputs[o].value).toMatch(new RegExp(`\\.status\\[0\\]\\.load_balancer\\[0\\]\\.ingress\\[0\\]\\.${kind}\\}$`));
  });
});

describe("app", () => {
  test("each platform stack depends on its cluster stack and both hubs' cluster stacks (their egress addresses), so cdktf deploy orders them", () => {
    const app = buildApp(defaultConfig(), { outdir: path.join(os.tmpdir(), "unused") });
    const deps = (name: string) => (app.node.findChild(name) as PlatformStack).dependencies.map((d) => d.node.id);
    // ... and on the cluster stacks of the regions that spill into it, whose egress addresses it admits.
    expect(deps("us-east-1-platform")).toEqual(["us-east-1-cluster", "asia-south1-cluster", "eu-west-1-cluster"]);
    expect(deps("eu-west-1-platform")).toEqual(["eu-west-1-cluster", "us-east-1-cluster", "asia-south1-cluster"]);
  });
});

// Every custom resource any platform stack applies is checked against its upstream CRD;
// a kind without a known CRD fails, so a new one cannot slip in unchecked.
describe("custom resources in the platform stacks validate against the reference CRDs", () => {
  const validators: Record<string, ReturnType<typeof crdValidator>> = {
    "ray.io/v1/RayService": crdValidator("ray.io_rayservices.kuberay-v1.7.0.yaml", "v1"),
    "monitoring.coreos.com/v1/ServiceMonitor": crdValidator("monitoring.coreos.com_servicemonitors.prometheus-operator-v0.93.1.yaml", "v1"),
    "monitoring.coreos.com/v1/PodMonitor": crdValidator("monitoring.coreos.com_podmonitors.prometheus-operator-v0.93.1.yaml", "v1"),
    "monitoring.coreos.com/v1/PrometheusRule": crdValidator("monitoring.coreos.com_prometheusrules.prometheus-operator-v0.93.1.yaml", "v1"),
    "karpenter.sh/v1/NodePool": crdValidator("karpenter.sh_nodepools.karpenter-v1.14.1.yaml", "v1"),
    "karpenter.k8s.aws/v1/EC2NodeClass": crdValidator("karpenter.k8s.aws_ec2nodeclasses.karpenter-v1.14.1.yaml", "v1"),
    "cloud.google.com/v1/ComputeClass": crdValidator("cloud.google.com_computeclasses.gke-dump-30506b9.yaml", "v1"),
  };
  const builtIn = new Set(["v1/ConfigMap", "apps/v1/Deployment"]);
  for (const region of defaultConfig().regions) {
    test(`${region.name}-platform`, () => {
      const manifests = (Object.values(platform(region.name).resource.helm_release) as Json[])
        .filter((r) => r.name === "llm-serving" || r.name === "karpenter-node-pools" || r.name === "gke-compute-classes")
        .flatMap((r) => parseYaml(r.values[0]).manifests as Json[]);
      expect(manifests.length).toBeGreaterThan(0);
      for (const m of manifests) {
        const kind = `${m.apiVersion}/${m.kind}`;
        if (builtIn.has(kind)) continue;
        const validate = validators[kind];
        expect({ kind, known: validate !== undefined }).toEqual({ kind, known: true });
        validate(m);
        expect({ name: m.metadata.name, errors: schemaErrors(validate) }).toEqual({ name: m.metadata.name, errors: [] });
      }
    });
  }
});

// Construct ids are a contract: renaming one replaces the resource. These hold state or
// own what is running in the cluster.
describe("addresses of stateful resources", () => {
  test("us-east-1-platform", () => {
    const r = platform("us-east-1").resource;
    expect(Object.keys(r.helm_release).sort()).toEqual([
      "GpuOperator_Release_A6A60B2B", "Karpenter_Controller_74D17CE2", "Karpenter_Crds_8898C67F", "Karpenter_NodePools_6A9CDDA3",
      "KubeRay_Release_050D7CC8", "Monitoring_Release_FF43710B", "ObservabilityHub_Release_3033A16B", "Serving_Release_0628B238",
    ]);
    expect(Object.keys(r.kubernetes_namespace_v1).sort()).toEqual(["GpuOperator_Namespace_533AA4C3", "KubeRay_Namespace_E272388D", "Serving_Namespace_0A17DE41"]);
    expect(Object.keys(r.kubernetes_service_v1).sort()).toEqual(["Monitoring_Federation_LoadBalancer_57DFB83C", "ObservabilityHub_AlertmanagerPeer_LoadBalancer_5ED766F1", "ObservabilityHub_AlertmanagerPeer_Mesh_CB9E5E30", "Serving_Service_AF2C3817"]);
    expect(Object.keys(r.aws_iam_role)).toEqual(["Serving_ModelReader_Role_5C07231E"]);
    expect(Object.keys(r.terraform_data)).toEqual(["KubeRay_Crds_C1D67088"]);
  });
});

// One snapshot per platform stack of the live regions/, for plan-diff review.
describe("platform stack snapshots", () => {
  for (const region of liveConfig().regions) {
    test(`${region.name}-platform`, () => {
      expect(JSON.stringify(platform(region.name, liveConfig()), null, 2)).toMatchSnapshot();
    });
  }
});
