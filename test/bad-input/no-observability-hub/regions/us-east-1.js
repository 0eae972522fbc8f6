module.exports = require("../../base").primary({ observabilityHub: false });
