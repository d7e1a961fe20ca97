'use strict';
// The three ways to make the same 1000 POST /journeys: the Kohomai node, n8n's
// HTTP Request node (as a user would configure it), and a raw axios loop.
const http = require('node:http');
const axios = require('axios');

// Every subject registers through the sandbox's first API starting point (POST /journeys?ref=).
const STARTING_POINT_REF = 'sbx_ref_0001';

const IN_FLIGHT = 20;

const journeyBody = (p) => ({
	Journey: { User: { Firstname: p.first, Lastname: p.last, ContactPrefs: { Email: p.email } } },
});

const kohomaiNode = (inFlight) => () => ({
	type: 'n8n-nodes-kohomai.kohomai',
	parameters: {
		resource: 'journey',
		operation: 'create',
		// The sandbox's first seeded workflow's API starting point.
		startingPointRef: STARTING_POINT_REF,
		firstName: '={{ $json.first }}',
		lastName: '={{ $json.last }}',
		email: '={{ $json.email }}',
		// No option at all: the default a user gets, adaptive.
		options: inFlight === undefined ? {} : { concurrency: inFlight },
	},
	credentials: { kohomaiApi: { id: '1', name: 'Kohomai' } },
});
const kohomaiAdaptive = { label: 'Kohomai node (adaptive, default)', node: kohomaiNode(undefined) };
const kohomai = { label: 'Kohomai node (fixed 20 in flight)', node: kohomaiNode(IN_FLIGHT) };
// A high fixed number, to compare with the HTTP Request node, which has every item in flight.
const kohomai100 = { label: 'Kohomai node (fixed 100 in flight)', node: kohomaiNode(100) };

// The JSON body the way users write it in the HTTP Request node: a template
// with expressions, resolved then parsed per item.
const JSON_BODY =
	'={ "Journey": { "User": { "Firstname": "{{ $json.first }}", "Lastname": "{{ $json.last }}", "ContactPrefs": { "Email": "{{ $json.email }}" } } } }';

function httpNode({ auth, options = {}, settings }) {
	return ({ baseUrl, key }) => ({
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: {
			method: 'POST',
			url: `${baseUrl}/journeys?ref=${STARTING_POINT_REF}`,
			...(auth === 'credential'
				? { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }
				: {
						sendHeaders: true,
						specifyHeaders: 'keypair',
						headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${key}` }] },
					}),
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: JSON_BODY,
			options,
		},
		credentials: auth === 'credential' ? { httpHeaderAuth: { id: '2', name: 'Kohomai header' } } : {},
		settings,
	});
}

const httpHeader = { label: 'HTTP Request, header parameter', node: httpNode({ auth: 'header' }) };
const httpCredential = { label: 'HTTP Request, Header Auth credential', node: httpNode({ auth: 'credential' }) };
// What a user reaches for under a rate limit: n8n's own batching option...
const httpBatched = {
	label: 'HTTP Request, batching 50 per 1 s',
	node: httpNode({ auth: 'header', options: { batching: { batch: { batchSize: 50, batchInterval: 1000 } } } }),
};
// ...or the node setting "Retry On Fail".
const httpRetry = {
	label: 'HTTP Request, retry on fail 5 x 1 s',
	node: httpNode({ auth: 'header', settings: { retryOnFail: true, maxTries: 5, waitBetweenTries: 1000 } }),
};

// The baseline of the many-executions benchmark: Retry On Fail at its maximum settings (5 tries, 5000 ms apart).
const httpRetryMax = {
	label: 'HTTP Request, Retry On Fail 5 x 5 s (max)',
	node: httpNode({ auth: 'header', settings: { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 } }),
};

/**
 * The floor: keep-alive connections, `inFlight` at a time, nothing else. On 429
 * the request alone waits Retry-After and is sent again (a 429 had no effect).
 */
async function axiosLoop({ baseUrl, key }, people, inFlight = IN_FLIGHT) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
	const client = axios.create({
		baseURL: baseUrl,
		httpAgent: agent,
		proxy: false,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
	});
	const output = new Array(people.length);
	let next = 0;
	let failed = 0;
	const worker = async () => {
		while (next < people.length) {
			const i = next++;
			for (let attempt = 0; ; attempt++) {
				let res;
				try {
					res = await client.post(`/journeys?ref=${STARTING_POINT_REF}`, JSON.stringify(journeyBody(people[i])));
				} catch {
					// A connection reset (e.g. an idle keep-alive socket closed by the server): counted, not repeated.
					failed += 1;
					break;
				}
				if (res.status === 429 && attempt < 8) {
					await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? 1) * 1000));
					continue;
				}
				if (res.status >= 300) failed += 1;
				else output[i] = res.data;
				break;
			}
		}
	};
	await Promise.all(Array.from({ length: inFlight }, worker));
	agent.destroy();
	return { outputs: output.filter(Boolean).length, failed };
}

// The floor at 20 in flight, and with as many in flight as the node's maximum (for 200 ms latency).
const axios20 = { label: 'axios keep-alive loop (20 in flight)', axios: IN_FLIGHT };
const axios500 = { label: 'axios keep-alive loop (500 in flight)', axios: 500 };

module.exports = {
	kohomaiAdaptive,
	kohomai,
	kohomai100,
	httpHeader,
	httpCredential,
	httpBatched,
	httpRetry,
	httpRetryMax,
	axios20,
	axios500,
	axiosLoop,
	IN_FLIGHT,
};
