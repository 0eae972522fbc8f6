import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import type { TerraformStack } from "cdktf";
import { defaultConfig } from "../../helpers";
import { clusterStackView, editedRegion, smallStackView } from "../fixtures";
import { diffStack, diffStacks, expandForDiff, failingFindings, flatten, MASKED, maskValue, rulePath } from "../../../tools/plan-diff/diff";
import type { StackView } from "../../../tools/lib/terraform-json";

const usEast = clusterStackView(editedRegion("us-east-1"));
const asia = clusterStackView(editedRegion("asia-south1"));
const POOL = "google_container_node_pool.Gke_GpuPools_l4_NodePool_0DB92313";

describe("plan-diff on synthesized stacks", () => {
  test("an unchanged stack has no changes and no findings", () => {
    const d = diffStack("us-east-1-cluster", usEast, clusterStackView(editedRegion("us-east-1")));
    expect(d.status).toBe("unchanged");
    expect(d.changes).toEqual([]);
    expect(d.findings).toEqual([]);
  });

  // The construct id of a pool is its name: renaming the pool changes the Terraform address,
  // so Terraform destroys the node pool (and its nodes) and creates a new one. (On EKS, GPU
  // pools are Karpenter NodePools in the platform stack; GKE keeps node pools.)
  test("renaming a GPU pool is flagged as destroying the node pool, with the rename named", () => {
    const renamed = clusterStackView(editedRegion("asia-south1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, name: "l4main" } : p));
      r.models = r.models.map((m) => (m.pool === "l4" ? { ...m, pool: "l4main" } : m));
    }));
    const d = diffStack("asia-south1-cluster", asia, renamed);
    const destroy = d.findings.filter((f) => f.kind === "destroy");
    expect(destroy.map((f) => f.address)).toEqual([POOL]);
    expect(destroy[0].message).toMatch(/GKE node pool `google_container_node_pool.Gke_GpuPools_l4_NodePool_0DB92313` is destroyed\. Looks like a rename to `google_container_node_pool.Gke_GpuPools_l4main_NodePool_[0-9A-F]+`/);
    expect(failingFindings([d], ["destroy"]).length).toBeGreaterThan(0);
    expect(failingFindings([d], ["dns"])).toEqual([]);
  });

  // Renaming the platform changes every physical name; EKS cannot rename a cluster in
  // place, so the whole region is rebuilt. The report must say why.
  test("a new platform name replaces the EKS cluster and the model bucket, naming the forcing attribute", () => {
    const settings = { ...defaultConfig().settings, name: "llmq" };
    const d = diffStack("us-east-1-cluster", usEast, clusterStackView(editedRegion("us-east-1"), settings));
    const replaced = d.findings.filter((f) => f.kind === "replace");
    expect(replaced.map((f) => f.address)).toEqual(expect.arrayContaining([
      "aws_eks_cluster.Eks_Cluster_9EEA9CA8",
      "aws_s3_bucket.ModelStore_Bucket_0621ADAD",
    ]));
    const cluster = replaced.find((f) => f.address === "aws_eks_cluster.Eks_Cluster_9EEA9CA8")!;
    expect(cluster.message).toContain('`name` "llmp-us-east-1" -> "llmq-us-east-1"');
    expect(failingFindings([d], ["replace"]).length).toBe(replaced.length);
  });

  // Scaling down is an in-place update, but the region loses serving capacity.
  test("lowering maxNodes is an in-place update flagged as GPU capacity down", () => {
    const smaller = clusterStackView(editedRegion("asia-south1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, maxNodes: 2 } : p));
    }));
    const d = diffStack("asia-south1-cluster", asia, smaller);
    expect(d.changes.map((c) => [c.address, c.action])).toEqual([[POOL, "update"]]);
    const down = d.findings.filter((f) => f.kind === "gpu-down");
    expect(down).toHaveLength(1);
    expect(down[0].message).toMatch(/^GPU capacity goes down: max \d+ -> \d+ GPUs/);
    expect(d.costAfter.monthlyMax).toBeLessThan(d.costBefore.monthlyMax);
  });

  test("raising maxNodes is flagged as a raised GPU capacity limit", () => {
    const bigger = clusterStackView(editedRegion("asia-south1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => (p.name === "l4" ? { ...p, maxNodes: 8 } : p));
    }));
    const d = diffStack("asia-south1-cluster", asia, bigger);
    expect(d.findings.map((f) => f.kind)).toEqual(["gpu-up"]);
    expect(d.findings[0].message).toMatch(/^GPU capacity limit goes up: max (\d+) -> (\d+) GPUs\.$/);
  });

  // On GKE the spot flag sits in node_config; changing it recreates the node pool.
  test("switching a GKE pool to spot replaces the node pool", () => {
    const base = clusterStackView(editedRegion("asia-south1"));
    const spot = clusterStackView(editedRegion("asia-south1", (r) => {
      r.gpuPools = r.gpuPools.map((p) => ({ ...p, capacityType: "spot" }));
    }));
    const d = diffStack("asia-south1-cluster", base, spot);
    const pool = d.findings.find((f) => f.kind === "replace");
    expect(pool?.message).toContain("GKE node pool `google_container_node_pool.Gke_GpuPools_l4_NodePool_0DB92313` is REPLACED");
    expect(pool?.message).toContain("`node_config.spot` false -> true");
  });

  test("a stack that appears or goes is reported with all its resources", () => {
    const [added, removed] = [diffStacks([], [usEast])[0], diffStacks([usEast], [])[0]];
    expect(added.status).toBe("added");
    expect(added.changes.every((c) => c.action === "create")).toBe(true);
    expect(removed.status).toBe("removed");
    // Removing the stack destroys its cluster, pools, key and bucket: each is flagged.
    expect(removed.findings.filter((f) => f.kind === "destroy").map((f) => f.address)).toEqual(expect.arrayContaining([
      "aws_eks_cluster.Eks_Cluster_9EEA9CA8", "aws_kms_key.Key_43586C89", "aws_s3_bucket.ModelStore_Bucket_0621ADAD",
    ]));
    // The cluster stack of an EKS region holds no GPU capacity any more (Karpenter's is in the platform stack).
    expect(diffStacks([asia], [])[0].findings.some((f) => f.kind === "gpu-down")).toBe(true);
  });

  test("a provider version bump is flagged", () => {
    const bumped: StackView = { ...usEast, providerVersions: { ...usEast.providerVersions, aws: "5.101.0" } };
    const d = diffStack("us-east-1-cluster", usEast, bumped);
    expect(d.status).toBe("changed");
    expect(d.findings).toEqual([{ kind: "version", stack: "us-east-1-cluster", message: "provider `aws`: 5.100.0 -> 5.101.0." }]);
  });
});

