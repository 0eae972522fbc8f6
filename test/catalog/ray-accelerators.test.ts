import * as fs from "fs";
import * as path from "path";
import { GPU_NAMES } from "../../catalog/gpus";
import { RAY_ACCELERATORS } from "../../catalog/ray-accelerators";
import { REFERENCE_DIR } from "../reference";

/**
 * Ray's own list (ray.util.accelerators at the vendored commit): constants above the note
 * "these labels are not auto-added to nodes" are names Ray detects; those below it are
 * names a user must add by hand.
 */
function rayAcceleratorConstants(): { detected: Set<string>; manual: Set<string> } {
  const text = fs.readFileSync(path.join(REFERENCE_DIR, "ray", "accelerators-ray-master-f3b563a.py"), "utf8");
  const note = text.indexOf("not auto-added");
  if (note < 0) throw new Error("accelerators.py no longer has the 'not auto-added' note; re-read it");
  const constants = (part: string) => new Set([...part.matchAll(/^[A-Z0-9_a-z]+ = "([^"]+)"$/gm)].map((m) => m[1]));
  return { detected: constants(text.slice(0, note)), manual: constants(text.slice(note)) };
}

describe("Ray accelerator names come from Ray's own list", () => {
  const ray = rayAcceleratorConstants();

  test("the vendored file parses into the two groups (guards the parser)", () => {
    expect(ray.detected).toContain("L40S");
    expect(ray.manual).toEqual(new Set(["A100-40G", "A100-80G"]));
  });

  test.each(GPU_NAMES)("%s: the detected name is one Ray adds to nodes by itself", (gpu) => {
    expect(ray.detected).toContain(RAY_ACCELERATORS[gpu].detected);
  });

  test.each(GPU_NAMES)("%s: every manual name is one Ray defines but does not add", (gpu) => {
    for (const name of RAY_ACCELERATORS[gpu].manual) expect(ray.manual).toContain(name);
  });

  test("A100 sizes are not treated as detected names (Ray would never add them, so a model asking for one would never start)", () => {
    expect(RAY_ACCELERATORS["A100-80GB"].detected).toBe("A100");
    expect(RAY_ACCELERATORS["A100-40GB"].detected).toBe("A100");
  });
});
