import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { synthesizePlatform, validateProviders } from "../../stacks/synthesize";
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
    expect(() => synthesizePlatform(broken, out)).toThrow('eu-west-1: pool l4 has node OS "cos", which is not an EKS OS');
    expect(fs.readdirSync(out)).toEqual(["previous.json"]);
    expect(fs.readdirSync(dir)).toEqual(["cdktf.out"]);
  });
});

describe("synth touches nothing outside the process", () => {
  test("spawns no process (no `terraform version` check), so synth works where Terraform is not installed", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cp = require("child_process") as typeof import("child_process");
    const spies = [jest.spyOn(cp, "execSync"), jest.spyOn(cp, "spawnSync"), jest.spyOn(cp, "execFileSync")];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
    try {
      synthesizePlatform(defaultConfig(), path.join(dir, "cdktf.out"));
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      spies.forEach((s) => s.mockRestore());
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("fails when a resource's provider is not configured in its stack", () => {
    const app = new App({ outdir: "unused", skipValidation: true });
    new S3Bucket(new TerraformStack(app, "no-provider"), "Bucket", {});
    expect(() => validateProviders(app)).toThrow(/^synth: no-provider: Found resources without a matching provider construct\. Please make sure to add provider constructs/);
  });
});
