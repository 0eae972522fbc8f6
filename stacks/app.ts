import { App } from "cdktf";
import type { PlatformConfig } from "../config/schema";
import { AwsClusterStack } from "./aws-cluster-stack";
import { GcpClusterStack } from "./gcp-cluster-stack";
import { GlobalStack } from "./global-stack";

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
 * Composes the whole platform from validated config: per region a cluster stack (and, as
 * the layers land, a platform stack), plus the global stack. Branches on the cloud here
 * and nowhere above.
 */
export function buildApp(config: PlatformConfig, opts: BuildAppOptions): App {
  // Stack traces in construct metadata cost time on every resource and appear in no output.
  const app = new App({ outdir: opts.outdir, stackTraces: false });
  const localStateDir = opts.localStateDir ?? "../../..";
  const clusterStacks = config.regions.map((region) => {
    const props = { settings: config.settings, region, localStateDir };
    return region.cloud === "aws" ? new AwsClusterStack(app, props) : new GcpClusterStack(app, props);
  });
  // Applied last: it reads every cluster stack's outputs from its state.
  const global = new GlobalStack(app, { settings: config.settings, regions: config.regions, localStateDir });
  for (const stack of clusterStacks) global.addDependency(stack);
  return app;
}
