import * as fs from "fs";
import { SHARED_SYNTH_ENV } from "./shared-synth-env";

/** Jest global teardown: removes the run's shared-synth folder (test/global-setup.ts). */
export default function globalTeardown(): void {
  const dir = process.env[SHARED_SYNTH_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
