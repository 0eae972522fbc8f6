module.exports = require("../../base").primary({ observabilityHub: "yes" });
