import * as fs from "fs";
import * as path from "path";
import type { ConfigError } from "./errors";
import type { RawInput } from "./validate";

/** The file in the regions folder that holds platform-wide settings. */
export const SETTINGS_FILE = "platform";

/** Where to find the region files and how to load each. */
export interface LoadOptions {
  /** The folder of region sources (`<project>/regions`). */
  readonly sourceDir: string;
  /** How messages name that folder. @default - `regions` */
  readonly displayDir?: string;
  /**
   * Maps a source file to the module to require. @default - the source itself (.ts files
   * load through the transpiler the process runs under: tools/ts-run.js, jest)
   */
  readonly moduleFor?: (sourceFile: string) => string;
}

const SOURCE_RE = /^(?!.*\.d\.ts$).+\.(ts|js|json)$/;

/** What the regions folder may hold, as messages say it. */
export const ACCEPTED_FILES = "region files <name>.ts (or .js, .json) exporting defineRegion({...}), and platform.ts exporting definePlatform({...})";

/**
 * Reads every region file and the settings file, without judging their content: what a
 * file exports goes to validation as `unknown`. A file that cannot be loaded becomes a
 * load error naming it, so one broken file does not hide the problems of the others.
 */
export function loadRegions(opts: LoadOptions): RawInput {
  const display = opts.displayDir ?? "regions";
  const moduleFor = opts.moduleFor ?? ((f: string) => f);
  const loadErrors: ConfigError[] = [];
  const entries = fs.existsSync(opts.sourceDir) ? fs.readdirSync(opts.sourceDir, { withFileTypes: true }) : [];
  if (!fs.existsSync(opts.sourceDir)) {
    loadErrors.push({ file: `${display}/`, path: "", message: `folder not found: ${opts.sourceDir}` });
  }
  // Every entry is a region, the settings, or a mistake: a stray file (us-west-2.yaml, a
  // region saved under the wrong extension) would otherwise be a region silently left
  // out. Hidden files (.gitkeep, editor swap files) are not inputs.
  const files = entries.filter((e) => e.isFile() && SOURCE_RE.test(e.name)).map((e) => e.name).sort();
  for (const e of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith(".") || (e.isFile() && SOURCE_RE.test(e.name))) continue;
    loadErrors.push({
      file: `${display}/${e.name}${e.isDirectory() ? "/" : ""}`,
      path: "",
      message: `is neither a region nor the platform file; the folder may hold only ${ACCEPTED_FILES}, got ${kindOf(e)}`,
    });
  }

  const load = (name: string): unknown => {
    const shown = `${display}/${name}`;
    try {
      const mod = require(moduleFor(path.join(opts.sourceDir, name))) as { default?: unknown };
      // A JSON file is the data itself; a module exports it as default.
      const data = name.endsWith(".json") ? mod : mod.default;
      if (data === undefined) {
        loadErrors.push({ file: shown, path: "", message: "must `export default` the region (defineRegion({...})), got no default export" });
      }
      return data;
    } catch (e) {
      loadErrors.push({ file: shown, path: "", message: `could not be loaded: ${(e as Error).message.split("\n")[0]}` });
      return undefined;
    }
  };

  const settingsName = files.find((f) => path.parse(f).name === SETTINGS_FILE);
  const settings = settingsName
    ? { file: `${display}/${settingsName}`, data: load(settingsName) }
    : { file: `${display}/${SETTINGS_FILE}.ts`, data: undefined };
  if (!settingsName) {
    loadErrors.push({ file: settings.file, path: "", message: "is missing: platform-wide settings (definePlatform({...})) are required" });
  }
  const loaded = files.filter((f) => f !== settingsName).map((f) => ({ file: `${display}/${f}`, data: load(f) }));
  const regions = loaded.filter((r) => r.data !== undefined);
  return { dir: `${display}/`, settings, regions, loadErrors, regionsMissing: regions.length < loaded.length };
}

function kindOf(e: fs.Dirent): string {
  if (e.isDirectory()) return "a folder";
  const ext = path.extname(e.name);
  return ext ? `a ${ext} file` : "a file without an extension";
}
