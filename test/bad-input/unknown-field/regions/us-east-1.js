module.exports = require("../../base").primary({ gpuPool: [] });
