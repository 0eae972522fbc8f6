module.exports = require("../../base").azurePlatform();
