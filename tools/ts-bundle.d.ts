/** Types of tools/ts-bundle.js's exports for TypeScript callers (tools that start a bundled synth, tests). */

/** The Node flags every bundled synth starts with (`npm run synth`, `cdktf synth`, deploy, bench). */
export declare const NODE_FLAGS: readonly string[];
