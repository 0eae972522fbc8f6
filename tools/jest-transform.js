"use strict";
/**
 * Jest transform for the project's TypeScript: `ts.transpileModule` with tsconfig.json's
 * options, file by file, with no type check and no language service (what made ts-jest
 * slow); types are checked by `npm run typecheck`. TypeScript rather than esbuild here
 * because tests spy on module exports (`jest.spyOn(module, "fn")`): tsc's CommonJS emit
 * assigns exports as plain properties, esbuild's defines them as getters a spy cannot
 * replace. Returns a source map, so failures point at the .ts lines.
 */
const crypto = require("crypto");
const path = require("path");
const ts = require("typescript");

const root = path.resolve(__dirname, "..");
const tsconfig = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile).config, ts.sys, root);
const compilerOptions = { ...tsconfig.options, noEmit: false, declaration: false, sourceMap: true, inlineSourceMap: false };
const optionsKey = JSON.stringify(compilerOptions);

module.exports = {
  process(source, filename) {
    const { outputText, sourceMapText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
    return { code: outputText, map: sourceMapText };
  },
  getCacheKey(source, filename, { configString }) {
    return crypto.createHash("sha256").update(`${ts.version}\0${optionsKey}\0${filename}\0${configString}\0`).update(source).digest("hex");
  },
};
