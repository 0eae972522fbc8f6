/** `npm run test:integration`: whole-app synth to disk, the bad-input corpus through main(), real binaries. */
const base = require("./jest.config");

module.exports = {
  ...base,
  testMatch: ["**/*.integration.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/cdktf.out/"],
};
