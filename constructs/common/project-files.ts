import * as fs from "fs";
import * as path from "path";

/**
 * The project root: the nearest folder above this
 * file holding `package.json`. Constructs read committed data (`helm-values/`,
 * `charts/`) through it, under tools/ts-run.js (synth, tools) and jest alike.
 */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "helm-values"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no project root (package.json + helm-values/) above ${from}`);
    dir = up;
  }
}

/** A committed file or folder of the project, by path segments from the root. */
export function projectPath(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}
