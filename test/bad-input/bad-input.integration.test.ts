import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KUBERNETES_VERSIONS_SOURCE } from "../../catalog/kubernetes-versions";
import { main } from "../../main";
import { ROOT } from "../helpers";

/**
 * The bad-input corpus: every folder here except `valid/` is a regions folder with one
 * thing wrong, and `expected.txt` holds the line the message must contain (`<dir>` stands
 * for the folder as messages name it). Each runs through the real entry, `main()`, as
 * `npm run synth` would with PLATFORM_REGIONS_DIR and CDKTF_OUTDIR set.
 */
const CORPUS = __dirname;
const CASES = fs.readdirSync(CORPUS).filter((f) => fs.existsSync(path.join(CORPUS, f, "expected.txt"))).sort();

/** Runs main() like the CLI would and captures what it prints. */
function synth(caseName: string, outdir: string): { code: number; stderr: string; stdout: string } {
  let stderr = "";
  let stdout = "";
  const code = main({ PLATFORM_REGIONS_DIR: path.join(CORPUS, caseName), CDKTF_OUTDIR: outdir, PLATFORM_TODAY: KUBERNETES_VERSIONS_SOURCE.compiled }, { write: (t: string) => (stderr += t) }, { write: (t: string) => (stdout += t) });
  return { code, stderr, stdout };
}

/** Every file under a folder with its content, to compare before and after. */
function snapshotTree(dir: string): Record<string, string> {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

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
  test("holds at least 30 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  // The control: the base every case breaks synthesizes, so each failure below comes from
  // the one thing its case changed.
  test("the unbroken base (valid/) synthesizes and replaces the outdir", () => {
    const { code, stderr, stdout } = synth("valid", outdir);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toContain("synthesized 5 stacks");
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual([
      "asia-south1-cluster", "asia-south1-platform", "global", "us-east-1-cluster", "us-east-1-platform",
    ]);
  });

  test.each(CASES)("fails when %s: exit 1, the message names the file and field, the outdir is untouched", (name) => {
    const before = snapshotTree(outdir);
    const expected = fs.readFileSync(path.join(CORPUS, name, "expected.txt"), "utf8").trim()
      .replaceAll("<dir>", path.relative(ROOT, path.join(CORPUS, name)));

    const { code, stderr } = synth(name, outdir);

    expect(stderr).toContain(expected);
    expect(stderr).toContain("nothing was written.");
    expect(code).toBe(1);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(fs.readdirSync(tmp)).toEqual(["cdktf.out"]);
  });
});
