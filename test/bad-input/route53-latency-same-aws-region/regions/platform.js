module.exports = require("../../base").platform({ traffic: { routing: "latency" } });
