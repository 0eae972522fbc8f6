import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { loadProjectConfig, projectRoot } from "../lib/project";
import { replaceReadmeBlock, toDot, toMermaid, topologyOf } from "./topology";

/**
 * `npm run diagram`: writes the topology of `regions/` as Mermaid and DOT into
 * `dist/diagram/`, and as SVG when Graphviz (`dot`) is installed.
 * `--readme` rewrites the block between the topology markers in README.md;
 * `--check` only verifies that block is current (exit 1 when it is not), for CI;
 * `--out <dir>` writes elsewhere.
 */
function hasDot(): boolean {
  try {
    execFileSync("dot", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function main(argv: readonly string[]): number {
  const root = projectRoot(__dirname);
  const config = loadProjectConfig(root);
  if (!config) return 1;
  const topology = topologyOf(config);
  const mermaid = toMermaid(topology);
  const readmeFile = path.join(root, "README.md");

  if (argv.includes("--check")) {
    const readme = fs.readFileSync(readmeFile, "utf8");
    if (replaceReadmeBlock(readme, mermaid) !== readme) {
      console.error("diagram: README.md topology block is out of date; run `npm run diagram -- --readme` and commit it.");
      return 1;
    }
    console.log("diagram: README.md topology block is current.");
    return 0;
  }

  const outIndex = argv.indexOf("--out");
  const outDir = path.resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : path.join(root, "dist", "diagram"));
  fs.mkdirSync(outDir, { recursive: true });
  const steps = argv.includes("--readme") ? 4 : 3;
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  const mmd = path.join(outDir, "topology.mmd");
  const dot = path.join(outDir, "topology.dot");
  fs.writeFileSync(mmd, mermaid);
  console.log(`[1/${steps}] wrote ${rel(mmd)}`);
  fs.writeFileSync(dot, toDot(topology));
  console.log(`[2/${steps}] wrote ${rel(dot)}`);
  if (hasDot()) {
    const svg = path.join(outDir, "topology.svg");
    execFileSync("dot", ["-Tsvg", dot, "-o", svg], { stdio: ["ignore", "inherit", "inherit"] });
    console.log(`[3/${steps}] wrote ${rel(svg)}`);
  } else {
    console.log(`[3/${steps}] skipped SVG: Graphviz is not installed (apt-get install graphviz, brew install graphviz)`);
  }
  if (argv.includes("--readme")) {
    fs.writeFileSync(readmeFile, replaceReadmeBlock(fs.readFileSync(readmeFile, "utf8"), mermaid));
    console.log(`[4/${steps}] updated the topology block in ${rel(readmeFile)}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
