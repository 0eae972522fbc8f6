import { FINDING_KINDS, type FindingKind } from "./rules";

/** What `npm run plan-diff` was asked to do. */
export type PlanDiffArgs =
  | { readonly mode: "git"; readonly base?: string; readonly failOn: readonly FindingKind[]; readonly out?: string }
  | { readonly mode: "dirs"; readonly baseDir: string; readonly headDir: string; readonly failOn: readonly FindingKind[]; readonly out?: string }
  | { readonly mode: "plans"; readonly plans: readonly { readonly stack: string; readonly file: string }[]; readonly failOn: readonly FindingKind[]; readonly out?: string };

/** The usage text, shown on a usage error. */
export const USAGE = `usage:
  npm run plan-diff -- [--base <git-ref>] [--fail-on <kinds>] [--out <file>]
      synthesize <git-ref> (default: the merge base with main) in a temporary git worktree and
      the working tree, and compare them
  npm run plan-diff -- --base-dir <cdktf.out> --head-dir <cdktf.out> [...]
      compare two synthesized output folders
  npm run plan-diff -- --plan [<stack>=]<plan.json> [--plan ...] [...]
      summarize \`terraform show -json\` plans (stack name defaults to the file name)
  --fail-on: comma-separated, from ${FINDING_KINDS.join(", ")}; exit 1 when such a finding exists`;

/** Thrown on bad arguments; the message names the argument, what is allowed and what was given. */
export class UsageError extends Error {}

function stackOfPlanFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.json$/, "").replace(/\.(tfplan|plan)$/, "");
}

/** Parses the command line (after `--`). */
export function parsePlanDiffArgs(argv: readonly string[]): PlanDiffArgs {
  let base: string | undefined;
  let baseDir: string | undefined;
  let headDir: string | undefined;
  let out: string | undefined;
  let failOn: FindingKind[] = [];
  const plans: { stack: string; file: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag}: needs a value, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      return v;
    };
    switch (flag) {
      case "--base": base = value(); break;
      case "--base-dir": baseDir = value(); break;
      case "--head-dir": headDir = value(); break;
      case "--out": out = value(); break;
      case "--plan": {
        const v = value();
        const eq = v.indexOf("=");
        plans.push(eq > 0 ? { stack: v.slice(0, eq), file: v.slice(eq + 1) } : { stack: stackOfPlanFile(v), file: v });
        break;
      }
      case "--fail-on": {
        const kinds = value().split(",").map((s) => s.trim()).filter(Boolean);
        const bad = kinds.filter((k) => !(FINDING_KINDS as readonly string[]).includes(k));
        if (bad.length > 0) throw new UsageError(`--fail-on: must be a comma-separated list of ${FINDING_KINDS.join(", ")}, got ${JSON.stringify(bad.join(","))}`);
        failOn = kinds as FindingKind[];
        break;
      }
      default:
        throw new UsageError(`unknown argument: must be one of --base, --base-dir, --head-dir, --plan, --fail-on, --out, got ${JSON.stringify(flag)}`);
    }
  }
  const modes = [base !== undefined, baseDir !== undefined || headDir !== undefined, plans.length > 0].filter(Boolean).length;
  if (modes > 1) throw new UsageError(`--base, --base-dir/--head-dir and --plan: must use one of them, got ${modes}`);
  if (plans.length > 0) return { mode: "plans", plans, failOn, out };
  if (baseDir !== undefined || headDir !== undefined) {
    if (!baseDir || !headDir) throw new UsageError(`--base-dir and --head-dir: must be given together, got only ${baseDir ? "--base-dir" : "--head-dir"}`);
    return { mode: "dirs", baseDir, headDir, failOn, out };
  }
  return { mode: "git", base, failOn, out };
}
