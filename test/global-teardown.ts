import * as fs from "fs";
import { TEST_RUN_DIR_ENV } from "./shared-synth-env";

/** Jest global teardown: removes the run's folder (test/global-setup.ts) and all it holds. */
export default function globalTeardown(): void {
  const dir = process.env[TEST_RUN_DIR_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
