import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SHARED_SYNTH_ENV } from "./shared-synth-env";

/**
 * Jest global setup: a fresh folder for this run's shared synths (test/shared-synth.ts),
 * handed to the workers through the environment they inherit. Synthesizes nothing itself:
 * the first worker that needs a topology does, while the other runs tests.
 */
export default function globalSetup(): void {
  process.env[SHARED_SYNTH_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), "llmp-test-synth-"));
}
