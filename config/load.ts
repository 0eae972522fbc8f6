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

/**
 * Reads every region file and the settings file, without judging their content: what a
 * file exports goes to validation as `unknown`. A file that cannot be loaded becomes a
 * load error naming it, so one broken file does not hide the problems of the others.
 */
export function loadRegions(opts: LoadOptions): RawInput {
  const display = opts.displayDir ?? "regions";
  const moduleFor = opts.moduleFor ?? ((f: string) => f);
  const loadErrors: ConfigError[] = [];
  const files = fs.existsSync(opts.sourceDir)
    ? fs.readdirSync(opts.sourceDir).filter((f) => SOURCE_RE.test(f)).sort()
    : [];
  if (!fs.existsSync(opts.sourceDir)) {
    loadErrors.push({ file: `${display}/`, path: "", message: `folder not found: ${opts.sourceDir}` });
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
  const regions = files
    .filter((f) => f !== settingsName)
    .map((f) => ({ file: `${display}/${f}`, data: load(f) }))
    .filter((r) => r.data !== undefined);
  return { dir: `${display}/`, settings, regions, loadErrors };
}
