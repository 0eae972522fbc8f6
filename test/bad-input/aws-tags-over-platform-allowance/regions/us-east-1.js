module.exports = require("../../base").primary();
