import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { PlatformConfig } from "../../config/schema";
import { ObservabilityHub, RegionalMonitoring } from "../../constructs/prometheus-federation";
import type { StackJson } from "./rendered";

/** Documentation-range stand-ins for the hub's egress addresses (only synthesized, never applied). */
const PLACEHOLDER_EGRESS = ["192.0.2.10/32"];

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
    const regional = new RegionalMonitoring(stack, "Monitoring", { settings: config.settings, region, hubEgressCidrs: PLACEHOLDER_EGRESS });
    if (region.observabilityHub) {
      new ObservabilityHub(stack, "ObservabilityHub", { settings: config.settings, regions: config.regions, regionalMonitoring: regional });
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
