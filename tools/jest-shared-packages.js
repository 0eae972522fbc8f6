"use strict";
/**
 * The packages tools/jest-runtime.js loads once per jest worker (by Node's `require`, outside
 * the test files' contexts), matched against the name a module is required by: cdktf,
 * constructs and the cdktf providers (most of a test file's module loading), and the large
 * libraries most test files load (zod, yaml, ajv, typescript). None keeps state a test could
 * see from another file, and none is spied on or mocked by the tests.
 */
exports.SHARED_PACKAGES = /^(cdktf|constructs|@cdktf\/provider-[a-z0-9-]+|zod|yaml|ajv|typescript)(\/|$)/;
