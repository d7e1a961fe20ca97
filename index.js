// n8n loads the package through the "n8n" field of package.json, not through
// this file (which is not published). It gives local tooling (demo, benchmarks,
// e2e) the built node and credential classes from one place.
module.exports = {
	get Kohomai() {
		return require('./dist/nodes/Kohomai/Kohomai.node.js').Kohomai;
	},
	get KohomaiApi() {
		return require('./dist/credentials/KohomaiApi.credentials.js').KohomaiApi;
	},
};
