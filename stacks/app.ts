import { App } from "cdktf";
import { stackNames } from "../config/names";
import type { PlatformConfig } from "../config/schema";
import { hubRegionNames } from "../config/hubs";
import { applyPolicies } from "../policies/aspect";
import { policyContext } from "../policies/context";
import { AwsClusterStack } from "./aws-cluster-stack";
import { GcpClusterStack } from "./gcp-cluster-stack";
import { GlobalStack } from "./global-stack";
import { PlatformStack } from "./platform-stack";
import { inStack } from "./stack-error";

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Where cdktf writes the stacks. */
  readonly outdir: string;
  /**
   * Local state folder relative to each stack's working directory.
   * @default "../../.." - the project root when outdir is `<project>/cdktf.out`
   */
  readonly localStateDir?: string;
}

/**
 * Composes the whole platform from validated config: per region a cluster stack and a
 * platform stack, plus the global stack, with the dependencies `cdktf deploy` orders by.
 * Branches on the cloud here and nowhere above.
 */
export function buildApp(config: PlatformConfig, opts: BuildAppOptions): App {
  // Stack traces in construct metadata cost time on every resource and appear in no output.
  // cdktf's validations would run `terraform version` once per terraform_data resource
  // (and fail synth where Terraform is not installed); synthesizePlatform runs the one
  // that matters, provider presence, itself.
  const app = new App({ outdir: opts.outdir, stackTraces: false, skipValidation: true });
  const localStateDir = opts.localStateDir ?? "../../..";
  const clusters = new Map(config.regions.map((region) => {
    const props = { settings: config.settings, region, localStateDir };
    const stack = inStack(stackNames.cluster(region.name), region.name, () =>
      region.cloud === "aws" ? new AwsClusterStack(app, props) : new GcpClusterStack(app, props));
    return [region.name, stack] as const;
  }));
  const hubs = hubRegionNames(config.settings);
  const regionStacks = config.regions.map((region) => {
    const cluster = clusters.get(region.name)!;
    const platform = inStack(stackNames.platform(region.name), region.name, () =>
      new PlatformStack(app, { settings: config.settings, region, regions: config.regions, localStateDir }));
    // The platform stack looks its cluster up by name, and reads the hub clusters' egress
    // addresses from their state: deploy must order them first.
    platform.addDependency(cluster);
    for (const hub of hubs) if (hub !== region.name) platform.addDependency(clusters.get(hub)!);
    return { cluster, platform };
  });
  // Applied last: it reads every cluster stack's outputs from its state, and its health
  // checks only pass once each region's serving Service (platform stack) exists.
  const global = inStack(stackNames.global, undefined, () => new GlobalStack(app, { settings: config.settings, regions: config.regions, localStateDir }));
  for (const { cluster, platform } of regionStacks) {
    global.addDependency(cluster);
    global.addDependency(platform);
  }
  // Policies judge every stack of the app, also those added below this line (docs/policy.md).
  applyPolicies(app, { context: policyContext(config), suppressions: config.settings.suppressions });
  return app;
}
