import { ConfigValidationError } from "../../config/errors";
import { validatePlatform } from "../../config/validate";
import { problems, rawDefault, regionOf, valid } from "./fixtures";

describe("the default topology", () => {
  test("is valid, sorted by name, with defaults applied", () => {
    const config = valid(rawDefault());
    expect(config.regions.map((r) => r.name)).toEqual(["asia-south1", "eu-west-1", "us-east-1"]);
    // Defaults are applied by the schema, not scattered through constructs.
    const eu = config.regions.find((r) => r.name === "eu-west-1")!;
    expect(eu.network.natGateways).toBe("single");
    expect(eu.gpuPools[0].sharing).toEqual({ mode: "none" });
    expect(eu.gpuPools[0].diskSizeGiB).toBe(200);
  });
});

describe("schema rules", () => {
  test("fails when maxNodes < minNodes, naming file, field, both values", () => {
    const raw = rawDefault();
    Object.assign(regionOf(raw, "eu-west-1").gpuPools[0], { minNodes: 2, maxNodes: 1 });
    expect(problems(raw)).toEqual(["regions/eu-west-1.ts: gpuPools[0].maxNodes: must be >= minNodes (2), got 1"]);
  });

  test("fails when a field has the wrong type", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").systemPool.minNodes = "two";
    expect(problems(raw)).toEqual(['regions/us-east-1.ts: systemPool.minNodes: must be number, got string "two"']);
  });

  test("fails when a required field is missing", () => {
    const raw = rawDefault();
    delete regionOf(raw, "us-east-1").cloud;
    expect(problems(raw)).toEqual(["regions/us-east-1.ts: cloud: must be one of aws, gcp, azure, got nothing"]);
  });

  test("fails when a closed choice gets another value, listing the allowed ones", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").gpuPools[0].capacityType = "reserved";
    expect(problems(raw)).toEqual(['regions/us-east-1.ts: gpuPools[0].capacityType: must be one of on-demand, spot, got "reserved"']);
  });

  test("fails when a field is unknown (a typo), listing the allowed fields", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").gpuPools[0].maxNode = 3;
    const [msg] = problems(raw);
    expect(msg).toMatch(/^regions\/us-east-1\.ts: gpuPools\[0\]: unknown field maxNode; allowed: name, gpu, instanceType, fallbackInstanceTypes, minNodes, maxNodes/);
  });

  test("fails when a CIDR is malformed or has host bits", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").network.cidr = "10.10.1.0/16";
    expect(problems(raw)).toEqual([
      'regions/us-east-1.ts: network.cidr: must be an IPv4 CIDR with no host bits set, such as 10.20.0.0/16, got "10.10.1.0/16"',
    ]);
  });

  test("fails when a region name is not a DNS label", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").name = "US_East";
    expect(problems(raw)[0]).toBe(
      "regions/us-east-1.ts: name: must be a lowercase DNS label (a-z, 0-9 and '-', starting with a letter), got \"US_East\"",
    );
  });

  test("reports every problem of every file at once", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").systemPool.minNodes = -1;
    regionOf(raw, "eu-west-1").gpuPools[0].gpu = "B200";
    raw.settings.data.dns.ttlSeconds = 0;
    const all = problems(raw);
    expect(all).toHaveLength(3);
    expect(all).toEqual(expect.arrayContaining([
      "regions/us-east-1.ts: systemPool.minNodes: must be >= 1, got -1",
      expect.stringMatching(/^regions\/eu-west-1\.ts: gpuPools\[0\]\.gpu: must be one of T4, A10G, L4, .*, got "B200"$/),
      "regions/platform.ts: dns.ttlSeconds: must be >= 1, got 0",
    ]));
  });

  test("the thrown error carries the structured list and a readable summary", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").systemPool.minNodes = 0;
    expect(() => validatePlatform(raw)).toThrow(ConfigValidationError);
    expect(() => validatePlatform(raw)).toThrow(/invalid platform configuration \(1 problem\):\n {2}regions\/us-east-1\.ts: systemPool\.minNodes/);
  });
});

describe("load errors", () => {
  test("fails when platform settings are missing", () => {
    const raw = { ...rawDefault(), settings: { file: "regions/platform.ts", data: undefined }, loadErrors: [{ file: "regions/platform.ts", path: "", message: "is missing: platform-wide settings (definePlatform({...})) are required" }] };
    expect(problems(raw)).toEqual(["regions/platform.ts: is missing: platform-wide settings (definePlatform({...})) are required"]);
  });

  test("fails when there is no region at all", () => {
    const raw = { ...rawDefault(), regions: [] };
    expect(problems(raw)).toEqual(["regions/: must hold at least one region file, got none"]);
  });
});
