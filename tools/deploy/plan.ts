import { deployOrder, type CdktfManifest } from "../stacks/order";

/**
 * What `npm run deploy` runs: the stacks of a region (or all of them) with every stack
 * they depend on, in apply order, as one `cdktf deploy` command. `cdktf deploy` refuses a
 * stack list that leaves out a dependency ("dependencies are not included in the stacks
 * to run"), so the list is closed over the manifest's dependencies. Pure.
 */

/** What to deploy: one region's stacks, the global stack, or everything. */
export type DeployTarget = { readonly kind: "region"; readonly region: string } | { readonly kind: "global" } | { readonly kind: "all" };

/** The deploy: stacks in apply order and the exact command. */
export interface DeployPlan {
  /** Stacks `cdktf deploy` applies, in the order it applies them. */
  readonly stacks: readonly string[];
  /** Stacks included only because a target stack depends on them: cdktf applies whatever is pending in them too. */
  readonly dependencies: readonly string[];
  /** argv of the command, starting with `npx`. */
  readonly command: readonly string[];
}

/** Thrown when the target names no stack; the message lists what exists. */
export class DeployTargetError extends Error {}

/** The target stacks before closing over dependencies. */
function targetStacks(manifest: CdktfManifest, target: DeployTarget): string[] {
  const order = deployOrder(manifest);
  if (target.kind === "all") return order;
  if (target.kind === "global") return order.filter((s) => s === "global");
  return order.filter((s) => s.startsWith(`${target.region}-`));
}

/**
 * The deploy of a target: its stacks plus their transitive dependencies, in apply order,
 * and the `cdktf deploy` command that applies them (`--auto-approve` only when asked).
 */
export function deployPlan(manifest: CdktfManifest, target: DeployTarget, opts: { readonly autoApprove?: boolean } = {}): DeployPlan {
  const wanted = targetStacks(manifest, target);
  if (wanted.length === 0) {
    const regions = [...new Set(deployOrder(manifest).filter((s) => s !== "global").map((s) => s.replace(/-[a-z]+$/, "")))];
    throw new DeployTargetError(`deploy: no stack for ${JSON.stringify(target.kind === "region" ? target.region : target.kind)}; must be one of ${[...regions, "global", "--all"].join(", ")}`);
  }
  const closed = new Set<string>();
  const visit = (s: string) => {
    if (closed.has(s)) return;
    closed.add(s);
    for (const d of manifest.stacks[s]?.dependencies ?? []) if (d in manifest.stacks) visit(d);
  };
  wanted.forEach(visit);
  const stacks = deployOrder(manifest).filter((s) => closed.has(s));
  return {
    stacks,
    dependencies: stacks.filter((s) => !wanted.includes(s)),
    command: ["npx", "cdktf", "deploy", ...(opts.autoApprove ? ["--auto-approve"] : []), ...stacks],
  };
}

/** Parses `npm run deploy -- <region>|global|--all [--dry-run] [--auto-approve]`. */
export function parseDeployArgs(argv: readonly string[]): { target: DeployTarget; dryRun: boolean; autoApprove: boolean } {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const unknown = [...flags].filter((f) => !["--all", "--dry-run", "--auto-approve"].includes(f));
  const names = argv.filter((a) => !a.startsWith("--"));
  const problems: string[] = [];
  if (unknown.length > 0) problems.push(`unknown flag(s) ${unknown.join(", ")}: allowed are --all, --dry-run, --auto-approve`);
  if (names.length + (flags.has("--all") ? 1 : 0) !== 1) problems.push(`must name exactly one region, global or --all, got ${JSON.stringify(argv.join(" "))}`);
  if (problems.length > 0) throw new DeployTargetError(`deploy: ${problems.join("; ")}`);
  const target: DeployTarget = flags.has("--all") ? { kind: "all" } : names[0] === "global" ? { kind: "global" } : { kind: "region", region: names[0] };
  return { target, dryRun: flags.has("--dry-run"), autoApprove: flags.has("--auto-approve") };
}
