import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lintTree } from "../../../tools/lint";
import { CLOUD_IDS } from "../../../catalog/cloud";
import { formatViolation, LINTED_CLOUD_IDS, lintSource } from "../../../tools/lint/rules";

const FIXTURES = path.join(__dirname, "fixtures");

/** A fixture file's first line names the project path it pretends to live at. */
function lintFixture(name: string): string[] {
  const text = fs.readFileSync(path.join(FIXTURES, name), "utf8");
  const file = /^\/\/ path: (\S+)/.exec(text)![1];
  return lintSource(file, text).map(formatViolation);
}

describe("house-rule lint", () => {
  it("fails when a provider is imported through its barrel", () => {
    expect(lintFixture("barrel-import.txt")).toEqual([
      expect.stringMatching(/^stacks\/barrel-import\.ts:2: deep-provider-import: imports the barrel "@cdktf\/provider-aws"; import provider classes from their module/),
      expect.stringMatching(/^stacks\/barrel-import\.ts:4: deep-provider-import: imports the barrel "@cdktf\/provider-google\/lib"/),
    ]);
  });

  it("fails when an optional prop of a construct's props has no @default", () => {
    expect(lintFixture("optional-prop-without-default.txt")).toEqual([
      expect.stringMatching(/^constructs\/aws\/example-pool\.ts:6: props-default: ExamplePoolProps\.desiredNodes is optional without @default/),
    ]);
  });

  it("fails when a construct compares the cloud", () => {
    expect(lintFixture("cloud-branch.txt")).toEqual([
      expect.stringMatching(/^constructs\/gpu-operator\/example\.ts:3: no-cloud-branch: compares props\.cloud === "gcp"; outside stacks\/ and tests, never branch on a particular cloud/),
      expect.stringMatching(/^constructs\/gpu-operator\/example\.ts:5: no-cloud-branch: compares "aws" !== cloud/),
    ]);
  });

  it("lets stacks branch on the cloud (the one place per layer)", () => {
    const text = fs.readFileSync(path.join(FIXTURES, "cloud-branch.txt"), "utf8");
    expect(lintSource("stacks/platform-stack.ts", text)).toEqual([]);
    const outside = fs.readFileSync(path.join(FIXTURES, "cloud-branch-outside-constructs.txt"), "utf8");
    expect(lintSource("stacks/platform-stack.ts", outside)).toEqual([]);
  });

  it("fails when config/ branches on a particular cloud, in every form", () => {
    expect(lintFixture("cloud-branch-outside-constructs.txt")).toEqual([
      expect.stringMatching(/^config\/example-rules\.ts:3: no-cloud-branch: compares region\.cloud === "azure"; outside stacks\/ and tests, never branch on a particular cloud/),
      // An alias of the discriminator is caught by the literal it is compared with.
      expect.stringMatching(/^config\/example-rules\.ts:5: no-cloud-branch: compares c !== "gcp";/),
      expect.stringMatching(/^config\/example-rules\.ts:7: no-cloud-branch: switches on region\.cloud with case "gcp";/),
      expect.stringMatching(/^config\/example-rules\.ts:10: no-cloud-branch: tests membership of a cloud: clouds\.includes\("aws"\);/),
      expect.stringMatching(/^config\/example-rules\.ts:11: no-cloud-branch: compares region\["cloud"\] == settings\.project;/),
    ]);
  });

  it("fails when tools/, policies/, catalog/ or main.ts branch on a particular cloud", () => {
    const text = fs.readFileSync(path.join(FIXTURES, "cloud-branch-outside-constructs.txt"), "utf8");
    for (const file of ["tools/preflight/needs.ts", "policies/rules/example.ts", "catalog/example.ts", "main.ts", "regions/eu-west-1.ts"]) {
      expect(lintSource(file, text).map((v) => `${v.line} ${v.rule}`)).toEqual(["3 no-cloud-branch", "5 no-cloud-branch", "7 no-cloud-branch", "10 no-cloud-branch", "11 no-cloud-branch"]);
    }
  });

  it("lets tests build per-cloud fixtures", () => {
    const text = fs.readFileSync(path.join(FIXTURES, "cloud-branch-outside-constructs.txt"), "utf8");
    expect(lintSource("test/config/example.test.ts", text)).toEqual([]);
  });

  it("passes comparisons that name no particular cloud (two regions' clouds, a cloud tested for presence)", () => {
    expect(lintFixture("cloud-comparisons-allowed.txt")).toEqual([]);
  });

  it("knows the same clouds as the catalog", () => {
    expect([...LINTED_CLOUD_IDS].sort()).toEqual([...CLOUD_IDS].sort());
  });

  it("fails when a construct imports config/schema", () => {
    expect(lintFixture("config-schema-import.txt")).toEqual([
      expect.stringMatching(/^constructs\/gcp\/example-pool\.ts:2: no-config-schema: imports "\.\.\/\.\.\/config\/schema"; constructs\/ never imports config\/schema/),
    ]);
  });

  it("fails when props.dependsOn reaches one list twice", () => {
    expect(lintFixture("depends-on-twice.txt")).toEqual([
      expect.stringMatching(/^constructs\/gpu-operator\/example\.ts:5: depends-on-twice: spreads props\.dependsOn 2 times in one body/),
    ]);
  });

  it("fails when another layer imports a file inside a construct folder", () => {
    expect(lintFixture("deep-construct-import.txt")).toEqual([
      expect.stringMatching(/^tools\/example\/index\.ts:2: index-import: imports "\.\.\/\.\.\/constructs\/llm-serving\/router"; outside constructs\/, import a construct folder through its index\.ts/),
    ]);
  });

  it("lets tests reach into a construct folder", () => {
    const text = fs.readFileSync(path.join(FIXTURES, "deep-construct-import.txt"), "utf8");
    expect(lintSource("test/tools/example.test.ts", text.replace(/\.\.\/\.\.\//g, "../../../"))).toEqual([]);
  });

  it("passes a construct that keeps every rule", () => {
    expect(lintFixture("clean.txt")).toEqual([]);
  });

  describe("on a tree", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "lint-"));
      fs.mkdirSync(path.join(dir, "constructs", "gcp"), { recursive: true });
      fs.copyFileSync(path.join(FIXTURES, "config-schema-import.txt"), path.join(dir, "constructs", "gcp", "example-pool.ts"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fails when a file breaks a rule", () => {
      expect(lintTree(dir).map(formatViolation)).toEqual([expect.stringMatching(/^constructs\/gcp\/example-pool\.ts:2: no-config-schema/)]);
    });
  });
});
