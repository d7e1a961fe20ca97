require('./env');
const { ICredentialsHelper } = require('n8n-workflow');

/**
 * The part of n8n's credentials service that a node run touches: hands out
 * the plain credential data and applies the credential type's `authenticate`
 * (a function, or n8n's generic header/query block) the way n8n does.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(credentialTypes, data) {
		super();
		this.credentialTypes = credentialTypes;
		this.data = data;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.credentialTypes[typeName];
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		if (!type.authenticate || type.authenticate.type !== 'generic') return requestOptions;
		const resolve = (value) =>
			workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				value,
			);
		for (const [where, values] of Object.entries(type.authenticate.properties)) {
			requestOptions[where] = requestOptions[where] ?? {};
			for (const [key, value] of Object.entries(values)) requestOptions[where][resolve(key)] = resolve(value);
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(nodeCredentials, type) {
		return { id: nodeCredentials.id, name: nodeCredentials.name, type, getData: () => this.getData(type) };
	}

	getData(type) {
		const data = this.data[type];
		if (!data) throw new Error(`No test credential of type ${type}`);
		return { ...defaultsOf(this.credentialTypes[type]), ...data };
	}

	async getDecrypted(_additionalData, _nodeCredentials, type) {
		return this.getData(type);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type) {
		return this.credentialTypes[type].properties;
	}
}

function defaultsOf(type) {
	return Object.fromEntries(type.properties.map((p) => [p.name, p.default]));
}

module.exports = { TestCredentialsHelper, defaultsOf };
