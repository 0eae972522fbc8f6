module.exports = require("../../base").secondary({ name: "us-east-1" });
