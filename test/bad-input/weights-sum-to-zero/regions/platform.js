module.exports = require("../../base").platform({ traffic: { routing: "weighted" } });
