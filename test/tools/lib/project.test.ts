import * as path from "path";
import { projectRoot } from "../../../tools/lib/project";

describe("projectRoot", () => {
  // The CLIs run as sources (tools/ts-run.js) from tools/<tool>/.
  test("finds the project from a tool folder", () => {
    expect(projectRoot("/p/tools/plan-diff")).toBe("/p");
    expect(projectRoot(path.join("/p", "tools", "lib"))).toBe("/p");
  });

  test("fails when the folder is not inside tools/", () => {
    expect(() => projectRoot("/p/src")).toThrow("projectRoot: /p/src is not inside a tools/ folder");
  });
});
