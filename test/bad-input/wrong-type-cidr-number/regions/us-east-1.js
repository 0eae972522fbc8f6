module.exports = require("../../base").primary({ network: { cidr: 10 } });