/** A small global-layer stand-in: a Route53 failover record with its health check. */
function dnsStack(failureThreshold: number, setIdentifier: string): StackView {
  return smallStackView("global", (s: TerraformStack) => {
    new AwsProvider(s, "aws", { region: "us-east-1" });
    const hc = new Route53HealthCheck(s, "Health", { type: "HTTPS", fqdn: "us-east-1.llm.example.com", resourcePath: "/-/healthz", failureThreshold, requestInterval: 10 });
    new Route53Record(s, "Primary", {
      zoneId: "Z123", name: "api.llm.example.com", type: "A", setIdentifier, healthCheckId: hc.id,
      failoverRoutingPolicy: { type: "PRIMARY" }, records: ["192.0.2.10"], ttl: 10,
    });
  });
}

/** A small platform-layer stand-in: one helm release with values YAML and a sensitive value. */
function helmStack(version: string, password: string, imageTag = "v1.2.0"): StackView {
  return smallStackView("us-east-1-platform", (s: TerraformStack) => {
    new HelmProvider(s, "helm", { kubernetes: { configPath: "~/.kube/config" } });
    new Release(s, "Prometheus", {
      name: "kube-prometheus-stack", repository: "https://prometheus-community.github.io/helm-charts", chart: "kube-prometheus-stack", version,
      values: [`prometheus:\n  image:\n    tag: ${imageTag}\ngrafana:\n  adminPassword: ${password}-in-values\n`],
      setSensitive: [{ name: "grafana.adminPassword", value: password }],
    });
    new SecretV1(s, "Token", { metadata: { name: "federation" }, data: { payload: `${password}-secret` } });
  });
}

