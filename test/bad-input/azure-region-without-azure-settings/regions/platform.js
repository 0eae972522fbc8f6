module.exports = require("../../base").platform();
