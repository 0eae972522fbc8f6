import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../lib/project";
import { KNOWN_DEBT } from "./known-debt";
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

/** The result of linting a tree: new violations, and known-debt entries that no longer occur. */
export interface LintReport {
  readonly violations: readonly LintViolation[];
  readonly stale: readonly string[];
}

/**
 * Lints the tree at `root`. A violation listed in {@link KNOWN_DEBT} (by `file rule`) is
 * tolerated until it is fixed; then its entry must go, so the list only shrinks.
 */
export function lintTree(root: string, known: readonly string[] = KNOWN_DEBT): LintReport {
  const all = lintFiles(root).flatMap((f) => lintSource(f, fs.readFileSync(path.join(root, f), "utf8")));
  const seen = new Set(all.map((v) => `${v.file} ${v.rule}`));
  return {
    violations: all.filter((v) => !known.includes(`${v.file} ${v.rule}`)),
    stale: known.filter((k) => !seen.has(k)),
  };
}

function run(): number {
  const root = projectRoot(__dirname);
  const { violations, stale } = lintTree(root);
  for (const v of violations) process.stderr.write(`${formatViolation(v)}\n`);
  for (const k of stale) process.stderr.write(`tools/lint/known-debt.ts: "${k}" no longer occurs; remove it from KNOWN_DEBT\n`);
  if (violations.length + stale.length > 0) return 1;
  process.stdout.write(`lint: house rules hold (${lintFiles(root).length} files)\n`);
  return 0;
}

if (require.main === module) process.exitCode = run();
