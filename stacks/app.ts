import { App, type TerraformStack } from "cdktf";
import type { Cloud } from "../catalog/cloud";
import { stackNames } from "../config/names";
import type { PlatformConfig } from "../config/schema";
import { spillSources } from "../config/spill";
import { hubRegionNames } from "../config/hubs";
import { applyPolicies } from "../policies/aspect";
import { policyContext } from "../policies/context";
import { AwsClusterStack } from "./aws-cluster-stack";
import { AzureClusterStack } from "./azure-cluster-stack";
import { GcpClusterStack } from "./gcp-cluster-stack";
import { GlobalStack } from "./global-stack";
import { PlatformStack } from "./platform-stack";
import { inStack } from "./stack-error";

/** What every cluster stack takes. */
type ClusterStackProps = ConstructorParameters<typeof AwsClusterStack>[1];

/**
 * Each cloud's cluster stack: the one place the app picks an implementation per cloud.
 * A cloud without one stops synth with one line naming it rather than being built as another.
 */
const CLUSTER_STACKS: Readonly<Record<Cloud, ((app: App, props: ClusterStackProps) => TerraformStack) | undefined>> = {
  aws: (app, props) => new AwsClusterStack(app, props),
  gcp: (app, props) => new GcpClusterStack(app, props),
  azure: (app, props) => new AzureClusterStack(app, props),
};

/** The cluster stack of a region, built by its cloud's implementation. */
export function clusterStack(app: App, props: ClusterStackProps): TerraformStack {
  const make = CLUSTER_STACKS[props.region.cloud];
  if (!make) throw new Error(`cloud ${JSON.stringify(props.region.cloud)} has no cluster stack yet: its regions validate, but synth cannot build them`);
  return make(app, props);
}

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
    const stack = inStack(stackNames.cluster(region.name), region.name, () => clusterStack(app, props));
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
    // It also admits the egress addresses of the regions that spill into it.
    for (const peer of spillSources(config.regions, region.name, `${config.settings.dns.recordName}.${config.settings.dns.zone}`)) {
      if (!hubs.includes(peer)) platform.addDependency(clusters.get(peer)!);
    }
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
