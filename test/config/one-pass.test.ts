import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigValidationError, formatConfigError, show, type ConfigError } from "../../config/errors";
import { loadRegions } from "../../config/load";
import { RegionSchema, type RegionConfig } from "../../config/schema";
import { parseFields, validatePlatform, type RawInput } from "../../config/validate";
import { AWS_REGION, GCP_REGION, rawInput, SETTINGS } from "./small-topology";
import { TEST_TODAY } from "../helpers";

function problems(raw: RawInput): string[] {
  try {
    validatePlatform(raw, undefined, { today: TEST_TODAY });
    return [];
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.errors.map(formatConfigError);
    throw e;
  }
}

describe("one pass: a schema error hides nothing", () => {
  test("the small topology is valid", () => {
    expect(problems(rawInput(SETTINGS, { "aws-east": AWS_REGION, "gcp-mumbai": GCP_REGION }))).toEqual([]);
  });

  test("fails with every problem when the settings fail the schema: region rules and cross-region rules still run", () => {
    const raw = rawInput({ ...SETTINGS, dns: { zone: "llm.example.com", ttlSeconds: "10" } }, {
      "aws-east": { ...AWS_REGION, network: { cidr: "10.10.0.0/16", zones: ["us-east-1a", "eu-west-1a"] } },
      "gcp-mumbai": { ...GCP_REGION, traffic: { priority: 1 } },
    });
    expect(problems(raw)).toEqual([
      'regions/platform.ts: dns.ttlSeconds: must be number, got string "10"',
      "regions/aws-east.ts: network.zones[1]: must be a zone of us-east-1 (us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f), got \"eu-west-1a\"",
      "regions/gcp-mumbai.ts: traffic.priority: must be unique across regions (regions/aws-east.ts has it too), got 1",
    ]);
  });

  test("fails with every problem when one region fails the schema: its other fields and the other regions are still judged", () => {
    const raw = rawInput(SETTINGS, {
      "aws-east": { ...AWS_REGION, gpuPools: [{ ...AWS_REGION.gpuPools[0], capacityType: "spott" }], cluster: { kubernetesVersion: "1.24" } },
      "gcp-mumbai": { ...GCP_REGION, traffic: { priority: 1 } },
    });
    expect(problems(raw)).toEqual([
      'regions/aws-east.ts: gpuPools[0].capacityType: must be one of on-demand, spot, got "spott"',
      'regions/aws-east.ts: cluster.kubernetesVersion: must be one of the EKS versions in catalog/kubernetes-versions.ts (1.31, 1.32, 1.33, 1.34, 1.35), got "1.24"',
      "regions/gcp-mumbai.ts: traffic.priority: must be unique across regions (regions/aws-east.ts has it too), got 1",
    ].map((l) => (l.includes("kubernetesVersion") ? expect.stringMatching(/^regions\/aws-east\.ts: cluster\.kubernetesVersion: must be one of the EKS versions in catalog\/kubernetes-versions\.ts \(.*\), got "1\.24"$/) : l)));
  });

  test("a rule whose field failed is skipped, not run on a guess: no 'no hubs' or 'no receiver' when observability is broken", () => {
    const raw = rawInput({ ...SETTINGS, observability: { hubs: "aws-east" } } as unknown as typeof SETTINGS, { "aws-east": AWS_REGION, "gcp-mumbai": GCP_REGION });
    expect(problems(raw)).toEqual([expect.stringMatching(/^regions\/platform\.ts: observability\.hubs: .*got string "aws-east"$/)]);
  });

  test("counting rules still report what a broken region cannot change: the same region as both hubs", () => {
    const raw = rawInput({ ...SETTINGS, observability: { ...SETTINGS.observability, hubs: { primary: "aws-east", standby: "aws-east" } } }, {
      "aws-east": AWS_REGION,
      "gcp-mumbai": GCP_REGION,
      "broken": [],
    });
    expect(problems(raw)).toEqual([
      "regions/broken.ts: must be object, got an array []",
      'regions/platform.ts: observability.hubs.standby: must be another region than the primary hub, so losing one region leaves a hub, got "aws-east"',
    ]);
  });

  test("a hub named after a region that failed to parse is not reported as unknown (it may be that region)", () => {
    const raw = rawInput({ ...SETTINGS, observability: { ...SETTINGS.observability, hubs: { primary: "aws-east", standby: "broken" } } }, {
      "aws-east": AWS_REGION,
      "gcp-mumbai": GCP_REGION,
      "broken": [],
    });
    expect(problems(raw)).toEqual(["regions/broken.ts: must be object, got an array []"]);
  });

  test("a region file that failed to load suspends 'none' counts (it may be the primary)", () => {
    const raw = { ...rawInput(SETTINGS, { "gcp-mumbai": GCP_REGION }), regionsMissing: true, loadErrors: [{ file: "regions/aws-east.ts", path: "", message: "could not be loaded: Unexpected end of input" }] };
    expect(problems(raw)).toEqual(["regions/aws-east.ts: could not be loaded: Unexpected end of input"]);
  });
});

