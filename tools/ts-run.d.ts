/** Types of tools/ts-run.js's exports for TypeScript callers (tests). */

/** Writes `data` to `file` through a temporary file and a rename, so a reader never sees half a file; a failure (a read-only cache) is ignored. */
export declare function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): void;
