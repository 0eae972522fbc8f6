module.exports = require("../../base").platform({ name: "llmplatformx" });
