// @ts-check
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * A fresh self-signed certificate for 127.0.0.1 (and localhost), made with
 * Debian's openssl (installed with ca-certificates), so that clients see a
 * real TLS failure: DEPTH_ZERO_SELF_SIGNED_CERT. Valid for two days; nothing
 * is kept on disk afterwards.
 * @returns {{ key: string, cert: string }}
 */
function selfSignedCertificate() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kohomai-sandbox-tls-'));
	try {
		const keyFile = path.join(dir, 'key.pem');
		const certFile = path.join(dir, 'cert.pem');
		// prettier-ignore
		execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
		return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
	} catch (error) {
		throw new Error(
			`The sandbox's HTTPS listener needs openssl on the PATH (Debian: apt-get install openssl): ${/** @type {Error} */ (error).message}`,
		);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { selfSignedCertificate };
