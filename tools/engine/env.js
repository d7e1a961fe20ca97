// n8n-core reads its settings when it is first loaded, so these must be set
// before anything requires it. Existing values win (CI or a user may set them).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const defaults = {
	N8N_USER_FOLDER: () => fs.mkdtempSync(path.join(os.tmpdir(), 'kohomai-n8n-')),
	N8N_LOG_LEVEL: () => 'silent',
	// n8n blocks loopback addresses by default; the sandbox lives on 127.0.0.1.
	N8N_SSRF_PROTECTION_ENABLED: () => 'false',
	NO_PROXY: () => '127.0.0.1,localhost',
	N8N_DIAGNOSTICS_ENABLED: () => 'false',
};
for (const [name, make] of Object.entries(defaults)) {
	if (process.env[name] === undefined) process.env[name] = make();
}
