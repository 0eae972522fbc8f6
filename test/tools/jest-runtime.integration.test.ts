import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../helpers";

/**
 * Two fixture files (test/tools/jest-runtime-fixtures/) run in one worker with the project's
 * jest config, so the second sees what tools/jest-runtime.js kept from the first:
 * - each file's AsyncLocalStorage (jest-circus makes one per file) is disabled when the file
 *   is torn down; on Node 20 an enabled store costs every promise created later;
 * - module sources kept for the next file are read again once the file changed on disk
 *   (each fixture rewrites and requires the same module).
 */
describe("jest runtime: what a worker keeps between test files", () => {
  test("the second file finds the first file's store disabled and reads the module the first one rewrote", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jest-runtime-"));
    try {
      const report = path.join(dir, "report.txt");
      const r = spawnSync(
        process.execPath,
        [path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), "--runInBand", "--ci", "--roots", path.join(ROOT, "test", "tools", "jest-runtime-fixtures"), "--testMatch", "**/*.runtime-fixture.ts"],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, JEST_RUNTIME_FIXTURE_REPORT: report }, timeout: 120_000 },
      );
      expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ status: 0, stderr: "" });
      const seen = fs.readFileSync(report, "utf8").trim().split("\n").map((l) => JSON.parse(l) as boolean[]);
      expect(seen.sort((a, b) => a.length - b.length)).toEqual([[], [false]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
