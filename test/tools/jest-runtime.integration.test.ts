import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../helpers";

/**
 * tools/jest-runtime.js disables each test file's AsyncLocalStorage instances (jest-circus
 * makes one per file) when the file is torn down; on Node 20 an enabled store costs every
 * promise created later in the worker. Two fixture files run in one worker with the
 * project's jest config: the second sees the first one's store disabled.
 */
describe("jest runtime: a test file's async stores end with the file", () => {
  test("the second file in a worker finds the first file's store disabled", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "als-"));
    try {
      const report = path.join(dir, "report.txt");
      const r = spawnSync(
        process.execPath,
        [path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), "--runInBand", "--ci", "--roots", path.join(ROOT, "test", "tools", "jest-runtime-fixtures"), "--testMatch", "**/*.als-fixture.ts"],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, ALS_FIXTURE_REPORT: report }, timeout: 120_000 },
      );
      expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ status: 0, stderr: "" });
      const seen = fs.readFileSync(report, "utf8").trim().split("\n").map((l) => JSON.parse(l) as boolean[]);
      expect(seen.sort((a, b) => a.length - b.length)).toEqual([[], [false]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
