module.exports = require("../../base").secondary();
