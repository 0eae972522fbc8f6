module.exports = require("../../base").platform({ tags: { Team: "ml", team: "research" } });
