// Brings cdktf's jest matcher types (toHaveResourceWithProperties) into the type check.
import type {} from "cdktf/lib/testing/adapters/jest";
import { Testing, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { parse } from "yaml";
import type { RegionConfig } from "../../../config/schema";
import type { ClusterLoadBalancer } from "../../../constructs/contracts";
import { ObservabilityHub, RegionalMonitoring } from "../../../constructs/prometheus-federation";
import { endpointsOf } from "../../../stacks/cloud-endpoints";
import { regionalMonitoringProps } from "../../../stacks/monitoring-props";
import { hubRegionNames } from "../../../config/hubs";
import { hubProps } from "../../../tools/prometheus-check/synth";
import { defaultConfig } from "../../helpers";
import { crdValidator as referenceCrdValidator, REFERENCE_DIR } from "../../reference";

/** The vendored upstream reference data (CRDs, chart defaults): `reference/` at the repository root. */
export const REFERENCE = REFERENCE_DIR;

/** Dummy hub egress CIDRs (documentation range). */
export const HUB_EGRESS = ["192.0.2.10/32", "192.0.2.11/32"];

/** The load balancer flavour of the region's cloud, through the one cloud-to-endpoints choice the stacks make. */
export function loadBalancerOf(region: Pick<RegionConfig, "cloud">): ClusterLoadBalancer {
  return endpointsOf(region).loadBalancer;
}

/** A stack with helm and kubernetes providers configured from dummy values, as a platform stack would be. */
export function platformLikeStack(name = "test-platform"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), name);
  const cluster = { host: "https://127.0.0.1:6443", token: "dummy", clusterCaCertificate: "dummy" };
  new KubernetesProvider(stack, "Kubernetes", cluster);
  new HelmProvider(stack, "Helm", { kubernetes: cluster });
  return stack;
}

let cachedHub: { stack: TerraformStack; regional: RegionalMonitoring; hub: ObservabilityHub } | undefined;

/** The hub region's stack with its regional monitoring and the hub (built once per test file; do not mutate). */
export function hubStack(): { stack: TerraformStack; regional: RegionalMonitoring; hub: ObservabilityHub } {
  cachedHub ??= buildHubStack();
  return cachedHub;
}

function buildHubStack(): { stack: TerraformStack; regional: RegionalMonitoring; hub: ObservabilityHub } {
  const config = defaultConfig();
  const { settings, regions } = config;
  const region = regions.find((r) => r.name === hubRegionNames(settings)[0])!;
  const stack = platformLikeStack(`${region.name}-platform`);
  const regional = new RegionalMonitoring(stack, "Monitoring", { ...regionalMonitoringProps(settings, region), hubEgressCidrs: HUB_EGRESS, loadBalancer: loadBalancerOf(region) });
  const hub = new ObservabilityHub(stack, "ObservabilityHub", { ...hubProps(config, region.name), regionalMonitoring: regional });
  return { stack, regional, hub };
}

type SynthJson = { resource: Record<string, Record<string, Record<string, any>>> };
const synthCache = new WeakMap<TerraformStack, string>();

/** The synthesized JSON of a stack as text (synthesized once per stack; synth is the slow part). */
export function synthText(stack: TerraformStack): string {
  let text = synthCache.get(stack);
  if (text === undefined) {
    text = Testing.synth(stack);
    synthCache.set(stack, text);
  }
  return text;
}

/** The parsed synthesized JSON of a stack (a fresh copy each call, safe to edit). */
export function synthesized(stack: TerraformStack): SynthJson {
  return JSON.parse(synthText(stack));
}

/** The values (first values document) of the helm_release with the given name. */
export function releaseValues(stack: TerraformStack, releaseName: string): any {
  const releases = Object.values(synthesized(stack).resource.helm_release ?? {});
  const release = releases.find((r) => r.name === releaseName);
  if (!release) throw new Error(`no helm_release named ${releaseName}; have ${releases.map((r) => r.name).join(", ")}`);
  return parse(release.values[0]);
}

/**
 * A validator for the `v1` schema of a prometheus-operator CRD under reference/crds (the
 * version they serve), rejecting unknown fields: one line per error, none when valid.
 */
export function crdValidator(file: string): (obj: unknown) => string[] {
  const validate = referenceCrdValidator(file, "v1");
  return (obj) => (validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
