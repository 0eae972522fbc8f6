module.exports = require("../../base").primary({ serving: { public: "yes" } });
