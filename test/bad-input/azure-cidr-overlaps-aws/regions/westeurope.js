module.exports = require("../../base").azureRegion({ network: { cidr: "10.10.128.0/17", zones: ["1", "2"] } });
