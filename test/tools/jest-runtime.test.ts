/* eslint-disable @typescript-eslint/no-require-imports */
import { SHARED_PACKAGES } from "../../tools/jest-shared-packages";
import { workerMemo } from "../worker-memo";

// What tools/jest-runtime.js (jest.config.js `runtime`) does for this very file: the shared
// packages come from the worker's Node require, outside this test's vm context, so their
// functions are not instances of this context's Function; project modules are jest's.
describe("jest runtime that loads the heavy packages once per worker", () => {
  test.each(["cdktf", "constructs", "@cdktf/provider-aws/lib/eks-cluster", "zod", "yaml", "ajv"])("%s is loaded once per worker, outside the test's context", (name) => {
    const loaded = require(name) as Record<string, unknown>;
    const fn = Object.values(loaded).find((v) => typeof v === "function");
    expect(typeof fn).toBe("function");
    expect(fn instanceof Function).toBe(false);
  });

  test("project modules are still loaded per test file, in the test's context", () => {
    const { defaultConfig } = require("../helpers") as typeof import("../helpers");
    expect(defaultConfig instanceof Function).toBe(true);
  });

  test("the pattern names the packages and their deep imports, and nothing that only starts alike", () => {
    for (const name of ["cdktf", "cdktf/lib/testing/adapters/jest", "constructs", "@cdktf/provider-google/lib/container-cluster", "zod", "yaml", "ajv", "typescript"]) {
      expect(SHARED_PACKAGES.test(name)).toBe(true);
    }
    for (const name of ["cdktf-cli", "constructs-extra", "@cdktf/hcl2json", "zodiac", "./cdktf", "../stacks/app"]) {
      expect(SHARED_PACKAGES.test(name)).toBe(false);
    }
  });

  test("a package a test mocks is jest's mock, not the shared module", () => {
    jest.isolateModules(() => {
      jest.doMock("yaml", () => ({ mocked: true }));
      expect((require("yaml") as { mocked?: boolean }).mocked).toBe(true);
      jest.dontMock("yaml");
    });
  });

  test("the shared cdktf formats token creation stacks lazily (tools/lazy-stack-trace.js), as synth does", () => {
    const { captureStackTrace } = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };
    expect(captureStackTrace.toString()).toContain("new Proxy");
    const stack = captureStackTrace();
    expect(stack.length).toBeGreaterThan(0);
    expect(stack.join("\n")).toContain("jest-runtime.test.ts");
  });

  test("cdktf's jest matchers work from the shared cdktf", () => {
    const { Testing, TerraformStack } = require("cdktf") as typeof import("cdktf");
    const { S3Bucket } = require("@cdktf/provider-aws/lib/s3-bucket") as typeof import("@cdktf/provider-aws/lib/s3-bucket");
    const { AwsProvider } = require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider");
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new S3Bucket(stack, "b", { bucket: "x" });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: "x" });
    expect(synth).not.toHaveResourceWithProperties(S3Bucket, { bucket: "y" });
  });

  test("workerMemo produces a value once and hands the same value back", () => {
    const produce = jest.fn(() => ({ made: Symbol("once") }));
    const first = workerMemo("jest-runtime.test:once", produce);
    expect(workerMemo("jest-runtime.test:once", produce)).toBe(first);
    expect(produce).toHaveBeenCalledTimes(1);
  });

  test("the worker's memo is the runtime's map, shared by the worker's test files", () => {
    const map = (globalThis as Record<symbol, unknown>)[Symbol.for("llmp.test.workerMemo")];
    expect(map).toBeDefined();
    // Made by the runtime in the worker's own context, not by this file's.
    expect(map instanceof Map).toBe(false);
  });
});

describe("the worker's code cache for the modules jest compiles", () => {
  // jest-runtime compiles each module with vm.compileFunction; the worker's replacement hands
  // a second compile of the same source the first one's cache.
  const vm = require("vm") as typeof import("vm");
  const source = "return 40 + 2;";

  test("a second compile of the same source in another context uses the first one's cache", () => {
    const filename = `/virtual/code-cache-${Date.now()}.js`;
    const first = vm.compileFunction(source, [], { filename, parsingContext: vm.createContext({}) }) as unknown as { (): number; cachedDataRejected?: boolean };
    const second = vm.compileFunction(source, [], { filename, parsingContext: vm.createContext({}) }) as unknown as { (): number; cachedDataRejected?: boolean };
    expect(first()).toBe(42);
    expect(second()).toBe(42);
    expect(first.cachedDataRejected).toBeUndefined();
    expect(second.cachedDataRejected).toBe(false);
  });

  test("a changed source under the same name is compiled afresh, not from the old cache", () => {
    const filename = `/virtual/code-cache-changed-${Date.now()}.js`;
    vm.compileFunction(source, [], { filename });
    const changed = vm.compileFunction("return 7;", [], { filename }) as unknown as { (): number; cachedDataRejected?: boolean };
    expect(changed()).toBe(7);
    expect(changed.cachedDataRejected).toBeUndefined();
  });
});
