module.exports = require("../../base").azureRegion({ name: "swedencentral-prod", region: "swedencentral" });
