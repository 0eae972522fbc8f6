module.exports = require("../../base").secondary({ traffic: { priority: 1 } });
