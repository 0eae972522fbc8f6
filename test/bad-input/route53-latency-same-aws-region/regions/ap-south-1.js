module.exports = require("../../base").primary({ name: "ap-south-1", region: "ap-south-1", network: { cidr: "10.50.0.0/16", zones: ["ap-south-1a", "ap-south-1b"] }, traffic: { priority: 3 } });
