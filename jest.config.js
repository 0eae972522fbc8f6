/**
 * `npm test`: unit, construct and snapshot tests, transpiled by esbuild as `npm run synth`
 * transpiles (tools/jest-transform.js; types are checked by `npm run typecheck`). Tests
 * that synthesize the whole app to disk or drive real binaries are `*.integration.test.ts` and run with `npm run test:integration`.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/tools/jest-transform.js" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/cdktf.out/", "\\.integration\\.test\\.ts$"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/cdktf.out/"],
  // Jest's default is cores - 1: one worker on the 2-core machines this runs on.
  maxWorkers: 2,
  // Workers leak nothing (--detectOpenHandles finds no handle; traced: each worker's event
  // loop is empty and its 'exit' event fires within ~50 ms of jest's end message), but on
  // a CPU-starved machine the process itself can take 0.4-0.7 s more to terminate (V8 and
  // platform teardown), past jest's 500 ms default, which then kills it and prints "A worker
  // process has failed to exit gracefully". A worker that truly hangs still gets killed,
  // and still warned about, after this.
  workerGracefulExitTimeout: 3000,
};
