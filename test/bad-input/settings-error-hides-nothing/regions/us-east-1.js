module.exports = require("../../base").primary({ network: { cidr: "10.10.0.0/16", zones: ["us-east-1a", "eu-west-1a"] } });
