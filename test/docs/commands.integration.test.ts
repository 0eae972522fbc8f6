import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizePlatform } from "../../stacks/synthesize";
import { parsePlanDiffArgs } from "../../tools/plan-diff/args";
import { deployPlan, parseDeployArgs } from "../../tools/deploy/plan";
import type { CdktfManifest } from "../../tools/stacks/order";
import { liveConfig, ROOT } from "../helpers";
import { commandsOf, docFiles, words, type DocCommand } from "./commands";

/**
 * Every command in README.md and docs/*.md works as written (issue 16: documented
 * `npx cdktf deploy global` stopped with "dependencies are not included"). Commands that
 * need no cloud run (`npm run deploy -- --dry-run ...`); the others are checked against
 * what they name: npm scripts exist, their arguments parse, stacks exist in a real synth
 * of regions/ and a `cdktf deploy` list holds every dependency, test paths exist.
 * A command of an unknown tool fails the test: classify it here.
 */

const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const commands: DocCommand[] = docFiles(ROOT).flatMap((f) => commandsOf(f, fs.readFileSync(path.join(ROOT, f), "utf8")));

/** Tools that act on a live cluster or endpoint: checked for shell syntax only. */
const NEEDS_CLOUD = new Set(["kubectl", "curl", "htpasswd", "gcloud", "aws", "terraform"]);

function liveManifest(): CdktfManifest {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "doc-commands-"));
  try {
    synthesizePlatform(liveConfig(), path.join(out, "cdktf.out"));
    return JSON.parse(fs.readFileSync(path.join(out, "cdktf.out", "manifest.json"), "utf8")) as CdktfManifest;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** `<region>`, `<name>` stand for any region of regions/. */
function expandPlaceholders(args: string[], regions: readonly string[]): string[][] {
  const i = args.findIndex((a) => /^<[a-z]+>$/.test(a));
  if (i < 0) return [args];
  return regions.flatMap((r) => expandPlaceholders([...args.slice(0, i), r, ...args.slice(i + 1)], regions));
}

function globToRe(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** What is wrong with one command, or undefined. */
function problem(c: DocCommand, manifest: CdktfManifest, regions: readonly string[]): string | undefined {
  let w = words(c.text);
  while (w.length > 0 && /^[A-Z_]+=/.test(w[0])) w = w.slice(1); // VAR=value prefixes
  const [tool, ...rest] = w;
  if (tool === "export" || NEEDS_CLOUD.has(tool)) return undefined;
  if (tool === "cp") return fs.existsSync(path.join(ROOT, rest[0])) ? undefined : `cp: ${rest[0]} does not exist`;
  if (tool === "npm") {
    if (rest[0] === "ci" || rest[0] === "test") return undefined;
    if (rest[0] !== "run") return `npm ${rest[0]}: not an npm command the project documents`;
    const args = rest.slice(1).filter((a) => a !== "--silent");
    const [script, sep, ...scriptArgs] = args;
    if (script === undefined && !c.inBlock) return undefined; // prose about `npm run` in general
    if (script === undefined || !(script in scripts)) return `npm run ${script}: no such script in package.json`;
    if (sep !== undefined && sep !== "--") return `npm run ${script}: arguments must follow --`;
    // In prose, a bare `npm run deploy` names the script; its arguments come with it elsewhere.
    if (!c.inBlock && sep === undefined) return undefined;
    for (const a of expandPlaceholders(scriptArgs, regions)) {
      if (script === "deploy" && !a.some((x) => x.startsWith("<"))) {
        try {
          deployPlan(manifest, parseDeployArgs(a).target);
        } catch (e) {
          return (e as Error).message;
        }
      }
      if (script === "plan-diff") {
        try {
          parsePlanDiffArgs(a);
        } catch (e) {
          return (e as Error).message;
        }
      }
    }
    return undefined;
  }
  if (tool === "npx") {
    if (rest[0] === "jest") {
      const paths = rest.slice(1).filter((a) => !a.startsWith("-"));
      const missing = paths.filter((p) => !fs.existsSync(path.join(ROOT, p)));
      return missing.length > 0 ? `npx jest: ${missing.join(", ")} not found` : undefined;
    }
    if (rest[0] === "ts-node") return fs.existsSync(path.join(ROOT, rest[1])) ? undefined : `ts-node: ${rest[1]} not found`;
    if (rest[0] === "cdktf") {
      const [sub, ...names] = rest.slice(1).filter((a) => !a.startsWith("-"));
      const stacks = names.flatMap((g) => Object.keys(manifest.stacks).filter((s) => globToRe(g).test(s)));
      if (names.length > 0 && stacks.length === 0) return `cdktf ${sub}: no stack matches ${names.join(" ")}`;
      if (sub === "deploy") {
        const missing = stacks.flatMap((s) => (manifest.stacks[s].dependencies ?? []).filter((d) => !stacks.includes(d)));
        if (missing.length > 0) return `cdktf deploy: dependencies are not included in the stacks to run: ${[...new Set(missing)].join(", ")}`;
      }
      return undefined;
    }
  }
  return `unknown tool ${JSON.stringify(tool)}: say in this test whether it needs a cloud`;
}

describe("commands in README.md and docs/*.md", () => {
  const manifest = liveManifest();
  const regions = liveConfig().regions.map((r) => r.name);

  test("the docs hold commands of every kind this test checks", () => {
    expect(commands.filter((c) => c.inBlock).length).toBeGreaterThan(20);
    expect(commands.some((c) => c.text.includes("npm run --silent deploy -- --dry-run --all"))).toBe(true);
  });

  test("every command names what exists and would run as written", () => {
    const parts = commands.flatMap((c) => c.text.split(/\s+&&\s+/).map((text) => ({ ...c, text })));
    const problems = parts.map((c) => ({ c, p: problem(c, manifest, regions) })).filter((x) => x.p).map((x) => `${x.c.file}:${x.c.line}: ${x.c.text}: ${x.p}`);
    expect(problems).toEqual([]);
  });

  test("fails on the commands issue 16 found broken", () => {
    const broken = ["npx cdktf deploy global", "npx cdktf deploy 'eu-west-1-*'", "npx cdktf deploy 'us-east-1-platform'", "npm run deploy -- mars", "npm run nosuch"];
    for (const text of broken) expect(problem({ file: "x.md", line: 1, text, inBlock: true }, manifest, regions)).toBeDefined();
  });

  test("every fenced shell block is valid bash", () => {
    for (const c of commands.filter((x) => x.inBlock)) execFileSync("bash", ["-n", "-c", c.text]);
  });

  // The one documented command that needs no cloud and is not run elsewhere in CI.
  test("npm run --silent deploy -- --dry-run --all prints the apply order, global last, and the command only", () => {
    const out = execFileSync("npm", ["run", "--silent", "deploy", "--", "--dry-run", "--all"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("apply order:");
    expect(lines[lines.length - 2]).toMatch(/^\s+\d+\. global$/);
    expect(lines[lines.length - 1]).toBe(`command: npx cdktf deploy ${deployPlan(manifest, { kind: "all" }).stacks.join(" ")}`);
  });
});
