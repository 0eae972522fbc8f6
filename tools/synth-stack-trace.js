"use strict";
/**
 * cdktf 0.21.0's `lib/tokens/private/stack-trace.js` as `npm run synth` runs it
 * (tools/ts-bundle.js bundles this file in its place) and as the tests run it
 * (tools/jest-runtime.js seeds it for the worker's shared cdktf).
 *
 * cdktf captures a creation stack for every Lazy, Intrinsic and complex-attribute token and
 * reads it only to word a resolution error ("Object creation stack: ..."). main.ts prints
 * the first line of an internal error, and the rest of it only with `PLATFORM_DEBUG=1`. So
 * without `PLATFORM_DEBUG=1` no frames are captured: every token gets an empty creation
 * stack, which cdktf's messages already allow for (they then leave that part out). Capturing
 * full-depth frames of deep construct stacks was the largest single cost of building the
 * app in a warm synth. With `PLATFORM_DEBUG=1` the frames are captured as
 * tools/lazy-stack-trace.js does (the same frames, formatted when read).
 */
const lazy = require("./lazy-stack-trace.js");

const CAPTURE = process.env.PLATFORM_DEBUG === "1";

function captureStackTrace(below) {
  return CAPTURE ? lazy.captureStackTrace(below || captureStackTrace) : [];
}

exports.captureStackTrace = captureStackTrace;
