module.exports = require("../../base").azureRegion();
