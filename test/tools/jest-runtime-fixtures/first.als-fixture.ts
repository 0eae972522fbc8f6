// Run by test/tools/jest-runtime.integration.test.ts (not by npm test): two files in one
// worker, in either order. Each creates an AsyncLocalStorage as jest-circus does, and reports
// whether the stores of the files before it are still enabled.
import { AsyncLocalStorage } from "async_hooks";
import * as fs from "fs";
import { workerMemo } from "../../worker-memo";

test("stores of earlier files are disabled", () => {
  const earlier = workerMemo("als-fixture:stores", () => [] as AsyncLocalStorage<number>[]);
  // Node 20's AsyncLocalStorage keeps `enabled` while it sits in async_hooks' store list.
  const enabled = earlier.map((s) => (s as unknown as { enabled: boolean }).enabled);
  const store = new AsyncLocalStorage<number>();
  store.enterWith(1);
  expect((store as unknown as { enabled: boolean }).enabled).toBe(true);
  earlier.push(store);
  fs.appendFileSync(process.env.ALS_FIXTURE_REPORT!, `${JSON.stringify(enabled)}\n`);
});
