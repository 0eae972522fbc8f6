import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { hubRegionNames } from "../../config/hubs";
import type { PlatformConfig } from "../../config/schema";
import { ObservabilityHub, RegionalMonitoring } from "../../constructs/prometheus-federation";
import type { StackJson } from "../../policies";
import { endpointsOf } from "../../stacks/cloud-endpoints";
import { hubMonitoringProps, regionalMonitoringProps } from "../../stacks/monitoring-props";

/** Documentation-range stand-ins for the hubs' egress addresses (only synthesized, never applied). */
const PLACEHOLDER_EGRESS = ["192.0.2.10/32", "192.0.2.20/32"];

/** Documentation-range stand-ins for each hub's reserved peer address, in hub order. */
export const PLACEHOLDER_PEER_ADDRESSES = ["198.51.100.10", "198.51.100.20"];

/** The ObservabilityHub props the platform stack gives a hub region, with placeholder egress. */
export function hubProps(config: PlatformConfig, region: string) {
  const hubs = hubRegionNames(config.settings);
  const addressOf = (hub: string) => PLACEHOLDER_PEER_ADDRESSES[hubs.indexOf(hub)];
  const receiver = config.settings.observability.alertReceiver;
  if (!receiver) throw new Error("observability.alertReceiver is not set (validation should have caught this)");
  return {
    ...hubMonitoringProps(config.settings, config.regions),
    receiver,
    alertmanagerPeers: hubs.filter((h) => h !== region).map(addressOf),
    // The annotations the platform stack's ClusterAccess gives do not matter to this check.
    peerLoadBalancer: hubs.length > 1 ? { annotations: {}, address: addressOf(region) } : undefined,
    peerSourceCidrs: PLACEHOLDER_EGRESS.slice(0, 1),
    alertmanagerClusterLabel: `${config.settings.name}-alerts`,
  };
}

/**
 * Synthesizes the observability constructs of every region into `outdir`, one stack per
 * region as the platform stacks compose them, and returns each stack's JSON. Used until
 * (and besides) the platform stacks in cdktf.out carry them.
 */
export function synthObservability(config: PlatformConfig, outdir: string): Record<string, StackJson> {
  const app = new App({ outdir, skipValidation: false });
  const cluster = { host: "https://127.0.0.1:6443", token: "placeholder", clusterCaCertificate: "placeholder" };
  for (const region of config.regions) {
    const stack = new TerraformStack(app, `${region.name}-observability`);
    new KubernetesProvider(stack, "Kubernetes", cluster);
    new HelmProvider(stack, "Helm", { kubernetes: cluster });
    // The load balancer flavour the platform stack's ClusterAccess gives, from the same choice.
    const { loadBalancer } = endpointsOf(region);
    const regional = new RegionalMonitoring(stack, "Monitoring", { ...regionalMonitoringProps(config.settings, region), hubEgressCidrs: PLACEHOLDER_EGRESS, loadBalancer });
    if (hubRegionNames(config.settings).includes(region.name)) {
      new ObservabilityHub(stack, "ObservabilityHub", { ...hubProps(config, region.name), regionalMonitoring: regional });
    }
  }
  app.synth();
  return readStacks(outdir);
}

/** Every `stacks/<name>/cdk.tf.json` under a cdktf output folder, by stack name; none when absent. */
export function readStacks(outdir: string): Record<string, StackJson> {
  const dir = path.join(outdir, "stacks");
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, StackJson> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, "cdk.tf.json");
    if (fs.existsSync(file)) out[name] = JSON.parse(fs.readFileSync(file, "utf8"));
  }
  return out;
}
