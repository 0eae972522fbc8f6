module.exports = require("../../base").secondary({ traffic: { priority: 2, weight: 0 } });
