module.exports = require("../../base").platform({ tags: { team: 42 } });
