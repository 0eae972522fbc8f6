module.exports = require("../../base").primary({ network: { zones: "us-east-1a" } });
