"use strict";
/**
 * Drop-in for cdktf 0.21.0's `lib/tokens/private/stack-trace.js` (a copy of constructs'
 * `captureStackTrace`), which every Lazy, Intrinsic and ComplexComputedList token calls
 * when it is created. The original formats the whole stack into strings at once; cdktf
 * reads that `creationStack` only to word an error ("Object creation stack: ..."), so on
 * a run that succeeds the formatting (V8's prepareStackTrace, ~13% of a synth) is wasted.
 *
 * This version captures the same frames at the same moment (same depth, same `below`) and
 * formats them on first read: the array an error message joins is line for line what the
 * original would have held. tools/synth-stack-trace.js uses it with PLATFORM_DEBUG=1, in
 * synth (tools/ts-bundle.js) and in tests (tools/jest-runtime.js); tools/ts-run.js without
 * --bundle loads cdktf's own file.
 */
function captureStackTrace(below) {
  below = below || captureStackTrace; // hide myself if nothing else
  const holder = {};
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  // The Proxy keeps every read on its own target, filled on the first read, so the
  // invariants of a Proxy over an array (its non-configurable `length`) always hold.
  const lines = [];
  let filled = false;
  const fill = () => {
    if (filled) return lines;
    filled = true;
    // Reading `.stack` is what formats the captured frames.
    const stack = holder.stack;
    if (stack) lines.push(...stack.split("\n").slice(1).map((s) => s.replace(/^\s*at\s+/, "")));
    return lines;
  };
  return new Proxy(lines, {
    get: (t, p) => Reflect.get(fill(), p),
    has: (t, p) => Reflect.has(fill(), p),
    ownKeys: () => Reflect.ownKeys(fill()),
    getOwnPropertyDescriptor: (t, p) => Reflect.getOwnPropertyDescriptor(fill(), p),
    set: (t, p, v) => Reflect.set(fill(), p, v),
    defineProperty: (t, p, d) => Reflect.defineProperty(fill(), p, d),
    deleteProperty: (t, p) => Reflect.deleteProperty(fill(), p),
  });
}

exports.captureStackTrace = captureStackTrace;
