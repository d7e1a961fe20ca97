'use strict';
// The page a person should finally see once the workflow has resumed: the
// example's last Respond to Webhook redirects the browser here.
const http = require('node:http');

async function startFinalPage() {
	const hits = [];
	const server = http.createServer((req, res) => {
		hits.push(`${req.method} ${req.url}`);
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>Welcome aboard</h1>');
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}/welcome`;
	return { url, hits, stop: () => new Promise((resolve) => server.close(resolve)) };
}

module.exports = { startFinalPage };
