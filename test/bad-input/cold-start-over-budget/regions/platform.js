// Ten minutes is less than any model's cold start (node + image + weights + engine).
module.exports = require("../../base").platform({ coldStart: { maxSeconds: 600 } });
