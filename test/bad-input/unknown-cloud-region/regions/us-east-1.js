module.exports = require("../../base").primary({ region: "us-east-9" });
