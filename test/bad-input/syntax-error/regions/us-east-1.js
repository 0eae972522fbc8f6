module.exports = { default: { name: "us-east-1", cloud: "aws", 
