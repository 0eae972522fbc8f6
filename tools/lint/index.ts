import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../lib/project";
import { formatViolation, lintSource, type LintViolation } from "./rules";

/** The folders `npm run lint` reads, relative to the project root. */
export const LINT_ROOTS = ["main.ts", "config", "catalog", "constructs", "stacks", "regions", "tools", "policies", "test"];

/** Every `.ts` file under {@link LINT_ROOTS}, project-relative and sorted. */
export function lintFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const name of fs.readdirSync(abs)) if (name !== "node_modules" && name !== "__snapshots__") walk(path.posix.join(rel, name));
    } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) {
      out.push(rel);
    }
  };
  LINT_ROOTS.forEach(walk);
  return out.sort();
}

/**
 * Lints the tree at `root`: every violation of every rule. The tree carries none (the
 * known-debt list of issue 11 is paid off), so any violation fails the lint.
 */
export function lintTree(root: string): LintViolation[] {
  return lintFiles(root).flatMap((f) => lintSource(f, fs.readFileSync(path.join(root, f), "utf8")));
}

function run(): number {
  const root = projectRoot(__dirname);
  const violations = lintTree(root);
  for (const v of violations) process.stderr.write(`${formatViolation(v)}\n`);
  if (violations.length > 0) return 1;
  process.stdout.write(`lint: house rules hold (${lintFiles(root).length} files)\n`);
  return 0;
}

if (require.main === module) process.exitCode = run();
