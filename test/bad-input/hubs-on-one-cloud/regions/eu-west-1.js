// A second AWS region; the GCP region stays, so the platform spans two clouds.
module.exports = require("../../base").primary({ name: "eu-west-1", region: "eu-west-1", network: { cidr: "10.20.0.0/16", zones: ["eu-west-1a", "eu-west-1b"] }, traffic: { priority: 3 } });
