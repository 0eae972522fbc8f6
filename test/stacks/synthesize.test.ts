import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizePlatform } from "../../stacks/synthesize";
import { defaultConfig } from "../helpers";

describe("synthesizePlatform", () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-")); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("writes one stack folder per stack, named <region>-cluster, and leaves no staging folder", () => {
    const out = path.join(dir, "cdktf.out");
    const stacks = synthesizePlatform(defaultConfig(), out);
    expect(stacks).toEqual(expect.arrayContaining(["asia-south1-cluster", "eu-west-1-cluster", "us-east-1-cluster"]));
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual([...stacks].sort());
    expect(fs.readdirSync(dir)).toEqual(["cdktf.out"]);
  });

  test("leaves the previous output untouched when synthesis fails", () => {
    const out = path.join(dir, "cdktf.out");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "previous.json"), "{}");
    const broken = { ...defaultConfig(), regions: [{ ...defaultConfig().regions[1], gpuPools: [{ ...defaultConfig().regions[1].gpuPools[0], nodeOs: "cos" as const }] }] };
    expect(() => synthesizePlatform(broken, out)).toThrow('EksGpuNodePool: node OS "cos" is GKE-only (pool l4)');
    expect(fs.readdirSync(out)).toEqual(["previous.json"]);
    expect(fs.readdirSync(dir)).toEqual(["cdktf.out"]);
  });
});
