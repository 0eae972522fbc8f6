module.exports = require("../../base").primary({ network: { cidr: "10.10.0.1/16" } });
