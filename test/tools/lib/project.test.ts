import * as path from "path";
import { projectRoot } from "../../../tools/lib/project";

describe("projectRoot", () => {
  // The CLIs run compiled from dist/tools/<tool>/ and as sources under ts-jest.
  test("finds the project from compiled and from source tool folders", () => {
    expect(projectRoot("/p/dist/tools/cost")).toBe("/p");
    expect(projectRoot("/p/tools/plan-diff")).toBe("/p");
    expect(projectRoot(path.join("/p", "tools", "lib"))).toBe("/p");
  });

  test("fails when the folder is not inside tools/", () => {
    expect(() => projectRoot("/p/src")).toThrow("projectRoot: /p/src is not inside a tools/ folder");
  });
});
