'use strict';
// A tiny client for n8n's internal REST API, keeping the n8n-auth cookie the
// editor would hold after login.
class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = '';
	}

	async request(method, path, body, { redirect = 'follow', headers = {} } = {}) {
		const res = await fetch(this.baseUrl + path, {
			method,
			redirect,
			headers: {
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: this.cookie } : {}),
				// n8n's browser-id check ties a session cookie to the client that logged in.
				'browser-id': 'kohomai-e2e',
				...headers,
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [];
		for (const c of setCookie) {
			const m = /^n8n-auth=([^;]*)/.exec(c);
			if (m) this.cookie = `n8n-auth=${m[1]}`;
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json };
	}

	async ok(method, path, body) {
		const res = await this.request(method, path, body);
		if (res.status < 200 || res.status >= 300) {
			throw new Error(`${method} ${path} -> HTTP ${res.status}: ${res.text.slice(0, 500)}`);
		}
		return res.json && 'data' in res.json ? res.json.data : res.json;
	}
}

module.exports = { N8nRest };
