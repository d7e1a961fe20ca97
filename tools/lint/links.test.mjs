// The dead-link check (links.mjs) on a small repository written for each
// test: it must flag what is dead and let through what is not.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { anchorsOf, checkRepo, linksOf, slug } from './links.mjs';

function repo(files) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'links-test-'));
	const all = {
		'package.json': JSON.stringify({ repository: { url: 'git+https://github.com/acme/n8n-nodes-x.git' } }),
		...files,
	};
	for (const [f, text] of Object.entries(all)) {
		fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
		fs.writeFileSync(path.join(root, f), text);
	}
	return root;
}

test('GitHub heading ids', () => {
	assert.equal(slug('Try it: two commands'), 'try-it-two-commands');
	assert.equal(slug('What protects the resume URL (n8n 2.41)'), 'what-protects-the-resume-url-n8n-241');
	assert.equal(slug('`N8N_PORT` and _Items in Flight_'), 'n8n_port-and-items-in-flight');
	assert.equal(slug('Ids above 2^53'), 'ids-above-253');
	assert.equal(slug('[Linked](x.md) **bold**'), 'linked-bold');
	assert.deepEqual(
		[...anchorsOf('# A\n## A\n```\n# not a heading\n```\n<a id="custom"></a>\n')],
		['a', 'a-1', 'custom'],
	);
});

test('links inside code are not links', () => {
	const links = linksOf('see `[x](gone.md)` and\n```\n[y](gone.md)\n```\n[z](here.md)\n[ref]: <other.md>\n');
	assert.deepEqual(links, [
		{ line: 5, target: 'here.md' },
		{ line: 6, target: 'other.md' },
	]);
});

test('dead files, dead anchors, own-repository URLs and pending pages', () => {
	const root = repo({
		'README.md': [
			'# Title',
			'## Usage',
			'[ok](docs/a.md#deep-topic) [dead](docs/missing.md) [bad anchor](docs/a.md#nope)',
			'![pic](https://raw.githubusercontent.com/acme/n8n-nodes-x/main/docs/pic.png)',
			'[gone][g] [here](#usage) [external](https://example.com/x.md)',
			'[pending](https://github.com/acme/n8n-nodes-x/blob/main/docs/later.md)',
			'[releases](https://github.com/acme/n8n-nodes-x/releases) [home](https://github.com/acme/n8n-nodes-x#readme)',
			'',
			'[g]: https://github.com/acme/n8n-nodes-x/blob/main/docs/gone.png',
		].join('\n'),
		'docs/a.md': '# Deep topic\n[up](../README.md#title) [folder](../docs/) [self](#deep-topic) [out](../../x.md)\n',
		'docs/pic.png': '',
		'node_modules/x/README.md': '[dead](nowhere.md)',
	});
	const r = checkRepo(root, { pending: ['docs/later.md', 'docs/a.md'] });
	assert.equal(r.files, 2);
	assert.deepEqual(
		r.dead.map((d) => d.replace(/ \(.*$/, '')),
		[
			'README.md:3: docs/missing.md',
			'README.md:3: docs/a.md#nope',
			'README.md:9: https://github.com/acme/n8n-nodes-x/blob/main/docs/gone.png',
			'docs/a.md:2: ../../x.md',
		],
	);
	assert.equal(r.pending.length, 1);
	assert.deepEqual(r.stalePending, ['docs/a.md']);
	assert.equal(r.external, 2);
});
