import * as path from "path";
import { projectRoot } from "../../../tools/lib/project";
import { ROOT } from "../../helpers";

describe("projectRoot", () => {
  // The CLIs run compiled from dist/tools/<tool>/ and as sources under ts-jest.
  test("finds the project from compiled and from source tool folders", () => {
    expect(projectRoot(path.join(ROOT, "dist", "tools", "cost"))).toBe(ROOT);
    expect(projectRoot(path.join(ROOT, "tools", "plan-diff"))).toBe(ROOT);
    expect(projectRoot(path.join(ROOT, "constructs", "gpu-operator"))).toBe(ROOT);
  });

  test("fails when no folder above holds the project", () => {
    expect(() => projectRoot("/")).toThrow("no project root (package.json + helm-values/) above /");
  });
});
