import * as path from "path";
import { projectRoot } from "../../../tools/lib/project";
import { ROOT } from "../../helpers";

describe("projectRoot", () => {
  // The CLIs run as sources (tools/ts-run.js) from tools/<tool>/; constructs read data through it too.
  test("finds the project from a tool folder and from a construct folder", () => {
    expect(projectRoot(path.join(ROOT, "tools", "plan-diff"))).toBe(ROOT);
    expect(projectRoot(path.join(ROOT, "tools", "lib"))).toBe(ROOT);
    expect(projectRoot(path.join(ROOT, "constructs", "gpu-operator"))).toBe(ROOT);
  });

  test("fails when no folder above holds the project", () => {
    expect(() => projectRoot("/")).toThrow("no project root (package.json + helm-values/) above /");
  });
});
