import * as fs from "fs";
import { projectRoot } from "../lib/project";
import { parsePlanDiffArgs, USAGE, UsageError, type PlanDiffArgs } from "./args";
import { diffPlan, diffStacks, failingFindings, type PlanJson, type StackDiff } from "./diff";
import type { ColdStartBudgetRecord } from "../../config/cold-start-budget";
import { readColdStartBudget, withColdStartBudget } from "./cold-start-budget";
import { formatReport } from "./report";
import { readOutdir, resolveBase, synthAtCommit, synthWorkingTree } from "./synth";

/**
 * `npm run plan-diff`: prints a Markdown plan diff for a pull request (see USAGE and
 * docs/tooling.md). Progress goes to stderr, the report to stdout or to the `--out` file only.
 * Exit: 0, 1 when a `--fail-on` finding exists, 2 on a usage or runtime error.
 */
function run(args: PlanDiffArgs): { diffs: StackDiff[]; title: string } {
  const progress = (msg: string) => process.stderr.write(`plan-diff: ${msg}\n`);
  switch (args.mode) {
    case "plans":
      return {
        title: `${args.plans.length} Terraform plan(s)`,
        diffs: args.plans.map((p, i) => {
          progress(`[${i + 1}/${args.plans.length}] ${p.stack}: reading ${p.file}`);
          return diffPlan(p.stack, JSON.parse(fs.readFileSync(p.file, "utf8")) as PlanJson);
        }),
      };
    case "dirs":
      progress(`reading ${args.baseDir} and ${args.headDir}`);
      return {
        title: `\`${args.baseDir}\` -> \`${args.headDir}\``,
        diffs: withColdStartBudget(diffStacks(readOutdir(args.baseDir), readOutdir(args.headDir)), readColdStartBudget(args.baseDir), readColdStartBudget(args.headDir)),
      };
    case "git": {
      const root = projectRoot(__dirname);
      const base = resolveBase(root, args.base);
      const short = base.sha.slice(0, 10);
      progress(`[1/3] synthesizing base ${short} (${base.label}) in a temporary git worktree`);
      let baseColdStart: ColdStartBudgetRecord | undefined;
      let headColdStart: ColdStartBudgetRecord | undefined;
      const baseStacks = synthAtCommit(root, base.sha, (dir) => (baseColdStart = readColdStartBudget(dir)));
      progress(`[2/3] synthesizing the working tree`);
      const headStacks = synthWorkingTree(root, (dir) => (headColdStart = readColdStartBudget(dir)));
      const names = new Set([...baseStacks, ...headStacks].map((s) => s.name));
      progress(`[3/3] diffing ${names.size} stack(s)`);
      return { title: `base \`${short}\` (${base.label}) -> working tree`, diffs: withColdStartBudget(diffStacks(baseStacks, headStacks), baseColdStart, headColdStart) };
    }
  }
}

function main(argv: readonly string[]): number {
  let args: PlanDiffArgs;
  try {
    args = parsePlanDiffArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`plan-diff: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const { diffs, title } = run(args);
    const failing = failingFindings(diffs, args.failOn);
    const report = formatReport(diffs, { title, failing });
    // --out writes the file only, so stdout stays clean for a redirect or a pipe.
    if (args.out) fs.writeFileSync(args.out, report);
    else process.stdout.write(report);
    return failing.length > 0 ? 1 : 0;
  } catch (e) {
    process.stderr.write(`plan-diff: FAILED: ${(e as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
