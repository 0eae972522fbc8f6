"use strict";
/**
 * Jest transform for the project's TypeScript: `ts.transpileModule` with tsconfig.json's
 * options, file by file, with no type check and no language service (what made ts-jest
 * slow); types are checked by `npm run typecheck`. TypeScript rather than esbuild here
 * because tests spy on module exports (`jest.spyOn(module, "fn")`): tsc's CommonJS emit
 * assigns exports as plain properties, esbuild's defines them as getters a spy cannot
 * replace. Returns a source map, so failures point at the .ts lines.
 *
 * TypeScript (~9 MB) is loaded only when a file must be transpiled: on a warm run every
 * file comes from jest's cache, whose key needs only TypeScript's version and the text of
 * tsconfig.json, so neither jest's main process nor its workers load the compiler.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const TSCONFIG = path.join(root, "tsconfig.json");
const TS_VERSION = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
const optionsKey = `${TS_VERSION}\0${fs.readFileSync(TSCONFIG, "utf8")}`;

let compilerOptions;
function loadCompiler() {
  const ts = require("typescript");
  if (!compilerOptions) {
    const tsconfig = ts.parseJsonConfigFileContent(ts.readConfigFile(TSCONFIG, ts.sys.readFile).config, ts.sys, root);
    compilerOptions = { ...tsconfig.options, noEmit: false, declaration: false, sourceMap: true, inlineSourceMap: false };
  }
  return { ts, compilerOptions };
}

module.exports = {
  process(source, filename) {
    const { ts, compilerOptions: options } = loadCompiler();
    const { outputText, sourceMapText } = ts.transpileModule(source, { fileName: filename, compilerOptions: options });
    return { code: outputText, map: sourceMapText };
  },
  getCacheKey(source, filename, { configString }) {
    return crypto.createHash("sha256").update(`${optionsKey}\0${filename}\0${configString}\0`).update(source).digest("hex");
  },
};
