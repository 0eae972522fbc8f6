module.exports = require("../../base").secondary({ name: "asia-south1-mumbai" });
