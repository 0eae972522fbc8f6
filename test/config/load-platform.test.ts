import * as path from "path";
import { ConfigValidationError } from "../../config/errors";
import { loadPlatform } from "../../config/load-platform";
import { topologyDir } from "../helpers";

describe("loadPlatform", () => {
  it("loads and validates a regions folder, keeping the settings file messages name", () => {
    const { raw, config } = loadPlatform({ sourceDir: topologyDir("default"), displayDir: "topology" });
    expect(raw.settings.file).toMatch(/^topology\/platform\.(ts|js|json)$/);
    // Validated: defaults are applied, so every region carries its resolved settings.
    expect(config.regions.map((r) => r.name)).toEqual(raw.regions.map((r) => (r.data as { name: string }).name).sort());
  });

  it("fails when the folder does not exist, naming it in the one error listing", () => {
    const missing = path.join(topologyDir("default"), "no-such-folder");
    expect(() => loadPlatform({ sourceDir: missing, displayDir: "nowhere" })).toThrow(ConfigValidationError);
    expect(() => loadPlatform({ sourceDir: missing, displayDir: "nowhere" })).toThrow(`nowhere/: folder not found: ${missing}`);
  });
});
