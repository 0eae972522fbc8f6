module.exports = require("../../base").secondary({ network: { cidr: "10.10.0.0/16" } });
