module.exports = require("../../base").platform({ traffic: { healthCheck: { requestIntervalSeconds: 15 } } });
