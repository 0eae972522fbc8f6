/**
 * `npm test`: unit, construct and snapshot tests, transpiled file by file without a type
 * check (tools/jest-transform.js; types are checked by `npm run typecheck`). Tests
 * that synthesize the whole app to disk or drive real binaries are `*.integration.test.ts`
 * and run with `npm run test:integration`.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/tools/jest-transform.js" },
  // cdktf, constructs, the providers, zod, yaml, ajv and typescript load once per worker,
  // outside the test files' contexts (tools/jest-runtime.js; cdktf with tools/lazy-stack-trace.js).
  runtime: "<rootDir>/tools/jest-runtime.js",
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // One folder per run where workers share the topologies they synthesized (test/shared-synth.ts).
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/cdktf.out/", "\\.integration\\.test\\.ts$"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/cdktf.out/"],
  // Jest's default is cores - 1: one worker on the 2-core machines this runs on.
  maxWorkers: 2,
  // Workers end on their own once their last file is done (no open handle: --detectOpenHandles
  // finds none), but tearing down a worker that loaded cdktf, the providers and compiled CRD
  // schemas (about 1 GB of heap) can take longer than jest's 500 ms default on a busy 2-core
  // machine, which jest then reports as a leak and kills. Give the exit time to finish.
  workerGracefulExitTimeout: 10000,
};
