// The checks both fixture files run (see test/tools/jest-runtime.integration.test.ts): what
// tools/jest-runtime.js keeps between two test files of one worker, in either order.
import { AsyncLocalStorage } from "async_hooks";
import * as fs from "fs";
import * as path from "path";
import { workerMemo } from "../../worker-memo";

/** Defines the tests of the fixture file `file`. */
export function workerChecks(file: string): void {
  const report = process.env.JEST_RUNTIME_FIXTURE_REPORT!;

  test("stores of earlier files are disabled", () => {
    // As jest-circus does: one store per file, entered.
    const earlier = workerMemo("jest-runtime-fixture:stores", () => [] as AsyncLocalStorage<number>[]);
    // Node 20's AsyncLocalStorage keeps `enabled` while it sits in async_hooks' store list.
    const enabled = earlier.map((s) => (s as unknown as { enabled: boolean }).enabled);
    const store = new AsyncLocalStorage<number>();
    store.enterWith(1);
    expect((store as unknown as { enabled: boolean }).enabled).toBe(true);
    earlier.push(store);
    fs.appendFileSync(report, `${JSON.stringify(enabled)}\n`);
  });

  test("a module rewritten since an earlier file required it is read again", () => {
    // Both files write the same path with text of the same length, then require it.
    const tag = path.basename(file).slice(0, 5);
    const module = path.join(path.dirname(report), "rewritten.js");
    fs.writeFileSync(module, `module.exports = ${JSON.stringify(tag)};\n`);
    expect(require(module)).toBe(tag); // eslint-disable-line @typescript-eslint/no-require-imports
  });
}
