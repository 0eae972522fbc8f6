module.exports = require("../../base").primary({ network: { zones: ["us-east-1a", "eu-west-1a"] } });
