module.exports = require("../../base").platform({ tags: { "aws:cost-center": "ml" } });
