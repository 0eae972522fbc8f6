import { App } from "cdktf";
import type { PlatformConfig } from "../config/schema";
import { applyPolicies } from "../policies/aspect";
import { policyContext } from "../policies/context";
import { AwsClusterStack } from "./aws-cluster-stack";
import { GcpClusterStack } from "./gcp-cluster-stack";

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
  const app = new App({ outdir: opts.outdir, skipValidation: false });
  const localStateDir = opts.localStateDir ?? "../../..";
  for (const region of config.regions) {
    const props = { settings: config.settings, region, localStateDir };
    if (region.cloud === "aws") new AwsClusterStack(app, props);
    else new GcpClusterStack(app, props);
  }
  // Policies judge every stack of the app, also those added below this line (docs/policy.md).
  applyPolicies(app, { context: policyContext(config), suppressions: config.settings.suppressions });
  return app;
}
