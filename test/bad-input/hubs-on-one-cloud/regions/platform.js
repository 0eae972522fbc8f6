module.exports = require("../../base").platform({ observability: { hubs: { primary: "us-east-1", standby: "eu-west-1" } } });
