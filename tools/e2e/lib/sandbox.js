'use strict';
// The local Kohomai API, in this process so that its request log can be read.
const path = require('node:path');
const { REPO_DIR } = require('./host');

async function startSandbox(opts = {}) {
	const { createSandbox } = require(path.join(REPO_DIR, 'tools', 'sandbox'));
	const sb = createSandbox({ port: 0, ...opts });
	const { baseUrl, port } = await sb.start();
	return { sb, baseUrl, port };
}

module.exports = { startSandbox };