describe("parseFields", () => {
  test("keeps the fields that parsed, with defaults, and says which", () => {
    const errors: ConfigError[] = [];
    const parsed = parseFields<RegionConfig>(RegionSchema, "r.ts", { ...AWS_REGION, traffic: { priority: "1" } }, errors);
    expect(parsed.known.has("traffic")).toBe(false);
    expect(parsed.known.has("gpuPools")).toBe(true);
    // A default applied inside the field (capacity types default in config/capacity.ts, not the schema).
    expect(parsed.value.gpuPools?.[0].diskSizeGiB).toBe(200);
    expect(errors).toHaveLength(1);
  });

  test("knows nothing of a file that is not an object", () => {
    expect(parseFields<RegionConfig>(RegionSchema, "r.ts", "us-east-1", []).known.size).toBe(0);
  });
});

describe("messages show the value received", () => {
  test("non-finite numbers print as themselves, not null", () => {
    expect([show(NaN), show(Infinity), show(-Infinity), show([1, NaN]), show({ a: Infinity })]).toEqual(["NaN", "Infinity", "-Infinity", "[1,NaN]", '{"a":Infinity}']);
    const raw = rawInput(SETTINGS, { "aws-east": { ...AWS_REGION, systemPool: { ...AWS_REGION.systemPool, maxNodes: NaN } }, "gcp-mumbai": GCP_REGION });
    expect(problems(raw)).toEqual(["regions/aws-east.ts: systemPool.maxNodes: must be a finite number, got NaN"]);
  });

  test("a number where the schema takes 10 | 30 lists both values", () => {
    const raw = rawInput({ ...SETTINGS, traffic: { healthCheck: { requestIntervalSeconds: 15 } } }, { "aws-east": AWS_REGION, "gcp-mumbai": GCP_REGION });
    expect(problems(raw)).toEqual(["regions/platform.ts: traffic.healthCheck.requestIntervalSeconds: must be one of 10, 30, got 15"]);
  });

  test("a fraction where the schema takes a whole number", () => {
    const raw = rawInput(SETTINGS, { "aws-east": { ...AWS_REGION, systemPool: { ...AWS_REGION.systemPool, minNodes: 1.5 } }, "gcp-mumbai": GCP_REGION });
    expect(problems(raw)).toEqual(["regions/aws-east.ts: systemPool.minNodes: must be a whole number, got 1.5"]);
  });
});

describe("loadRegions: files that are neither a region nor the platform file", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "regions-"));
    fs.writeFileSync(path.join(dir, "platform.json"), JSON.stringify(SETTINGS));
    fs.writeFileSync(path.join(dir, "aws-east.json"), JSON.stringify(AWS_REGION));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("fails when the folder holds a YAML region, a README or a subfolder, naming each and what is accepted", () => {
    fs.writeFileSync(path.join(dir, "us-west-2.yaml"), "name: us-west-2\n");
    fs.writeFileSync(path.join(dir, "README"), "notes\n");
    fs.mkdirSync(path.join(dir, "old"));
    const raw = loadRegions({ sourceDir: dir, displayDir: "regions" });
    const accepted = "the folder may hold only region files <name>.ts (or .js, .json) exporting defineRegion({...}), and platform.ts exporting definePlatform({...})";
    expect(raw.loadErrors?.map(formatConfigError)).toEqual([
      `regions/old/: is neither a region nor the platform file; ${accepted}, got a folder`,
      `regions/README: is neither a region nor the platform file; ${accepted}, got a file without an extension`,
      `regions/us-west-2.yaml: is neither a region nor the platform file; ${accepted}, got a .yaml file`,
    ]);
    // The stray files do not make the regions incomplete: counting rules still run.
    expect(raw.regionsMissing).toBe(false);
    expect(raw.regions.map((r) => r.file)).toEqual(["regions/aws-east.json"]);
  });

  test("hidden files (.gitkeep, editor swap files) are not inputs", () => {
    fs.writeFileSync(path.join(dir, ".gitkeep"), "");
    expect(loadRegions({ sourceDir: dir, displayDir: "regions" }).loadErrors).toEqual([]);
  });
});
