import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../lib/project";
import { ForceNewExtractor, type ResourceForceNew } from "./force-new-extract";
import type { GoFile } from "./go-schema";

/**
 * Generates `reference/terraform-provider-google/force-new-<version>.json` from the
 * provider's own source at the tag the pinned @cdktf/provider-google binds:
 *
 *   node tools/ts-run.js tools/plan-diff/extract-google-force-new.ts \
 *     --repo <git dir of hashicorp/terraform-provider-google> [--out <file>]
 *
 * The version comes from `node_modules/@cdktf/provider-google/package.json`
 * (`cdktf.provider.version`); the resource types are every `@cdktf/provider-google/lib/*`
 * resource the project imports. Reads the git objects only (no checkout, no network).
 */

const REGISTRY_FILE = "google/provider/provider_mmv1_resources.go";

function git(repo: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", repo, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** Resource types the project creates: its deep imports of the google provider bindings (not data sources). */
export function importedGoogleTypes(root: string): string[] {
  const types = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !["node_modules", "cdktf.out", "test", ".git"].includes(e.name)) walk(path.join(dir, e.name));
      else if (e.name.endsWith(".ts")) {
        for (const m of fs.readFileSync(path.join(dir, e.name), "utf8").matchAll(/@cdktf\/provider-google\/lib\/([a-z0-9-]+)/g)) {
          if (m[1] !== "provider" && !m[1].startsWith("data-")) types.add(`google_${m[1].replaceAll("-", "_")}`);
        }
      }
    }
  };
  for (const d of ["constructs", "stacks"]) walk(path.join(root, d));
  return [...types].sort();
}

function main(argv: readonly string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repo = arg("--repo");
  if (!repo) throw new Error("usage: extract-google-force-new.ts --repo <git dir of hashicorp/terraform-provider-google> [--out <file>]");
  const root = projectRoot(__dirname);
  const binding = JSON.parse(fs.readFileSync(path.join(root, "node_modules/@cdktf/provider-google/package.json"), "utf8")) as {
    version: string; cdktf: { provider: { name: string; version: string } };
  };
  const version = binding.cdktf.provider.version;
  const tag = `v${version}`;
  const commit = git(repo, ["rev-parse", `${tag}^{commit}`]).trim();
  const sdk = /terraform-plugin-sdk\/v2 (v[0-9.]+)/.exec(git(repo, ["show", `${commit}:go.mod`]))?.[1];
  const read = (dir: string): GoFile[] =>
    git(repo, ["ls-tree", "--name-only", `${commit}`, `${dir}/`]).split("\n")
      .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
      .map((f) => ({ path: f, text: git(repo, ["show", `${commit}:${f}`]) }));
  const extractor = new ForceNewExtractor(read);
  const registry = extractor.registrations({ path: REGISTRY_FILE, text: git(repo, ["show", `${commit}:${REGISTRY_FILE}`]) });
  const resources: Record<string, ResourceForceNew> = {};
  for (const type of importedGoogleTypes(root)) {
    const reg = registry.get(type);
    if (!reg) throw new Error(`${REGISTRY_FILE}@${tag}: no resource "${type}"`);
    process.stderr.write(`extract-google-force-new: ${type}\n`);
    const r = extractor.resource(reg, path.posix.dirname(REGISTRY_FILE));
    // Each entry carries its own permalink: file and line at the commit.
    const source = <T extends { file: string; line: number }>(e: T): T & { source: string } => ({ ...e, source: `https://github.com/hashicorp/terraform-provider-google/blob/${commit}/${e.file}#L${e.line}` });
    resources[type] = { ...r, forceNew: r.forceNew.map(source), conditional: r.conditional.map(source) };
  }
  const out = arg("--out") ?? path.join(root, "reference", "terraform-provider-google", `force-new-${version}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const doc = {
    provider: binding.cdktf.provider.name,
    version,
    boundBy: `@cdktf/provider-google ${binding.version}`,
    repository: "https://github.com/hashicorp/terraform-provider-google",
    tag,
    commit,
    sdk: `github.com/hashicorp/terraform-plugin-sdk/v2 ${sdk ?? "?"}`,
    generatedBy: "tools/plan-diff/extract-google-force-new.ts",
    semantics:
      "when=value: any change of the attribute forces replacement; when=count: only adding or removing an element of the block does (SDK diffList/diffSet); " +
      "computed=true: leaving the attribute out of the configuration keeps the state's value. conditional: forced by CustomizeDiff when its condition holds.",
    resources,
  };
  fs.writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  process.stderr.write(`extract-google-force-new: wrote ${path.relative(root, out)} (${Object.keys(resources).length} resource types, ${tag} ${commit.slice(0, 10)})\n`);
}

if (require.main === module) main(process.argv.slice(2));
