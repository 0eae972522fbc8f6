/** The packages tools/jest-runtime.js loads once per jest worker, matched against a required name. */
export declare const SHARED_PACKAGES: RegExp;
