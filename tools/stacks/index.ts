import * as fs from "fs";
import * as path from "path";
import { deployOrder, regionStacks, type CdktfManifest } from "./order";

/**
 * `npm run --silent stacks -- [--region <name>|global] [--json]`: prints the synthesized
 * stacks in apply order, one per line or as a JSON array (for a CI matrix). Reads
 * `$CDKTF_OUTDIR/manifest.json` (default `cdktf.out`); run `npm run synth` first.
 */
function main(argv: readonly string[]): number {
  const outdir = process.env.CDKTF_OUTDIR ?? path.join(process.cwd(), "cdktf.out");
  const file = path.join(outdir, "manifest.json");
  if (!fs.existsSync(file)) {
    console.error(`stacks: ${file} not found; run npm run synth first`);
    return 2;
  }
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as CdktfManifest;
  const i = argv.indexOf("--region");
  const region = i >= 0 ? argv[i + 1] : undefined;
  const stacks = region ? regionStacks(manifest, region) : deployOrder(manifest);
  if (stacks.length === 0) {
    console.error(`stacks: no stack for region ${JSON.stringify(region)}; stacks are: ${deployOrder(manifest).join(", ")}`);
    return 1;
  }
  process.stdout.write(argv.includes("--json") ? `${JSON.stringify(stacks)}\n` : `${stacks.join("\n")}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
