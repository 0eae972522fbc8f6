module.exports = require("../../base").primary({ network: { cidr: "10.0.0.0/8" } });
