module.exports = require("../../base").platform({ gcp: undefined });
