module.exports = require("../../base").platform({ suppressions: [{ resource: "us-east-1-cluster/Eks/Cluster", rule: "CKV_AWS_39", reason: "" }] });
