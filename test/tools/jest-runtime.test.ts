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

  test("the shared cdktf takes token creation stacks from synth's stand-in (tools/synth-stack-trace.js): none unless PLATFORM_DEBUG=1", () => {
    const { captureStackTrace } = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };
    expect(captureStackTrace.toString()).toContain("CAPTURE ? lazy.captureStackTrace");
    expect(captureStackTrace()).toEqual(process.env.PLATFORM_DEBUG === "1" ? expect.arrayContaining([expect.stringContaining("jest-runtime.test.ts")]) : []);
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

describe("modules are compiled once per worker and run in each test file's context", () => {
  // jest-runtime compiles each module with vm.compileFunction in the test file's context;
  // the worker's replacement compiles a source once, as a script, and runs it in each context.
  const vm = require("vm") as typeof import("vm");
  const compiled = (globalThis as Record<symbol, unknown>)[Symbol.for("llmp.test.compiledModules")] as Map<string, { code: string }>;
  const name = (what: string) => `/virtual/${what}-${process.pid}-${Date.now()}.js`;
  const compile = (code: string, filename: string, context: object, params: string[] = []) =>
    vm.compileFunction(code, params, { filename, parsingContext: vm.createContext(context) }) as unknown as (...args: unknown[]) => unknown;

  // (This file itself is compiled by jest's compileFunction: its text contains an import( call.)
  test("jest compiles the modules this file imports through the worker's compile, and reads them through the kept sources", () => {
    const kept = (globalThis as Record<symbol, unknown>)[Symbol.for("llmp.test.keptFiles")] as Map<string, { text?: string }>;
    for (const [file, marker] of [["../worker-memo", "WORKER_MEMO"], ["../../tools/jest-shared-packages", "SHARED_PACKAGES"]]) {
      const resolved = require.resolve(file);
      expect({ file, compiled: compiled.has(resolved) }).toEqual({ file, compiled: true });
      expect(kept.get(resolved)?.text).toContain(marker);
    }
  });

  test("two contexts share one compiled script; each gets its own function over its own globals and arguments", () => {
    const filename = name("shared");
    const source = "return [typeof marker === 'undefined' ? 'none' : marker, exports.tag, this.self];";
    const first = compile(source, filename, { marker: "a" }, ["exports"]);
    const second = compile(source, filename, { marker: "b" }, ["exports"]);
    expect(first).not.toBe(second);
    expect(first.call({ self: 1 }, { tag: "x" })).toEqual(["a", "x", 1]);
    expect(second.call({ self: 2 }, { tag: "y" })).toEqual(["b", "y", 2]);
    expect(compiled.get(filename)?.code).toBe(source);
    expect([...compiled.keys()].filter((k) => k === filename)).toHaveLength(1);
  });

  test("a changed source under the same name is compiled afresh", () => {
    const filename = name("changed");
    expect(compile("return 1;", filename, {})()).toBe(1);
    expect(compile("return 7;", filename, {})()).toBe(7);
    expect(compiled.get(filename)?.code).toBe("return 7;");
  });

  test("stack traces keep the module's own line numbers", () => {
    const filename = name("lines");
    const fn = compile('"use strict";\n\nthrow new Error("line three");', filename, {});
    expect(() => fn()).toThrow("line three");
    try {
      fn();
    } catch (e) {
      expect((e as Error).stack).toContain(`${filename}:3:`);
    }
  });

  test("a module that uses dynamic import() is compiled by jest's compileFunction, per context", () => {
    const filename = name("dynamic-import");
    const fn = compile("return typeof (() => import('./x'));", filename, {});
    expect(fn()).toBe("function");
    expect(compiled.has(filename)).toBe(false);
  });

  test("a module that starts with a hashbang is compiled by jest's compileFunction, per context", () => {
    const filename = name("hashbang");
    const fn = compile("#!/usr/bin/env node\nreturn 5;", filename, {});
    expect(fn()).toBe(5);
    expect(compiled.has(filename)).toBe(false);
  });
});
