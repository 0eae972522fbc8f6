import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { NODE_FLAGS } from "../../tools/ts-bundle";
import { ROOT } from "../helpers";

/**
 * The Node flags of a bundled synth (tools/ts-bundle.js) only work on the command line, so
 * every command that starts one spells them out: they must be the same list everywhere, or
 * the runs would also keep two code caches.
 */
describe("the Node flags of a bundled synth", () => {
  const command = `node ${NODE_FLAGS.join(" ")} tools/ts-run.js --bundle main.ts`;

  test("npm run synth and cdktf synth start the app with them", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string };
    expect(NODE_FLAGS.length).toBeGreaterThan(0);
    expect(pkg.scripts.synth).toBe(command);
    expect(cdktf.app).toBe(command);
  });

  test("this Node accepts them", () => {
    const r = spawnSync(process.execPath, [...NODE_FLAGS, "-e", "0"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
