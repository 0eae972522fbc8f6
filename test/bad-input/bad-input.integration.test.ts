import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KUBERNETES_VERSIONS_SOURCE } from "../../catalog/kubernetes-versions";
import * as driverInstaller from "../../catalog/gke-driver-installer";
import { GPUS } from "../../catalog/gpus";
import { main } from "../../main";
import { ROOT } from "../helpers";

/**
 * The bad-input corpus: every folder here except `valid/` holds a regions folder
 * (`<case>/regions/`) with something wrong, and `expected.txt` lists every problem synth
 * must report for it, one per line (each line is found in one reported problem; `<dir>`
 * stands for the regions folder as messages name it). Each runs through the real entry,
 * `main()`, as `npm run synth` would with PLATFORM_REGIONS_DIR and CDKTF_OUTDIR set;
 * .ci/steps/policy.sh runs the same corpus through `npm run synth` itself.
 */
const CORPUS = __dirname;
const CASES = fs.readdirSync(CORPUS).filter((f) => fs.existsSync(path.join(CORPUS, f, "expected.txt"))).sort();

/** The regions folder of a case. */
function regionsOf(caseName: string): string {
  return path.join(CORPUS, caseName, "regions");
}

/** Runs main() like the CLI would and captures what it prints. */
function synth(regionsDir: string, outdir: string, env: NodeJS.ProcessEnv = {}): { code: number; stderr: string; stdout: string } {
  let stderr = "";
  let stdout = "";
  const code = main({ PLATFORM_TODAY: KUBERNETES_VERSIONS_SOURCE.compiled, ...env, PLATFORM_REGIONS_DIR: regionsDir, CDKTF_OUTDIR: outdir }, { write: (t: string) => (stderr += t) }, { write: (t: string) => (stdout += t) });
  return { code, stderr, stdout };
}

/** The problems a failed synth reported: the indented lines under its summary. */
function reported(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("  ")).map((l) => l.slice(2));
}

/** Every file under a folder with its content, to compare before and after. */
function snapshotTree(dir: string): Record<string, string> {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

// A V8 stack frame as Node prints it: what a user must never see.
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

let tmp: string;
let outdir: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));
  outdir = path.join(tmp, "cdktf.out");
  fs.mkdirSync(path.join(outdir, "stacks", "earlier-cluster"), { recursive: true });
  fs.writeFileSync(path.join(outdir, "stacks", "earlier-cluster", "cdk.tf.json"), "{\"from\":\"an earlier synth\"}");
  fs.writeFileSync(path.join(outdir, "manifest.json"), "{}");
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("bad-input corpus", () => {
  test("holds at least 45 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
  });

  // The control: the base every case breaks synthesizes, so each failure below comes from
  // what its case changed.
  test("the unbroken base (valid/) synthesizes and replaces the outdir", () => {
    const { code, stderr, stdout } = synth(regionsOf("valid"), outdir);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toContain("synthesized 5 stacks");
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual([
      "asia-south1-cluster", "asia-south1-platform", "global", "us-east-1-cluster", "us-east-1-platform",
    ]);
  });

  test.each(CASES)("fails when %s: exit 1, every problem listed, no stack trace, the outdir untouched", (name) => {
    const before = snapshotTree(outdir);
    const dir = path.relative(ROOT, regionsOf(name));
    const expected = fs.readFileSync(path.join(CORPUS, name, "expected.txt"), "utf8").trim().split("\n").map((l) => l.replaceAll("<dir>", dir));

    const { code, stderr } = synth(regionsOf(name), outdir);

    const problems = reported(stderr);
    // Each expected line matches its own reported problem, and nothing else is reported.
    const unmatched = [...problems];
    for (const line of expected) {
      const i = unmatched.findIndex((p) => p.includes(line));
      expect([line, i >= 0 ? "reported" : `missing from:\n${stderr}`]).toEqual([line, "reported"]);
      unmatched.splice(i, 1);
    }
    expect(unmatched).toEqual([]);
    expect(stderr).toMatch(/\((\d+) problems?\):/);
    expect(Number(/\((\d+) problems?\):/.exec(stderr)![1])).toBe(expected.length);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(stderr).toContain("nothing was written.");
    expect(code).toBe(1);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(fs.readdirSync(tmp)).toEqual(["cdktf.out"]);
  });
});

describe("catalog edits that reach the constructs", () => {
  const l4 = GPUS.L4 as { gcpAcceleratorType?: string };

  test("fails when a GPU used on GKE loses its accelerator type: exit 1, named at the pool, not a construct's throw", () => {
    const saved = l4.gcpAcceleratorType;
    delete l4.gcpAcceleratorType;
    try {
      const { code, stderr } = synth(regionsOf("valid"), outdir);
      const dir = path.relative(ROOT, regionsOf("valid"));
      expect(reported(stderr)).toEqual([
        `${dir}/asia-south1.js: gpuPools[0].gpu: has no GCE accelerator type (gcpAcceleratorType) in catalog/gpus.ts, which a GKE node pool needs (GPUs with one: T4, A100-40GB, A100-80GB, H100-80GB), got "L4"`,
      ]);
      expect(code).toBe(1);
    } finally {
      l4.gcpAcceleratorType = saved;
    }
  });

  test("fails when a catalog edit throws inside a stack: exit 2, one line naming stack and region, no stack trace, nothing written", () => {
    const before = snapshotTree(outdir);
    const spy = jest.spyOn(driverInstaller, "cosDriverInstallerUrl").mockImplementation(() => {
      throw new Error("catalog/gke-driver-installer.ts: no commit pinned");
    });
    try {
      const { code, stderr, stdout } = synth(regionsOf("valid"), outdir);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        "internal error while building stack asia-south1-platform (region asia-south1): catalog/gke-driver-installer.ts: no commit pinned " +
          "(not an input problem; rerun with PLATFORM_DEBUG=1 for the stack trace)\nnothing was written.\n",
      );
      expect(snapshotTree(outdir)).toEqual(before);
      expect(fs.readdirSync(tmp)).toEqual(["cdktf.out"]);

      // With PLATFORM_DEBUG=1 the same line, then the original error's stack trace.
      const debug = synth(regionsOf("valid"), outdir, { PLATFORM_DEBUG: "1" });
      expect(debug.code).toBe(2);
      expect(debug.stderr).toMatch(STACK_FRAME);
      expect(debug.stderr).toContain("Error: catalog/gke-driver-installer.ts: no commit pinned");
    } finally {
      spy.mockRestore();
    }
  });
});
