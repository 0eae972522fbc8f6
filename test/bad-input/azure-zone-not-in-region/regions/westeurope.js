module.exports = require("../../base").azureRegion({ network: { cidr: "10.40.0.0/16", zones: ["1", "4"] } });
