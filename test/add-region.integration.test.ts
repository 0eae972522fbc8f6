import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateRegion } from "./add-region";
import { liveConfig, ROOT } from "./helpers";

/**
 * The README's "Add a region", followed on a copy of the project with a generated region:
 * synth, refresh the generated docs, let `npm test` write the new stacks' snapshots (and
 * take the changes the region makes to existing ones, as a reviewer would after reading
 * them), and every other suite stays green in CI mode, untouched. Only the suites that
 * follow the live `regions/` (they call `liveConfig()`) may need their snapshots written.
 */

/** Builds and whole jest runs on 2 shared cores: minutes, not seconds. */
const MINUTES = 60_000;

/** What a copy of the project leaves out: dependencies are linked, outputs are rebuilt. */
const SKIP = new Set(["node_modules", ".git", "dist", "cdktf.out", "coverage"]);

function run(cwd: string, cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** The `npm test` suites (relative to the project), split by whether they follow the live `regions/`. */
function suites(root: string): { live: string[]; rest: string[] } {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".test.ts") && !e.name.endsWith(".integration.test.ts") ? [path.join(dir, e.name)] : []);
  const all = walk(path.join(root, "test")).map((f) => path.relative(root, f));
  const live = all.filter((f) => /\bliveConfig\(/.test(fs.readFileSync(path.join(root, f), "utf8")));
  return { live, rest: all.filter((f) => !live.includes(f)) };
}

describe("adding a region as the README says", () => {
  let copy: string;
  const region = generateRegion(liveConfig());

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "add-region-"));
    fs.cpSync(ROOT, copy, { recursive: true, filter: (src) => !(path.dirname(src) === ROOT && SKIP.has(path.basename(src))) });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
    fs.writeFileSync(path.join(copy, "regions", `${region.name}.ts`), region.source);
  }, MINUTES);
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  test("step 3: npm run synth writes the new region's stacks", () => {
    const r = run(copy, "npm", ["run", "--silent", "synth"]);
    expect([r.status, r.output]).toEqual([0, expect.any(String)]);
    const stacks = fs.readdirSync(path.join(copy, "cdktf.out", "stacks"));
    expect(stacks).toEqual(expect.arrayContaining([`${region.name}-cluster`, `${region.name}-platform`, "global"]));
  }, 10 * MINUTES);

  test("step 4: the generated docs are refreshed", () => {
    for (const args of [["run", "--silent", "diagram", "--", "--readme"], ["run", "--silent", "docs:failover-budget"]]) {
      const r = run(copy, "npm", args);
      expect([args.join(" "), r.status, r.output]).toEqual([args.join(" "), 0, expect.any(String)]);
    }
    expect(fs.readFileSync(path.join(copy, "README.md"), "utf8")).toContain(region.name);
  }, 10 * MINUTES);

  test("step 5: npm test writes the snapshots of the new stacks; every suite on fixture topologies stays green in CI mode", () => {
    const { live, rest: others } = suites(copy);
    // The suites that must follow regions/: one snapshot per stack and the generated docs.
    expect(live.length).toBeGreaterThan(0);
    const jest = path.join("node_modules", ".bin", "jest");
    // Outside CI, as a user runs it: new snapshots are written; `-u` takes the changes the
    // new region makes to existing stacks (the global stack, the hub's platform stack).
    const snapshots = run(copy, jest, ["--ci=false", "-u", "--runTestsByPath", ...live]);
    expect([snapshots.status, snapshots.output]).toEqual([0, expect.any(String)]);
    const written = live.map((f) => path.join(copy, path.dirname(f), "__snapshots__", `${path.basename(f)}.snap`)).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, "utf8")).join("\n");
    expect(written).toContain(`${region.name}-cluster`);
    expect(written).toContain(`${region.name}-platform`);
    // Everything else, in CI mode (a missing snapshot fails): the region changes nothing there.
    const rest = run(copy, jest, ["--ci", "--runTestsByPath", ...others]);
    expect([rest.status, rest.output]).toEqual([0, expect.any(String)]);
  }, 30 * MINUTES);
});
