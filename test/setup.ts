// cdktf's matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform and
// friends, from Testing.setupJest()), registered by name and loaded on first use: loading
// cdktf costs every test file that never synthesizes (a third of them) a few hundred ms.
const CDKTF_MATCHERS = [
  "toHaveResource",
  "toHaveResourceWithProperties",
  "toHaveDataSource",
  "toHaveDataSourceWithProperties",
  "toHaveProvider",
  "toHaveProviderWithProperties",
  "toBeValidTerraform",
  "toPlanSuccessfully",
] as const;

let cdktfMatchers: Record<string, jest.CustomMatcher> | undefined;

/** cdktf's own matcher implementations: Testing.setupJest() hands them to `expect.extend`, caught here. */
function loadCdktfMatchers(): Record<string, jest.CustomMatcher> {
  if (!cdktfMatchers) {
    // cdktf's adapter reads the global `expect`; only `extend` is called while it sets up.
    const global = globalThis as unknown as { expect: unknown };
    const jestExpect = global.expect;
    global.expect = { extend: (m: Record<string, jest.CustomMatcher>) => { cdktfMatchers = m; } };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require("cdktf") as typeof import("cdktf")).Testing.setupJest();
    } finally {
      global.expect = jestExpect;
    }
  }
  return cdktfMatchers!;
}

expect.extend(Object.fromEntries(CDKTF_MATCHERS.map((name) => [
  name,
  function (this: jest.MatcherContext, received: unknown, ...expected: unknown[]) {
    return loadCdktfMatchers()[name].call(this, received, ...expected);
  },
])));
