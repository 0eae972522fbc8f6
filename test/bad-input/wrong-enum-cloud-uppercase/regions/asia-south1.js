module.exports = require("../../base").secondary({ cloud: "GCP" });
