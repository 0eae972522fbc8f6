import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SHARED_SYNTH_ENV, TEST_RUN_DIR_ENV } from "./shared-synth-env";

/**
 * Jest global setup: one folder for this run, handed to the workers through the environment
 * they inherit. It holds the run's shared synths (test/shared-synth.ts; nothing is
 * synthesized here: the first worker that needs a topology does, while the other runs tests)
 * and is the workers' TMPDIR: cdktf's `Testing.synthScope` and `Testing.app` make a
 * `cdktf.outdir.*` folder per call and never remove it, so without this every `npm test`
 * would leave some 150 folders in the system's temp directory. The teardown removes it all.
 */
export default function globalSetup(): void {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), "llmp-test-run-"));
  const synth = path.join(run, "synth");
  fs.mkdirSync(synth);
  process.env[TEST_RUN_DIR_ENV] = run;
  process.env[SHARED_SYNTH_ENV] = synth;
  process.env.TMPDIR = run;
}
