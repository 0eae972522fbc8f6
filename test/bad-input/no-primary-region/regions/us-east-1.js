module.exports = require("../../base").primary({ traffic: { priority: 3 } });
