import { Testing, TerraformStack } from "cdktf";
import { defaultAppStacks } from "../shared-synth";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { StackJson } from "../../policies/types";

/**
 * Fixtures for the platform-layer rules, synthesized with the real provider classes so the
 * attribute names are the ones Terraform reads. Every resource here complies; tests break
 * one attribute at a time. The stack is named like a platform stack so the public-serving
 * context applies to it.
 */
export const FIXTURE_STACK = "fixture-platform";

const limits = { cpu: "500m", memory: "512Mi" };
const podSpec = (container: Record<string, unknown>) => ({
  securityContext: { runAsNonRoot: true, runAsUser: 1000 },
  containers: [{ name: "main", image: "rayproject/ray:2.49.1", resources: { limits }, ...container }],
});

/** The compliant fixture stack's final Terraform JSON. */
export function platformFixture(): StackJson {
  const stack = new TerraformStack(Testing.app(), FIXTURE_STACK);
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  new Release(stack, "GpuOperator", {
    name: "gpu-operator",
    repository: "https://helm.ngc.nvidia.com/nvidia",
    chart: "gpu-operator",
    version: "v25.3.0",
    namespace: "gpu-operator",
    atomic: true,
    cleanupOnFail: true,
    timeout: 900,
    maxHistory: 10,
  });
  new ServiceV1(stack, "ServingService", {
    metadata: { name: "serving", namespace: "serving" },
    spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["198.51.100.0/24"], port: [{ port: 443, targetPort: "8000" }] },
  });
  new ServiceV1(stack, "FederationService", {
    metadata: { name: "federation", namespace: "monitoring" },
    spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.10/32"], port: [{ port: 443, targetPort: "9090" }] },
  });
  new ServiceV1(stack, "AlertmanagerPeerService", {
    metadata: { name: "alertmanager-peer", namespace: "monitoring-hub" },
    spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.20/32"], port: [{ port: 9094, targetPort: "9094" }] },
  });
  new DeploymentV1(stack, "Router", {
    metadata: { name: "router", namespace: "serving" },
    spec: {
      selector: { matchLabels: { app: "router" } },
      template: {
        metadata: { labels: { app: "router" } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: "1000" },
          container: [{ name: "router", image: "nginx:1.27.3", resources: { limits } }],
        },
      },
    },
  });
  new Manifest(stack, "RayService", {
    manifest: {
      apiVersion: "ray.io/v1",
      kind: "RayService",
      metadata: { name: "llama-8b", namespace: "serving" },
      spec: {
        rayClusterConfig: {
          headGroupSpec: { template: { spec: podSpec({ name: "ray-head" }) } },
          workerGroupSpecs: [{ groupName: "gpu", template: { spec: podSpec({ name: "ray-worker" }) } }],
        },
      },
    },
  });
  // The GPU Operator's driver DaemonSet: privileged and root by necessity, exempt by name.
  new Manifest(stack, "DriverDaemonSet", {
    manifest: {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "nvidia-driver-daemonset", namespace: "gpu-operator" },
      spec: { template: { spec: { containers: [{ name: "driver", image: "nvcr.io/nvidia/driver:570.172.08", resources: { limits }, securityContext: { privileged: true } }] } } },
    },
  });
  return stack.toTerraform() as StackJson;
}

/** The global stack's name in fixtures. */
export const GLOBAL_FIXTURE_STACK = "fixture-global";

/**
 * A compliant global-layer fixture: a health-checked Route53 failover record and Cloud DNS
 * WRR record, and the federation endpoint's ingress rules on both clouds, open only to the
 * hub's egress address.
 */
export function globalFixture(): StackJson {
  const stack = new TerraformStack(Testing.app(), GLOBAL_FIXTURE_STACK);
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new GoogleProvider(stack, "google", { project: "llm-platform-demo" });
  const hc = new Route53HealthCheck(stack, "PrimaryHealth", {
    fqdn: "us-east-1.llm.example.com", type: "HTTPS", resourcePath: "/-/healthz", port: 443, requestInterval: 10, failureThreshold: 2,
  });
  new Route53Record(stack, "PrimaryRecord", {
    zoneId: "Z123", name: "api.llm.example.com", type: "A", ttl: 10, records: ["192.0.2.10"],
    setIdentifier: "us-east-1", failoverRoutingPolicy: { type: "PRIMARY" }, healthCheckId: hc.id,
  });
  new DnsRecordSet(stack, "WeightedRecord", {
    managedZone: "llm", name: "api.llm.example.com.", type: "A", ttl: 10,
    routingPolicy: {
      healthCheck: "projects/llm-platform-demo/global/healthChecks/api",
      wrr: [{ weight: 1, healthCheckedTargets: { externalEndpoints: ["192.0.2.10"] } }],
    },
  });
  new SecurityGroupRule(stack, "FederationIngress", {
    type: "ingress", securityGroupId: "sg-0123456789abcdef0", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["203.0.113.10/32"],
  });
  new ComputeFirewall(stack, "FederationFirewall", {
    name: "federation-from-hub", network: "llmp-asia-south1", direction: "INGRESS", sourceRanges: ["203.0.113.10/32"], allow: [{ protocol: "tcp", ports: ["443"] }],
  });
  return stack.toTerraform() as StackJson;
}

/** The one resource of `type` whose logical id starts with `prefix`, for a test to break. */
export function resourceIn(json: StackJson, type: string, prefix: string): Record<string, unknown> {
  const byId = json.resource?.[type] ?? {};
  const ids = Object.keys(byId).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(", ") || "none"}`);
  return byId[ids[0]];
}

/** The final Terraform JSON of every stack of the default topology, by stack name. */
export function defaultStacks(): Record<string, StackJson> {
  return defaultAppStacks();
}
