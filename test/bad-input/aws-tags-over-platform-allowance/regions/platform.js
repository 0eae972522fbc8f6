// 45 tags pass the 2 default tags' count (48) but not a private subnet's 6 keys; Name is the platform's tag on most AWS resources.
const tags = Object.fromEntries(Array.from({ length: 44 }, (_, i) => [`team-${i}`, "ml"]));
module.exports = require("../../base").platform({ tags: { ...tags, Name: "ml" } });
