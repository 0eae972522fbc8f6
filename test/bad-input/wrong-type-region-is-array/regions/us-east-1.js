module.exports = { default: [require("../../base").primary().default] };
