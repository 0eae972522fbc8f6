import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { StackJson } from "../../policies";
import { stackFromCdkTfJson, type StackView } from "../lib/terraform-json";

/** The I/O side of plan-diff: reading output folders and synthesizing a git ref beside the checkout. */

/** Reads every stack of a synthesized output folder (`cdktf.out`), by its manifest. */
export function readOutdir(outdir: string): StackView[] {
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile}: not found; synthesize first (npm run synth) or pass a cdktf output folder`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return Object.entries(manifest.stacks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]) => stackFromCdkTfJson(name, JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), "utf8")) as StackJson));
}

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The commit to compare against: the given ref, or the merge base of HEAD with main (or origin/main). */
export function resolveBase(root: string, ref: string | undefined): { sha: string; label: string } {
  if (ref) return { sha: git(root, ["rev-parse", "--verify", `${ref}^{commit}`]), label: ref };
  for (const main of ["main", "origin/main"]) {
    try {
      const sha = git(root, ["merge-base", "HEAD", main]);
      return { sha, label: `merge base with ${main}` };
    } catch {
      // try the next candidate; the error below names both
    }
  }
  throw new Error("no --base given and no merge base of HEAD with main or origin/main; pass --base <git-ref>");
}

/** Runs the project's own synth (`npm run --silent synth`) in `dir`, writing into `outdir`. */
export function synthInto(dir: string, outdir: string): void {
  execFileSync("npm", ["run", "--silent", "synth"], {
    cwd: dir,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/**
 * Synthesizes `sha` in a temporary git worktree (the user's checkout is not touched; it
 * shares `node_modules` through a symlink), returns its stacks and removes the worktree.
 * `onOutdir` reads anything else of the output folder before it goes (the capacity budget).
 */
export function synthAtCommit(root: string, sha: string, onOutdir?: (outdir: string) => void): StackView[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-base-"));
  const tree = path.join(tmp, "tree");
  git(root, ["worktree", "add", "--detach", "--quiet", tree, sha]);
  try {
    fs.symlinkSync(fs.realpathSync(path.join(root, "node_modules")), path.join(tree, "node_modules"), "dir");
    const outdir = path.join(tmp, "cdktf.out");
    synthInto(tree, outdir);
    onOutdir?.(outdir);
    return readOutdir(outdir);
  } finally {
    git(root, ["worktree", "remove", "--force", tree]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Synthesizes the working tree as it is (uncommitted edits included) into a temporary folder. */
export function synthWorkingTree(root: string, onOutdir?: (outdir: string) => void): StackView[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-head-"));
  try {
    synthInto(root, path.join(tmp, "cdktf.out"));
    onOutdir?.(path.join(tmp, "cdktf.out"));
    return readOutdir(path.join(tmp, "cdktf.out"));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
