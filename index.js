// n8n finds the node and credential through the "n8n" field of package.json;
// this entry point only lets the package be required (e.g. by tooling).
module.exports = {};
