module.exports = require("../../base").primary({ traffic: { priority: 1, weight: 0 } });
