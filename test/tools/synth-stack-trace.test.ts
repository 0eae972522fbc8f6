/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * tools/synth-stack-trace.js stands in for cdktf's token stack-trace module in `npm run synth`
 * (tools/ts-bundle.js): no frames unless PLATFORM_DEBUG=1, the only mode that prints them.
 */
type StackTraceModule = { captureStackTrace: (below?: Function) => string[] }; // eslint-disable-line @typescript-eslint/no-unsafe-function-type

function load(debug: string | undefined): StackTraceModule {
  const before = process.env.PLATFORM_DEBUG;
  if (debug === undefined) delete process.env.PLATFORM_DEBUG;
  else process.env.PLATFORM_DEBUG = debug;
  try {
    let mod: StackTraceModule | undefined;
    jest.isolateModules(() => {
      mod = require("../../tools/synth-stack-trace.js") as StackTraceModule;
    });
    return mod!;
  } finally {
    if (before === undefined) delete process.env.PLATFORM_DEBUG;
    else process.env.PLATFORM_DEBUG = before;
  }
}

describe("creation stacks in npm run synth", () => {
  afterEach(() => jest.restoreAllMocks());

  test.each([[undefined], ["0"], ["true"]])("PLATFORM_DEBUG=%s: no frames are captured, and every token gets an empty stack of its own", (debug) => {
    const { captureStackTrace } = load(debug);
    const spy = jest.spyOn(Error, "captureStackTrace");
    const a = captureStackTrace();
    const b = captureStackTrace();
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
    expect(spy).not.toHaveBeenCalled();
  });

  test("PLATFORM_DEBUG=1: the caller's frames, as cdktf's own module gives them, the stand-in's frame hidden", () => {
    const { captureStackTrace } = load("1");
    function tokenConstructor(): string[] {
      return captureStackTrace();
    }
    const stack = [...tokenConstructor()];
    expect(stack[0]).toMatch(/^tokenConstructor \(.*synth-stack-trace\.test\.ts:\d+:\d+\)$/);
    expect(stack.join("\n")).not.toMatch(/tools\/(synth|lazy)-stack-trace\.js/);
  });

  test("PLATFORM_DEBUG=1: `below` hides the frames from that function up, as in cdktf's", () => {
    const { captureStackTrace } = load("1");
    function inner(): string[] {
      return captureStackTrace(inner);
    }
    function outer(): string[] {
      return inner();
    }
    expect([...outer()][0]).toMatch(/^outer \(/);
  });
});