describe("plan-diff on other layers' resource types", () => {
  // A health-check threshold change moves the failover time: reviewers must see it.
  test("a Route53 health check or failover record change is a DNS finding", () => {
    const d = diffStack("global", dnsStack(2, "us-east-1"), dnsStack(3, "us-east-1-a"));
    expect(d.findings.filter((f) => f.kind === "dns").map((f) => f.message)).toEqual([
      "2 DNS routing records or health checks are changed: `aws_route53_health_check.Health`, `aws_route53_record.Primary`.",
    ]);
  });

  test("a single DNS change names its resource; a removed stack's records make one line", () => {
    const d = diffStacks([dnsStack(2, "us-east-1")], [])[0];
    expect(d.findings.filter((f) => f.kind === "dns")[0]).toEqual({
      kind: "dns", stack: "global", message: "2 DNS routing records or health checks are removed: `aws_route53_health_check.Health`, `aws_route53_record.Primary`.",
    });
    const one = diffStack("global", dnsStack(2, "us-east-1"), dnsStack(3, "us-east-1"));
    expect(one.findings.filter((f) => f.kind === "dns")).toEqual([{ kind: "dns", stack: "global", address: "aws_route53_health_check.Health", message: "DNS routing or health check `aws_route53_health_check.Health` is changed." }]);
  });

  test("a chart version bump is a version finding and a changed secret is masked on both sides", () => {
    const d = diffStack("us-east-1-platform", helmStack("88.5.3", "old-pass"), helmStack("88.6.0", "new-pass"));
    expect(d.findings).toEqual([{ kind: "version", stack: "us-east-1-platform", address: "helm_release.Prometheus", message: '`helm_release.Prometheus` `version`: "88.5.3" -> "88.6.0".' }]);
    const secret = d.changes[0].attributes.find((a) => a.path.startsWith("set_sensitive"));
    // Helm `set` entries are matched by their name, not their position.
    expect(secret).toEqual({ path: 'set_sensitive[name="grafana.adminPassword"].value', before: MASKED, after: MASKED, forcesReplacement: false });
    expect(JSON.stringify(d)).not.toMatch(/old-pass|new-pass/);
  });

  // Helm values are YAML documents: the report must point at the changed key, not at two blobs.
  test("a changed image tag inside Helm values shows at its path and is a version finding", () => {
    const d = diffStack("us-east-1-platform", helmStack("88.5.3", "p"), helmStack("88.5.3", "p", "v1.3.0"));
    expect(d.changes).toEqual([{
      address: "helm_release.Prometheus", type: "helm_release", action: "update",
      attributes: [{ path: "values[0].prometheus.image.tag", before: "v1.2.0", after: "v1.3.0", forcesReplacement: false }],
      name: "kube-prometheus-stack", createBeforeDestroy: false,
    }]);
    expect(d.findings.map((f) => f.message)).toEqual(['`helm_release.Prometheus` `values[0].prometheus.image.tag`: "v1.2.0" -> "v1.3.0".']);
  });

  test("secrets in Helm values and Kubernetes secret data are masked", () => {
    const d = diffStack("us-east-1-platform", helmStack("88.5.3", "old-pass"), helmStack("88.5.3", "new-pass"));
    const paths = Object.fromEntries(d.changes.flatMap((c) => c.attributes.map((a) => [`${c.address} ${a.path}`, [a.before, a.after]])));
    expect(paths["helm_release.Prometheus values[0].grafana.adminPassword"]).toEqual([MASKED, MASKED]);
    expect(paths["kubernetes_secret_v1.Token data.payload"]).toEqual([MASKED, MASKED]);
    expect(JSON.stringify(d)).not.toMatch(/old-pass|new-pass/);
  });
});

describe("plan-diff helpers", () => {
  test("lists of objects with a unique job_name, set_identifier or name are keyed by it", () => {
    const jobs = (names: string[]) => ({ scrape: names.map((n) => ({ job_name: n, honor_labels: true })) });
    expect([...flatten(jobs(["a", "b"])).keys()]).toEqual([
      'scrape[job_name="a"].job_name', 'scrape[job_name="a"].honor_labels', 'scrape[job_name="b"].job_name', 'scrape[job_name="b"].honor_labels',
    ]);
    // Duplicate or missing identities fall back to positions.
    expect([...flatten({ l: [{ name: "x" }, { name: "x" }] }).keys()]).toEqual(["l[0].name", "l[1].name"]);
    expect(rulePath('scrape[job_name="a"].honor_labels')).toBe("scrape.honor_labels");
  });

  test("an element keyed by identity is masked when Terraform marks any element of its list", () => {
    expect(maskValue('set_sensitive[name="a"].value', "v", { set_sensitive: [{}, { value: true }] })).toBe(MASKED);
    expect(maskValue('set[name="a"].value', "v", { set: [{}, {}] })).toBe("v");
  });

  test("embedded JSON and multi-line YAML strings are parsed; plain strings stay", () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"] }] });
    expect([...flatten(expandForDiff("aws_iam_policy", { policy })).entries()]).toEqual([
      ["policy.Version", "2012-10-17"], ['policy.Statement[Sid="Read"].Sid', "Read"], ['policy.Statement[Sid="Read"].Effect', "Allow"], ['policy.Statement[Sid="Read"].Action[0]', "s3:GetObject"],
    ]);
    expect(expandForDiff("x", { a: "one line: not a document", b: "${var.x}" })).toEqual({ a: "one line: not a document", b: "${var.x}" });
  });

  test("flatten names leaves by path, quoting keys that are not identifiers", () => {
    expect([...flatten({ a: { b: [1, { c: 2 }] }, labels: { "x.io/y": "z" }, e: [] }).entries()]).toEqual([
      ["a.b[0]", 1], ["a.b[1].c", 2], ['labels["x.io/y"]', "z"], ["e", []],
    ]);
  });

  test("rule paths drop list indices so cdk.tf.json objects and plan lists match the same rule", () => {
    expect(rulePath("node_config[0].guest_accelerator[0].type")).toBe("node_config.guest_accelerator.type");
    expect(rulePath('labels["x.io/y"]')).toBe("labels.x.io/y");
  });

  test("values are masked by attribute name, by Terraform's marks and by their look", () => {
    expect(maskValue("master_password", "hunter2")).toBe(MASKED);
    expect(maskValue("settings[0].value", "plain", { settings: [{ value: true }] })).toBe(MASKED);
    expect(maskValue("settings[1].value", "plain", { settings: [{ value: true }, {}] })).toBe("plain");
    expect(maskValue("user_data", "-----BEGIN RSA PRIVATE KEY-----\nabc")).toBe(MASKED);
    expect(maskValue("instance_types[0]", "g6.12xlarge")).toBe("g6.12xlarge");
  });
});
